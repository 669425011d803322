import {
  accumulateTradingBenefitUsd,
  ClearingWorkspace,
  clearDoubleAuction,
  DEFAULT_MARKET_CONFIG,
  type MarketConfig,
  orderBookFrom,
} from "../../lib/market";

const noFees: MarketConfig = { ...DEFAULT_MARKET_CONFIG, gridUsageFeeUsdPerMwh: 0, platformFeeUsdPerMwh: 0 };
const interval = { step: 7, feedInPriceUsdPerMwh: 30, retailPriceUsdPerMwh: 120 };

describe("clearDoubleAuction, hand-computed books", () => {
  // Asks 40, 50, 60 and bids 100, 70, 55 (1 MWh each): the two best pairs cross, the third
  // (60 vs 55) does not. Clearing-price interval: [max(50, 55), min(70, 60)] = [55, 60].
  const offers = orderBookFrom([1, 2, 3], [1, 1, 1], [40, 50, 60]);
  const bids = orderBookFrom([10, 11, 12], [1, 1, 1], [100, 70, 55]);

  it("pay-as-clear: volume 2 MWh at the midpoint 57.5 of the clearing interval", () => {
    const r = clearDoubleAuction(offers, bids, noFees, interval);
    expect(r.volumeMwh).toBeCloseTo(2, 12);
    expect(r.clearingPriceUsdPerMwh).toBeCloseTo(57.5, 9);
    expect(Array.from(r.offerFilledMwh)).toEqual([1, 1, 0]);
    expect(Array.from(r.bidFilledMwh)).toEqual([1, 1, 0]);
    expect(r.trades.count).toBe(2);
    expect(r.trades.interval).toBe(7);
    expect(Array.from(r.trades.seller.subarray(0, 2))).toEqual([1, 2]);
    expect(Array.from(r.trades.buyer.subarray(0, 2))).toEqual([10, 11]);
  });

  it("pay-as-bid (k = 1): each pair trades at its buyer's bid", () => {
    const r = clearDoubleAuction(offers, bids, { ...noFees, pricing: "payAsBid" }, interval);
    expect(Array.from(r.trades.priceUsdPerMwh.subarray(0, 2))).toEqual([100, 70]);
    expect(r.clearingPriceUsdPerMwh).toBeCloseTo(85, 9);
  });

  it("bounds: asks below feed-in are raised, bids above retail lowered", () => {
    const o = orderBookFrom([1], [1], [0]);
    const b = orderBookFrom([2], [1], [500]);
    const r = clearDoubleAuction(o, b, noFees, interval);
    expect(r.clearingPriceUsdPerMwh).toBeCloseTo(75, 9); // midpoint of [30, 120]
  });

  it("fees: 6 USD/MWh split evenly narrows the price range to [33, 117]", () => {
    const o = orderBookFrom([1], [2], [0]);
    const b = orderBookFrom([2], [2], [500]);
    const r = clearDoubleAuction(o, b, DEFAULT_MARKET_CONFIG, interval);
    expect(r.clearingPriceUsdPerMwh).toBeCloseTo(75, 9);
    expect(r.feesUsd).toBeCloseTo(12, 9);
    expect(r.offerRevenueUsd[0]).toBeCloseTo(2 * 72, 9);
    expect(r.bidCostUsd[0]).toBeCloseTo(2 * 78, 9);
  });

  it("trading benefit: gain over exporting at feed-in and importing at retail", () => {
    // Uniform price 75 (midpoint of [33, 117]); seller nets 72, buyer pays 78 all-in, 2 MWh each.
    const o = orderBookFrom([1], [2], [0]);
    const b = orderBookFrom([2], [2], [500]);
    const r = clearDoubleAuction(o, b, DEFAULT_MARKET_CONFIG, interval);
    const benefit = new Float64Array(3);
    accumulateTradingBenefitUsd(r, o, b, interval, benefit);
    expect(benefit[1]).toBeCloseTo((72 - 30) * 2, 9);
    expect(benefit[2]).toBeCloseTo((120 - 78) * 2, 9);
    expect(benefit[0]).toBe(0);
  });

  it("rations the marginal level pro rata, whatever the entity ids", () => {
    // 3 MWh of demand at 80 against asks 2 + 4 MWh at 50: each seller sells half its offer.
    const o = orderBookFrom([5, 6], [2, 4], [50, 50]);
    const b = orderBookFrom([9], [3], [80]);
    const r = clearDoubleAuction(o, b, noFees, interval);
    expect(r.offerFilledMwh[0]).toBeCloseTo(1, 12);
    expect(r.offerFilledMwh[1]).toBeCloseTo(2, 12);
    expect(r.clearingPriceUsdPerMwh).toBeCloseTo(50, 9); // rationed sellers set the price
  });

  it("clears nothing when fees exceed the retail / feed-in spread", () => {
    const o = orderBookFrom([1], [1], [0]);
    const b = orderBookFrom([2], [1], [500]);
    const r = clearDoubleAuction(o, b, { ...noFees, gridUsageFeeUsdPerMwh: 100 }, interval);
    expect(r.volumeMwh).toBe(0);
    expect(r.trades.count).toBe(0);
    expect(Number.isNaN(r.clearingPriceUsdPerMwh)).toBe(true);
  });

  it("reuses one workspace across steps and names a malformed row", () => {
    const ws = new ClearingWorkspace();
    clearDoubleAuction(offers, bids, noFees, interval, ws);
    const r = clearDoubleAuction(offers, bids, noFees, { ...interval, step: 8 }, ws);
    expect(r.trades.interval).toBe(8);
    expect(r.volumeMwh).toBeCloseTo(2, 12);
    const bad = orderBookFrom([1], [-1], [40]);
    expect(() => clearDoubleAuction(bad, bids, noFees, interval, ws)).toThrow(/offers\[0\]/);
  });
});
