import {
  type MarketConfig,
  type MarketInterval,
  validateMarketConfig,
  validateMarketInterval,
} from "./config";
import { type OrderBook, validateOrderBook } from "./orderBook";
import { emptyTradeLog, type MutableTradeLog, reserveTradeLog, type TradeLog } from "./tradeLog";

/**
 * The outcome of one interval's clearing. The arrays and the trade log are views into the
 * workspace's buffers: they stay valid until the next `clearDoubleAuction` call on the same
 * workspace (use `copyTradeLog` to keep trades longer).
 */
export interface ClearingResult {
  /** The matched seller-buyer pairs; `trades.count` rows. */
  readonly trades: TradeLog;
  /**
   * payAsClear: the uniform price every trade paid (USD/MWh, before fees).
   * payAsBid: the volume-weighted mean trade price. NaN when nothing cleared.
   */
  readonly clearingPriceUsdPerMwh: number;
  /** Energy traded (MWh) = sum of trades = sum of offer fills = sum of bid fills. */
  readonly volumeMwh: number;
  /** Sum over trades of price x energy (USD, before fees). */
  readonly valueUsd: number;
  /** Fees collected (USD) = buyers' payments - sellers' receipts. */
  readonly feesUsd: number;
  /** Energy sold per offer row (MWh), aligned with the offer book. */
  readonly offerFilledMwh: Float64Array;
  /** Energy bought per bid row (MWh), aligned with the bid book. */
  readonly bidFilledMwh: Float64Array;
  /** What each offer row's seller receives (USD), net of its fee share. */
  readonly offerRevenueUsd: Float64Array;
  /** What each bid row's buyer pays (USD), including its fee share. */
  readonly bidCostUsd: Float64Array;
}

/**
 * Reusable buffers of the clearing (price-level histograms, sort keys, fills, trade log), so a
 * year of steps allocates nothing in the hot path. One workspace per concurrent market.
 */
export class ClearingWorkspace {
  offerKey = new Int32Array(0);
  bidKey = new Int32Array(0);
  offerFilledMwh = new Float64Array(0);
  bidFilledMwh = new Float64Array(0);
  offerRevenueUsd = new Float64Array(0);
  bidCostUsd = new Float64Array(0);
  sortedOffers = new Int32Array(0);
  sortedBids = new Int32Array(0);
  supplyMwhByLevel = new Float64Array(0);
  demandMwhByLevel = new Float64Array(0);
  offerCountByLevel = new Int32Array(0);
  bidCountByLevel = new Int32Array(0);
  readonly trades: MutableTradeLog = emptyTradeLog(0, 0);

  /** Makes room for `nOffers` offers, `nBids` bids and `levels` price levels. */
  reserve(nOffers: number, nBids: number, levels: number): void {
    if (this.offerKey.length < nOffers) {
      const c = Math.max(nOffers, 2 * this.offerKey.length);
      this.offerKey = new Int32Array(c);
      this.offerFilledMwh = new Float64Array(c);
      this.offerRevenueUsd = new Float64Array(c);
      this.sortedOffers = new Int32Array(c);
    }
    if (this.bidKey.length < nBids) {
      const c = Math.max(nBids, 2 * this.bidKey.length);
      this.bidKey = new Int32Array(c);
      this.bidFilledMwh = new Float64Array(c);
      this.bidCostUsd = new Float64Array(c);
      this.sortedBids = new Int32Array(c);
    }
    if (this.supplyMwhByLevel.length < levels) {
      const c = Math.max(levels, 2 * this.supplyMwhByLevel.length);
      this.supplyMwhByLevel = new Float64Array(c);
      this.demandMwhByLevel = new Float64Array(c);
      this.offerCountByLevel = new Int32Array(c);
      this.bidCountByLevel = new Int32Array(c);
    }
    reserveTradeLog(this.trades, nOffers + nBids);
  }
}

/** Slack (in ticks) for rounding a limit onto the price grid, absorbing representation error. */
const TICK_SLACK = 1e-9;

/**
 * Clears one interval's periodic double auction over individual offers and bids.
 *
 * Rule (docs/adr/0200-market-and-kpi-definitions.md):
 * 1. Bounds and fees: with per-MWh fee f split f_b (buyer) + f_s (seller), each ask becomes
 *    a' = max(ask, feedIn) + f_s and each bid b' = min(bid, retail) - f_b; all trade prices lie
 *    in [feedIn + f_s, retail - f_b], so the seller's net price is >= max(ask, feedIn) and the
 *    buyer's all-in price is <= min(bid, retail).
 * 2. Bucketing: a' is rounded up and b' down onto a grid of `tickUsdPerMwh` (counting sort over
 *    price levels, O(n + levels)); rounding is conservative, so no limit is ever violated.
 * 3. Volume: the highest bid levels are matched against the lowest ask levels while bid >= ask;
 *    this attains max_p min(S(p), D(p)), the largest volume any limit-respecting matching has.
 * 4. Rationing: orders on a partially filled (marginal) level are filled pro rata to quantity,
 *    so no entity is favoured by its id.
 * 5. Pairs: fills are paired in price order (bids descending, asks ascending), which keeps
 *    every pair's bid >= ask. Trade count <= filled offers + filled bids - 1.
 * 6. Price: payAsClear uses one price inside the market-clearing interval (see
 *    `MarketConfig.uniformPricePosition`); payAsBid prices each pair at a' + k (b' - a').
 *
 * O(n + L) time with L = price levels (<= 18,001 for a $180/MWh range at $0.01 ticks), no
 * allocation once the workspace has grown.
 */
export function clearDoubleAuction(
  offers: OrderBook,
  bids: OrderBook,
  config: MarketConfig,
  interval: MarketInterval,
  workspace: ClearingWorkspace = new ClearingWorkspace(),
): ClearingResult {
  validateMarketConfig(config);
  validateMarketInterval(interval);
  validateOrderBook(offers, "offers");
  validateOrderBook(bids, "bids");
  const ws = workspace;
  const nO = offers.n;
  const nB = bids.n;

  const feeUsdPerMwh = config.gridUsageFeeUsdPerMwh + config.platformFeeUsdPerMwh;
  const feeBuyer = feeUsdPerMwh * config.buyerFeeShare;
  const feeSeller = feeUsdPerMwh - feeBuyer;
  const floorPrice = interval.feedInPriceUsdPerMwh;
  const ceilPrice = interval.retailPriceUsdPerMwh;
  const lo = floorPrice + feeSeller;
  const hi = ceilPrice - feeBuyer;
  const span = hi - lo;
  let tick = config.tickUsdPerMwh;
  if (span >= 0 && span / tick + 1 > config.maxPriceLevels) tick = span / (config.maxPriceLevels - 1);
  const levels = span >= 0 ? Math.floor(span / tick + TICK_SLACK) + 1 : 0;

  ws.reserve(nO, nB, levels);
  const trades = ws.trades;
  trades.interval = interval.step;
  trades.count = 0;
  const oFill = ws.offerFilledMwh;
  const bFill = ws.bidFilledMwh;
  const oRev = ws.offerRevenueUsd;
  const bCost = ws.bidCostUsd;
  oFill.fill(0, 0, nO);
  bFill.fill(0, 0, nB);
  oRev.fill(0, 0, nO);
  bCost.fill(0, 0, nB);
  const finish = (price: number, volume: number, value: number, fees: number): ClearingResult => ({
    trades,
    clearingPriceUsdPerMwh: price,
    volumeMwh: volume,
    valueUsd: value,
    feesUsd: fees,
    offerFilledMwh: oFill.subarray(0, nO),
    bidFilledMwh: bFill.subarray(0, nB),
    offerRevenueUsd: oRev.subarray(0, nO),
    bidCostUsd: bCost.subarray(0, nB),
  });
  if (levels === 0 || nO === 0 || nB === 0) return finish(Number.NaN, 0, 0, 0);

  // 1-2. Effective limits onto price levels; supply and demand per level.
  const supply = ws.supplyMwhByLevel;
  const demand = ws.demandMwhByLevel;
  supply.fill(0, 0, levels);
  demand.fill(0, 0, levels);
  const oKey = ws.offerKey;
  const bKey = ws.bidKey;
  const oQ = offers.quantityMwh;
  const oP = offers.limitPriceUsdPerMwh;
  const bQ = bids.quantityMwh;
  const bP = bids.limitPriceUsdPerMwh;
  for (let i = 0; i < nO; i++) {
    const q = oQ[i];
    if (!(q > 0)) {
      oKey[i] = -1;
      continue;
    }
    const a = Math.max(oP[i], floorPrice) + feeSeller;
    const k = Math.ceil((a - lo) / tick - TICK_SLACK);
    if (k >= levels) {
      oKey[i] = -1;
      continue;
    }
    const kk = Math.max(k, 0);
    oKey[i] = kk;
    supply[kk] += q;
  }
  for (let j = 0; j < nB; j++) {
    const q = bQ[j];
    if (!(q > 0)) {
      bKey[j] = -1;
      continue;
    }
    const b = Math.min(bP[j], ceilPrice) - feeBuyer;
    const k = Math.floor((b - lo) / tick + TICK_SLACK);
    if (k < 0) {
      bKey[j] = -1;
      continue;
    }
    const kk = k >= levels ? levels - 1 : k;
    bKey[j] = kk;
    demand[kk] += q;
  }

  // 3. Match the highest bid levels with the lowest ask levels while bid >= ask.
  let kb = levels - 1;
  while (kb >= 0 && !(demand[kb] > 0)) kb--;
  let ka = 0;
  while (ka < levels && !(supply[ka] > 0)) ka++;
  let remB = kb >= 0 ? demand[kb] : 0;
  let remA = ka < levels ? supply[ka] : 0;
  let lastB = -1;
  let lastA = -1;
  let matched = 0;
  while (kb >= 0 && ka < levels && kb >= ka) {
    const m = Math.min(remB, remA);
    matched += m;
    lastB = kb;
    lastA = ka;
    remB -= m;
    remA -= m;
    if (remB <= 0) {
      kb--;
      while (kb >= 0 && !(demand[kb] > 0)) kb--;
      remB = kb >= 0 ? demand[kb] : 0;
    }
    if (remA <= 0) {
      ka++;
      while (ka < levels && !(supply[ka] > 0)) ka++;
      remA = ka < levels ? supply[ka] : 0;
    }
  }
  if (!(matched > 0)) return finish(Number.NaN, 0, 0, 0);

  // 4. Fills: levels strictly better than the marginal one in full, the marginal one pro rata.
  const fracA = ka < levels ? (supply[ka] - remA) / supply[ka] : 1;
  const fracB = kb >= 0 ? (demand[kb] - remB) / demand[kb] : 1;
  const oCount = ws.offerCountByLevel;
  const bCount = ws.bidCountByLevel;
  oCount.fill(0, 0, levels);
  bCount.fill(0, 0, levels);
  let maxAskEff = Number.NEGATIVE_INFINITY;
  let minBidEff = Number.POSITIVE_INFINITY;
  let nFilledO = 0;
  let nFilledB = 0;
  for (let i = 0; i < nO; i++) {
    const k = oKey[i];
    if (k < 0 || k > ka) continue;
    const f = k < ka ? oQ[i] : oQ[i] * fracA;
    if (!(f > 0)) continue;
    oFill[i] = f;
    oCount[k]++;
    nFilledO++;
    const a = Math.max(oP[i], floorPrice) + feeSeller;
    if (a > maxAskEff) maxAskEff = a;
  }
  for (let j = 0; j < nB; j++) {
    const k = bKey[j];
    if (k < 0 || k < kb) continue;
    const f = k > kb ? bQ[j] : bQ[j] * fracB;
    if (!(f > 0)) continue;
    bFill[j] = f;
    bCount[k]++;
    nFilledB++;
    const b = Math.min(bP[j], ceilPrice) - feeBuyer;
    if (b < minBidEff) minBidEff = b;
  }

  // 5. Counting sort of the filled orders: offers by ascending level, bids by descending level
  // (stable, so ties keep book order and the output is deterministic).
  let acc = 0;
  for (let k = 0; k < levels; k++) {
    const c = oCount[k];
    oCount[k] = acc;
    acc += c;
  }
  acc = 0;
  for (let k = levels - 1; k >= 0; k--) {
    const c = bCount[k];
    bCount[k] = acc;
    acc += c;
  }
  const sO = ws.sortedOffers;
  const sB = ws.sortedBids;
  for (let i = 0; i < nO; i++) if (oFill[i] > 0) sO[oCount[oKey[i]]++] = i;
  for (let j = 0; j < nB; j++) if (bFill[j] > 0) sB[bCount[bKey[j]]++] = j;

  // 6. Uniform price: inside [max(marginal ask, best unmatched bid), min(marginal bid, best unmatched ask)].
  let uniformPrice = Number.NaN;
  if (config.pricing === "payAsClear") {
    let loT = lastA;
    if (kb >= 0 && kb > loT) loT = kb;
    let hiT = lastB;
    if (ka < levels && ka < hiT) hiT = ka;
    uniformPrice = lo + (loT + config.uniformPricePosition * (hiT - loT)) * tick;
    // Exact limits of the matched orders (rounding onto the grid is conservative up to TICK_SLACK).
    if (uniformPrice < maxAskEff) uniformPrice = maxAskEff;
    if (uniformPrice > minBidEff) uniformPrice = minBidEff;
  }
  const kPab = config.payAsBidPosition;
  const minTrade = config.minTradeMwh;
  const oPart = offers.participant;
  const bPart = bids.participant;

  // Pair the fills in price order; re-accumulate fills from emitted trades so they agree exactly.
  let ia = 0;
  let ib = 0;
  let oi = sO[0];
  let bj = sB[0];
  let ra = oFill[oi];
  let rb = bFill[bj];
  oFill[oi] = 0;
  bFill[bj] = 0;
  let t = 0;
  let volume = 0;
  let value = 0;
  const tSeller = trades.seller;
  const tBuyer = trades.buyer;
  const tEnergy = trades.energyMwh;
  const tPrice = trades.priceUsdPerMwh;
  const tFee = trades.feeUsd;
  for (;;) {
    const m = Math.min(ra, rb);
    if (m >= minTrade && m > 0) {
      let p = uniformPrice;
      if (config.pricing === "payAsBid") {
        const a = Math.max(oP[oi], floorPrice) + feeSeller;
        const b = Math.min(bP[bj], ceilPrice) - feeBuyer;
        p = b >= a ? a + kPab * (b - a) : a;
      }
      tSeller[t] = oPart[oi];
      tBuyer[t] = bPart[bj];
      tEnergy[t] = m;
      tPrice[t] = p;
      tFee[t] = feeUsdPerMwh * m;
      t++;
      oFill[oi] += m;
      bFill[bj] += m;
      oRev[oi] += (p - feeSeller) * m;
      bCost[bj] += (p + feeBuyer) * m;
      volume += m;
      value += p * m;
    }
    ra -= m;
    rb -= m;
    if (ra <= minTrade) {
      if (++ia >= nFilledO) break;
      oi = sO[ia];
      ra = oFill[oi];
      oFill[oi] = 0;
    }
    if (rb <= minTrade) {
      if (++ib >= nFilledB) break;
      bj = sB[ib];
      rb = bFill[bj];
      bFill[bj] = 0;
    }
  }
  // Orders the pairing never reached (floating-point leftovers only) traded nothing.
  for (let r = ia + 1; r < nFilledO; r++) oFill[sO[r]] = 0;
  for (let r = ib + 1; r < nFilledB; r++) bFill[sB[r]] = 0;
  trades.count = t;
  if (t === 0) return finish(Number.NaN, 0, 0, 0);
  const price = config.pricing === "payAsClear" ? uniformPrice : value / volume;
  return finish(price, volume, value, feeUsdPerMwh * volume);
}
