import fc from "fast-check";
import {
  accumulateTradingBenefitUsd,
  beginBucketedClearing,
  bidLevel,
  type ClearingResult,
  ClearingWorkspace,
  clearDoubleAuction,
  DEFAULT_MARKET_CONFIG,
  type MarketConfig,
  type MarketInterval,
  type OrderBook,
  offerLevel,
  orderBookFrom,
} from "../../lib/market";

/** Ids: offer row i belongs to entity i, bid row j to entity BID_ID0 + j, so trades map back to rows. */
const BID_ID0 = 1000;
const TOL = 1e-9;

interface Case {
  offers: OrderBook;
  bids: OrderBook;
  config: MarketConfig;
  interval: MarketInterval;
}

const order = (priceArb: fc.Arbitrary<number>) =>
  fc.record({ q: fc.double({ min: 0, max: 5, noNaN: true }), p: priceArb });

/** Integer-dollar limits, often from a narrow band so that ties at one price level are common. */
const gridPrice = fc.oneof(fc.integer({ min: 40, max: 60 }), fc.integer({ min: -10, max: 220 }));

/** Books with integer-dollar limits, bounds and fees, so every limit lies on the price grid. */
const gridCase = fc
  .record({
    offers: fc.array(order(gridPrice), { maxLength: 25 }),
    bids: fc.array(order(gridPrice), { maxLength: 25 }),
    feedIn: fc.integer({ min: 0, max: 80 }),
    spread: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 150 })),
    feeUsdPerMwh: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })),
    buyerFeeShare: fc.constantFrom(0, 0.5, 1),
    pricing: fc.constantFrom("payAsClear" as const, "payAsBid" as const),
    position: fc.constantFrom(0, 0.25, 0.5, 1),
  })
  .map((r): Case => toCase(r));

/** Books with arbitrary real limits (off the price grid). */
const realCase = fc
  .record({
    offers: fc.array(order(fc.double({ min: 0, max: 200, noNaN: true })), { maxLength: 25 }),
    bids: fc.array(order(fc.double({ min: 0, max: 200, noNaN: true })), { maxLength: 25 }),
    feedIn: fc.double({ min: 0, max: 80, noNaN: true }),
    spread: fc.double({ min: 0, max: 150, noNaN: true }),
    feeUsdPerMwh: fc.double({ min: 0, max: 12, noNaN: true }),
    buyerFeeShare: fc.double({ min: 0, max: 1, noNaN: true }),
    pricing: fc.constantFrom("payAsClear" as const, "payAsBid" as const),
    position: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((r): Case => toCase(r));

function toCase(r: {
  offers: { q: number; p: number }[];
  bids: { q: number; p: number }[];
  feedIn: number;
  spread: number;
  feeUsdPerMwh: number;
  buyerFeeShare: number;
  pricing: "payAsClear" | "payAsBid";
  position: number;
}): Case {
  return {
    offers: orderBookFrom(
      r.offers.map((_, i) => i),
      r.offers.map((o) => o.q),
      r.offers.map((o) => o.p),
    ),
    bids: orderBookFrom(
      r.bids.map((_, j) => BID_ID0 + j),
      r.bids.map((o) => o.q),
      r.bids.map((o) => o.p),
    ),
    config: {
      ...DEFAULT_MARKET_CONFIG,
      pricing: r.pricing,
      uniformPricePosition: r.position,
      payAsBidPosition: r.position,
      gridUsageFeeUsdPerMwh: r.feeUsdPerMwh,
      platformFeeUsdPerMwh: 0,
      buyerFeeShare: r.buyerFeeShare,
    },
    interval: { step: 1, feedInPriceUsdPerMwh: r.feedIn, retailPriceUsdPerMwh: r.feedIn + r.spread },
  };
}

function fees(c: MarketConfig) {
  const f = c.gridUsageFeeUsdPerMwh + c.platformFeeUsdPerMwh;
  return { f, fb: f * c.buyerFeeShare, fs: f - f * c.buyerFeeShare };
}
/** The seller's effective ask: its limit raised to feed-in, plus its fee share. */
const askEff = (c: Case, i: number) =>
  Math.max(c.offers.limitPriceUsdPerMwh[i], c.interval.feedInPriceUsdPerMwh) + fees(c.config).fs;
/** The buyer's effective bid: its limit lowered to retail, minus its fee share. */
const bidEff = (c: Case, j: number) =>
  Math.min(c.bids.limitPriceUsdPerMwh[j], c.interval.retailPriceUsdPerMwh) - fees(c.config).fb;

/**
 * Reference maximum volume, O(n^2) and independent of the clearing's level walk:
 * max over candidate prices p (every effective limit) of min(S(p), D(p)), with
 * S(p) = quantity asked at <= p and D(p) = quantity bid at >= p. `bidShift` lowers all bids.
 */
function bruteForceVolume(c: Case, bidShift = 0): number {
  const candidates: number[] = [];
  for (let i = 0; i < c.offers.n; i++) candidates.push(askEff(c, i));
  for (let j = 0; j < c.bids.n; j++) candidates.push(bidEff(c, j) - bidShift);
  let best = 0;
  for (const p of candidates) {
    let s = 0;
    let d = 0;
    for (let i = 0; i < c.offers.n; i++) if (askEff(c, i) <= p) s += c.offers.quantityMwh[i];
    for (let j = 0; j < c.bids.n; j++) if (bidEff(c, j) - bidShift >= p) d += c.bids.quantityMwh[j];
    best = Math.max(best, Math.min(s, d));
  }
  return best;
}

function checkInvariants(c: Case, r: ClearingResult): void {
  const { f, fb, fs } = fees(c.config);
  const t = r.trades;
  const soldByRow = new Float64Array(c.offers.n);
  const boughtByRow = new Float64Array(c.bids.n);
  let tradeEnergy = 0;
  let tradeFees = 0;
  for (let k = 0; k < t.count; k++) {
    const i = t.seller[k];
    const j = t.buyer[k] - BID_ID0;
    const e = t.energyMwh[k];
    const p = t.priceUsdPerMwh[k];
    expect(e).toBeGreaterThan(0);
    // no buyer pays above its bid (nor above retail), all-in
    expect(p + fb).toBeLessThanOrEqual(
      Math.min(c.bids.limitPriceUsdPerMwh[j], c.interval.retailPriceUsdPerMwh) + TOL,
    );
    // no seller receives below its ask (nor below feed-in), net of fees
    expect(p - fs).toBeGreaterThanOrEqual(
      Math.max(c.offers.limitPriceUsdPerMwh[i], c.interval.feedInPriceUsdPerMwh) - TOL,
    );
    // gross prices stay within [feed-in, retail]
    expect(p).toBeGreaterThanOrEqual(c.interval.feedInPriceUsdPerMwh - TOL);
    expect(p).toBeLessThanOrEqual(c.interval.retailPriceUsdPerMwh + TOL);
    if (c.config.pricing === "payAsClear") {
      // one price, inside every matched pair's limits
      expect(p).toBe(r.clearingPriceUsdPerMwh);
      expect(p).toBeGreaterThanOrEqual(askEff(c, i) - TOL);
      expect(p).toBeLessThanOrEqual(bidEff(c, j) + TOL);
    }
    expect(t.feeUsd[k]).toBeCloseTo(f * e, 9);
    soldByRow[i] += e;
    boughtByRow[j] += e;
    tradeEnergy += e;
    tradeFees += t.feeUsd[k];
  }
  // matched quantities balance, and agree with the per-order fills
  const scale = 1 + tradeEnergy;
  let sold = 0;
  let bought = 0;
  for (let i = 0; i < c.offers.n; i++) {
    expect(Math.abs(soldByRow[i] - r.offerFilledMwh[i])).toBeLessThanOrEqual(TOL * scale);
    expect(r.offerFilledMwh[i]).toBeLessThanOrEqual(c.offers.quantityMwh[i] * (1 + TOL));
    sold += r.offerFilledMwh[i];
  }
  for (let j = 0; j < c.bids.n; j++) {
    expect(Math.abs(boughtByRow[j] - r.bidFilledMwh[j])).toBeLessThanOrEqual(TOL * scale);
    expect(r.bidFilledMwh[j]).toBeLessThanOrEqual(c.bids.quantityMwh[j] * (1 + TOL));
    bought += r.bidFilledMwh[j];
  }
  expect(Math.abs(sold - bought)).toBeLessThanOrEqual(TOL * scale);
  expect(Math.abs(r.volumeMwh - tradeEnergy)).toBeLessThanOrEqual(TOL * scale);
  // money balances net of fees: buyers pay = sellers receive + fees collected
  let paid = 0;
  let received = 0;
  for (let j = 0; j < c.bids.n; j++) paid += r.bidCostUsd[j];
  for (let i = 0; i < c.offers.n; i++) received += r.offerRevenueUsd[i];
  const moneyScale = 1 + paid;
  expect(Math.abs(paid - received - r.feesUsd)).toBeLessThanOrEqual(1e-9 * moneyScale);
  expect(Math.abs(r.feesUsd - tradeFees)).toBeLessThanOrEqual(1e-9 * moneyScale);
  // every participant gains over the grid alternative (what the fairness indices need)
  const benefit = new Float64Array(BID_ID0 + c.bids.n);
  accumulateTradingBenefitUsd(r, c.offers, c.bids, c.interval, benefit);
  let minBenefit = 0;
  for (const x of benefit) minBenefit = Math.min(minBenefit, x);
  expect(minBenefit).toBeGreaterThanOrEqual(-1e-9 * moneyScale);
}

describe("clearDoubleAuction properties (fast-check)", () => {
  const ws = new ClearingWorkspace();

  it("holds limits, balance and money on grid-aligned books; volume equals the brute-force maximum", () => {
    fc.assert(
      fc.property(gridCase, (c) => {
        const r = clearDoubleAuction(c.offers, c.bids, c.config, c.interval, ws);
        checkInvariants(c, r);
        const ref = bruteForceVolume(c);
        expect(Math.abs(r.volumeMwh - ref)).toBeLessThanOrEqual(1e-9 * (1 + ref));
      }),
      { numRuns: 400, seed: 20260101 },
    );
  });

  it("holds limits, balance and money on off-grid books; volume within one rounding of the maximum", () => {
    fc.assert(
      fc.property(realCase, (c) => {
        const r = clearDoubleAuction(c.offers, c.bids, c.config, c.interval, ws);
        checkInvariants(c, r);
        // Conservative rounding can only drop pairs closer than two ticks; the rounding slack
        // (1e-9 tick) may admit a pair crossing by less than 1e-9 USD/MWh.
        const tick = c.config.tickUsdPerMwh;
        expect(r.volumeMwh).toBeLessThanOrEqual(bruteForceVolume(c, -1e-9) * (1 + 1e-9) + 1e-12);
        expect(r.volumeMwh).toBeGreaterThanOrEqual(bruteForceVolume(c, 2 * tick) * (1 - 1e-9) - 1e-9);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("is deterministic and independent of the workspace's history", () => {
    fc.assert(
      fc.property(gridCase, gridCase, (a, b) => {
        const fresh = clearDoubleAuction(a.offers, a.bids, a.config, a.interval);
        const copyFresh = Array.from(fresh.trades.energyMwh.subarray(0, fresh.trades.count));
        clearDoubleAuction(b.offers, b.bids, b.config, b.interval, ws);
        const reused = clearDoubleAuction(a.offers, a.bids, a.config, a.interval, ws);
        expect(Array.from(reused.trades.energyMwh.subarray(0, reused.trades.count))).toEqual(copyFresh);
        expect(Object.is(reused.clearingPriceUsdPerMwh, fresh.clearingPriceUsdPerMwh)).toBe(true);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it("records at most filled offers + filled bids - 1 trades", () => {
    fc.assert(
      fc.property(gridCase, (c) => {
        const r = clearDoubleAuction(c.offers, c.bids, c.config, c.interval, ws);
        const filled = [...r.offerFilledMwh, ...r.bidFilledMwh].filter((x) => x > 0).length;
        expect(r.trades.count).toBeLessThanOrEqual(Math.max(0, filled - 1));
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it("bucketed while building (the city env's path) gives the same result, byte for byte", () => {
    const wsB = new ClearingWorkspace();
    /** Buckets a book the way beginBucketedClearing documents, from the exported level functions. */
    const bucket = (
      book: OrderBook,
      level: (p: number) => number,
      key: Int32Array,
      qty: Float64Array,
      count: Int32Array,
    ) => {
      for (let i = 0; i < book.n; i++) {
        const q = book.quantityMwh[i];
        const k = q > 0 ? level(book.limitPriceUsdPerMwh[i]) : -1;
        key[i] = k;
        if (k >= 0) {
          qty[k] += q;
          count[k]++;
        }
      }
    };
    fc.assert(
      fc.property(fc.oneof(gridCase, realCase), (c) => {
        const plain = clearDoubleAuction(c.offers, c.bids, c.config, c.interval, ws);
        const want = {
          trades: [...plain.trades.seller.subarray(0, plain.trades.count)],
          energy: [...plain.trades.energyMwh.subarray(0, plain.trades.count)],
          price: [...plain.trades.priceUsdPerMwh.subarray(0, plain.trades.count)],
          oFill: [...plain.offerFilledMwh],
          bCost: [...plain.bidCostUsd],
          clearing: plain.clearingPriceUsdPerMwh,
        };
        const tm = beginBucketedClearing(c.config, c.interval, wsB, c.offers.n, c.bids.n);
        bucket(c.offers, (p) => offerLevel(tm, p), wsB.offerKey, wsB.supplyMwhByLevel, wsB.offerCountByLevel);
        bucket(c.bids, (p) => bidLevel(tm, p), wsB.bidKey, wsB.demandMwhByLevel, wsB.bidCountByLevel);
        const r = clearDoubleAuction(c.offers, c.bids, c.config, c.interval, wsB, true);
        expect([...r.trades.seller.subarray(0, r.trades.count)]).toEqual(want.trades);
        expect([...r.trades.energyMwh.subarray(0, r.trades.count)]).toEqual(want.energy);
        expect([...r.trades.priceUsdPerMwh.subarray(0, r.trades.count)]).toEqual(want.price);
        expect([...r.offerFilledMwh]).toEqual(want.oFill);
        expect([...r.bidCostUsd]).toEqual(want.bCost);
        expect(Object.is(r.clearingPriceUsdPerMwh, want.clearing)).toBe(true);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe("clearDoubleAuction, misuse", () => {
  const c = {
    offers: orderBookFrom([1, 2], [1, 1], [40, 50]),
    bids: orderBookFrom([10, 11], [1, 1], [100, 70]),
    interval: { step: 0, feedInPriceUsdPerMwh: 30, retailPriceUsdPerMwh: 120 },
  };

  it("a result's fills read after the next clearing on the same workspace throw, not return the next interval's", () => {
    const ws = new ClearingWorkspace();
    const first = clearDoubleAuction(c.offers, c.bids, DEFAULT_MARKET_CONFIG, c.interval, ws);
    const fills = [...first.offerFilledMwh]; // read before the next clearing: fine
    expect(fills[0]).toBeGreaterThan(0);
    const again = clearDoubleAuction(c.offers, c.bids, DEFAULT_MARKET_CONFIG, c.interval, ws);
    expect(() => first.bidFilledMwh).toThrow(/after the next clearing/);
    expect([...again.offerFilledMwh]).toEqual(fills);
  });

  it("a bucketed clearing without beginBucketedClearing, or for other prices, names the fix", () => {
    const ws = new ClearingWorkspace();
    expect(() => clearDoubleAuction(c.offers, c.bids, DEFAULT_MARKET_CONFIG, c.interval, ws, true)).toThrow(
      /beginBucketedClearing/,
    );
    beginBucketedClearing(DEFAULT_MARKET_CONFIG, c.interval, ws, 2, 2);
    const other = { ...c.interval, retailPriceUsdPerMwh: 150 };
    expect(() => clearDoubleAuction(c.offers, c.bids, DEFAULT_MARKET_CONFIG, other, ws, true)).toThrow(
      /other prices or fees/,
    );
    beginBucketedClearing(DEFAULT_MARKET_CONFIG, c.interval, ws, 1, 1);
    const big = orderBookFrom([1, 2, 3, 4], [1, 1, 1, 1], [40, 41, 42, 43]);
    expect(ws.offerKey.length).toBeLessThan(4); // a fresh workspace reserves exactly what it is asked for
    expect(() => clearDoubleAuction(big, c.bids, DEFAULT_MARKET_CONFIG, c.interval, ws, true)).toThrow(
      /reserved/,
    );
  });
});
