import { ConfigError } from "../core/errors";
import {
  type MarketConfig,
  type MarketInterval,
  validateMarketConfig,
  validateMarketInterval,
} from "./config";
import { type OrderBook, orderBookCapacity, validateOrderBook } from "./orderBook";
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

/** Scalars of one clearing's level walk and marginal orders (kept in the workspace). */
class ClearingState {
  /** Highest bid level with unmatched quantity left (-1: none). */
  kb = -1;
  /** Lowest ask level with unmatched quantity left (= levels: none). */
  ka = 0;
  remB = 0;
  remA = 0;
  /** Lowest bid level and highest ask level that traded. */
  lastB = -1;
  lastA = -1;
  matchedMwh = 0;
  /** Exact effective limits of the marginal matched orders. */
  maxAsk = Number.NEGATIVE_INFINITY;
  minBid = Number.POSITIVE_INFINITY;
  nFilledO = 0;
  nFilledB = 0;
  volumeMwh = 0;
  valueUsd = 0;
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
  /** Filled orders gathered in price order (fill, then traded energy; owner; effective limit; cash). */
  sortedOfferMwh = new Float64Array(0);
  sortedBidMwh = new Float64Array(0);
  sortedOfferOwner = new Int32Array(0);
  sortedBidOwner = new Int32Array(0);
  sortedOfferLimit = new Float64Array(0);
  sortedBidLimit = new Float64Array(0);
  sortedOfferUsd = new Float64Array(0);
  sortedBidUsd = new Float64Array(0);
  supplyMwhByLevel = new Float64Array(0);
  demandMwhByLevel = new Float64Array(0);
  offerCountByLevel = new Int32Array(0);
  bidCountByLevel = new Int32Array(0);
  readonly trades: MutableTradeLog = emptyTradeLog(0, 0);
  readonly state = new ClearingState();
  /** The pairing loop's current offer and bid positions, and the trade rows where they began. */
  readonly pairCursor = new Int32Array(4);
  /** Exact effective limits of the marginal matched orders: [max ask, min bid]. */
  readonly marginalLimit = new Float64Array(2);
  /** The pairing's volume (MWh) and value (USD) over the logged trades. */
  readonly pairSums = new Float64Array(2);
  /**
   * Counts clearings on this workspace (a result checks it before scattering its fills). After a
   * clearing, positions [0, state.nFilledO) of sortedOffers / sortedOfferMwh / sortedOfferUsd /
   * sortedOfferOwner hold each filled offer's book row, traded energy, cash (net of fee) and owner,
   * in book order for payAsClear and price order for payAsBid; likewise for bids.
   */
  generation = 0;
  /** Terms of a clearing begun by beginBucketedClearing and not yet run. */
  bucketedFor: ClearingTerms | null = null;

  /** Makes room for `nOffers` offers, `nBids` bids and `levels` price levels. */
  reserve(nOffers: number, nBids: number, levels: number): void {
    if (this.offerKey.length < nOffers) {
      const c = Math.max(nOffers, 2 * this.offerKey.length);
      this.offerKey = new Int32Array(c);
      this.offerFilledMwh = new Float64Array(c);
      this.offerRevenueUsd = new Float64Array(c);
      this.sortedOffers = new Int32Array(c);
      this.sortedOfferMwh = new Float64Array(c);
      this.sortedOfferOwner = new Int32Array(c);
      this.sortedOfferLimit = new Float64Array(c);
      this.sortedOfferUsd = new Float64Array(c);
    }
    if (this.bidKey.length < nBids) {
      const c = Math.max(nBids, 2 * this.bidKey.length);
      this.bidKey = new Int32Array(c);
      this.bidFilledMwh = new Float64Array(c);
      this.bidCostUsd = new Float64Array(c);
      this.sortedBids = new Int32Array(c);
      this.sortedBidMwh = new Float64Array(c);
      this.sortedBidOwner = new Int32Array(c);
      this.sortedBidLimit = new Float64Array(c);
      this.sortedBidUsd = new Float64Array(c);
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

/** Prices, fees and price grid of one clearing, derived once from the config and the interval. */
export interface ClearingTerms {
  readonly feeUsdPerMwh: number;
  readonly feeBuyer: number;
  readonly feeSeller: number;
  /** Feed-in and retail price of the interval. */
  readonly floorPrice: number;
  readonly ceilPrice: number;
  /** Lowest and highest tradable gross price: feedIn + feeSeller, retail - feeBuyer. */
  readonly lo: number;
  readonly tick: number;
  readonly invTick: number;
  readonly levels: number;
  /** feeBuyer + lo: a bid's effective limit is min(bid, retail) - bidShift above the grid's bottom. */
  readonly bidShift: number;
  readonly payAsClear: boolean;
}

type Terms = ClearingTerms;

function termsOf(config: MarketConfig, interval: MarketInterval): Terms {
  const feeUsdPerMwh = config.gridUsageFeeUsdPerMwh + config.platformFeeUsdPerMwh;
  const feeBuyer = feeUsdPerMwh * config.buyerFeeShare;
  const feeSeller = feeUsdPerMwh - feeBuyer;
  const floorPrice = interval.feedInPriceUsdPerMwh;
  const ceilPrice = interval.retailPriceUsdPerMwh;
  const lo = floorPrice + feeSeller;
  const span = ceilPrice - feeBuyer - lo;
  let tick = config.tickUsdPerMwh;
  if (span >= 0 && span / tick + 1 > config.maxPriceLevels) tick = span / (config.maxPriceLevels - 1);
  const invTick = 1 / tick;
  const levels = span >= 0 ? Math.floor(span * invTick + TICK_SLACK) + 1 : 0;
  return {
    feeUsdPerMwh,
    feeBuyer,
    feeSeller,
    floorPrice,
    ceilPrice,
    lo,
    tick,
    invTick,
    levels,
    bidShift: feeBuyer + lo,
    payAsClear: config.pricing === "payAsClear",
  };
}

/**
 * Price level of an ask (step 2 of the rule: ceil((max(ask, feedIn) - feedIn) / tick), at least 0),
 * or -1 if it lies above the grid. The one definition, used by the auction's own bucketing and by
 * producers that bucket while they build (`beginBucketedClearing`).
 */
export function offerLevel(tm: ClearingTerms, ask: number): number {
  const k = Math.ceil((Math.max(ask, tm.floorPrice) - tm.floorPrice) * tm.invTick - TICK_SLACK);
  return k >= tm.levels ? -1 : Math.max(k, 0);
}

/**
 * Records row `row` of one side at price level k (from offerLevel / bidLevel; -1: cannot trade)
 * with quantity q: its key, and the level's quantity and order count.
 */
export function recordLevel(
  key: Int32Array,
  qtyByLevel: Float64Array,
  countByLevel: Int32Array,
  row: number,
  k: number,
  q: number,
): void {
  key[row] = k;
  if (k >= 0) {
    qtyByLevel[k] += q;
    countByLevel[k]++;
  }
}

/** Price level of a bid: floor((min(bid, retail) - feeBuyer - lo) / tick), at most the top; -1 below the grid. */
export function bidLevel(tm: ClearingTerms, bid: number): number {
  const k = Math.floor((Math.min(bid, tm.ceilPrice) - tm.bidShift) * tm.invTick + TICK_SLACK);
  return k < 0 ? -1 : Math.min(k, tm.levels - 1);
}

/**
 * Clears one interval's periodic double auction over individual offers and bids.
 *
 * Rule (docs/adr/0200-market-and-kpi-definitions.md):
 * 1. Bounds and fees: with per-MWh fee f split f_b (buyer) + f_s (seller), each ask becomes
 *    a' = max(ask, feedIn) + f_s and each bid b' = min(bid, retail) - f_b; all trade prices lie
 *    in [feedIn + f_s, retail - f_b], so the seller's net price is >= max(ask, feedIn) and the
 *    buyer's all-in price is <= min(bid, retail).
 * 2. Bucketing: a' is rounded up and b' down onto a grid of `tickUsdPerMwh` (counting sort over
 *    price levels, O(n + levels)); rounding is conservative, so no limit is violated (beyond a
 *    1e-9-tick slack for representation error).
 * 3. Volume: the highest bid levels are matched against the lowest ask levels while bid >= ask;
 *    this attains max_p min(S(p), D(p)), the largest volume any limit-respecting matching has.
 * 4. Rationing: orders on a partially filled (marginal) level are filled pro rata to quantity,
 *    so no entity is favoured by its id.
 * 5. Pairs: payAsBid pairs fills in price order (bids descending, asks ascending), which keeps
 *    every pair's bid >= ask; payAsClear pairs them in book order (one price for all trades,
 *    inside every matched order's limits, so any pairing is valid and no sort is needed).
 *    Trade count <= filled offers + filled bids - 1.
 * 6. Price: payAsClear uses one price inside the market-clearing interval (see
 *    `MarketConfig.uniformPricePosition`); payAsBid prices each pair at a' + k (b' - a').
 *
 * O(n + L) time with L = price levels (<= 18,001 for a $180/MWh range at $0.01 ticks), no
 * allocation once the workspace has grown beyond the small result object. Each phase is its
 * own function so that V8 optimises each on its own type feedback.
 */
export function clearDoubleAuction(
  offers: OrderBook,
  bids: OrderBook,
  config: MarketConfig,
  interval: MarketInterval,
  workspace: ClearingWorkspace = new ClearingWorkspace(),
  bucketed = false,
): ClearingResult {
  validateMarketConfig(config);
  validateMarketInterval(interval);
  checkBookSize(offers, "offers");
  checkBookSize(bids, "bids");
  const ws = workspace;
  const nO = offers.n;
  const nB = bids.n;
  const tm = termsOf(config, interval);
  const levels = tm.levels;
  ws.generation++; // first, so that a result of an earlier clearing never reads this one's state
  ws.trades.interval = interval.step;
  ws.trades.count = 0;
  if (bucketed) {
    // 1-2 done by the caller while it built the books (beginBucketedClearing).
    checkBucketed(ws, tm, nO, nB);
    reserveTradeLog(ws.trades, nO + nB);
  } else {
    ws.reserve(nO, nB, levels);
    zeroLevels(ws, levels);
    // 1-2. Validate, bucket onto price levels, histogram supply, demand and order counts.
    bucketOffers(offers, tm, ws.offerKey, ws.supplyMwhByLevel, ws.offerCountByLevel);
    bucketBids(bids, tm, ws.bidKey, ws.demandMwhByLevel, ws.bidCountByLevel);
  }
  if (levels === 0 || nO === 0 || nB === 0) return emptyResult(ws, nO, nB);

  // 3. Volume.
  const st = ws.state;
  matchLevels(ws.supplyMwhByLevel, ws.demandMwhByLevel, levels, st);
  if (!(st.matchedMwh > 0)) return emptyResult(ws, nO, nB);

  // 4-5. payAsBid prices each pair from its own limits, so fills are paired in price order:
  // offsets of a stable counting sort (offers ascending, bids descending by level) over the
  // levels that can fill (the marginal level comes last, so its unfilled orders leave no gaps).
  // payAsClear trades everything at one price inside every matched order's limits, so any
  // pairing is valid: the filled orders are compacted in book order instead (sequential writes).
  const sorted = !tm.payAsClear;
  if (sorted) {
    let acc = 0;
    const oCount = ws.offerCountByLevel;
    for (let k = 0, top = Math.min(st.ka, levels - 1); k <= top; k++) {
      const c = oCount[k];
      oCount[k] = acc;
      acc += c;
    }
    acc = 0;
    const bCount = ws.bidCountByLevel;
    for (let k = levels - 1, bottom = Math.max(st.kb, 0); k >= bottom; k--) {
      const c = bCount[k];
      bCount[k] = acc;
      acc += c;
    }
  }
  // Target fills (pro rata on the marginal level), gathered contiguously in the same pass.
  st.nFilledO = fillAndGatherOffers(offers, tm, ws, st, sorted);
  st.nFilledB = fillAndGatherBids(bids, tm, ws, st, sorted);
  st.maxAsk = ws.marginalLimit[0];
  st.minBid = ws.marginalLimit[1];

  // 6. Uniform price inside [max(marginal ask, best unmatched bid), min(marginal bid, best
  // unmatched ask)], clamped to the marginal matched orders' exact limits.
  let uniformPrice = Number.NaN;
  if (tm.payAsClear) {
    let loT = st.lastA;
    if (st.kb >= 0 && st.kb > loT) loT = st.kb;
    let hiT = st.lastB;
    if (st.ka < levels && st.ka < hiT) hiT = st.ka;
    uniformPrice = tm.lo + (loT + config.uniformPricePosition * (hiT - loT)) * tm.tick;
    if (uniformPrice < st.maxAsk) uniformPrice = st.maxAsk;
    if (uniformPrice > st.minBid) uniformPrice = st.minBid;
  }

  // 7. Pair the fills into trades.
  pairFills(config, tm, uniformPrice, ws, st);
  if (ws.trades.count === 0) return emptyResult(ws, nO, nB);
  const price = tm.payAsClear ? uniformPrice : st.valueUsd / st.volumeMwh;
  return resultOf(ws, nO, nB, price, st.volumeMwh, st.valueUsd, tm.feeUsdPerMwh * st.volumeMwh);
}

const FINITE_MAX = Number.MAX_VALUE;

function zeroLevels(ws: ClearingWorkspace, levels: number): void {
  ws.supplyMwhByLevel.fill(0, 0, levels);
  ws.demandMwhByLevel.fill(0, 0, levels);
  ws.offerCountByLevel.fill(0, 0, levels);
  ws.bidCountByLevel.fill(0, 0, levels);
}

/**
 * Starts a clearing whose books the caller buckets while it builds them, so the auction does not
 * read the books a second time to bucket them (the city env builds ~38,000 orders a step). Makes
 * room for `maxOffers` / `maxBids` rows, zeroes the level histograms and returns the interval's
 * terms. The caller then records every offer row i it adds with quantity q > 0 and ask a:
 *   recordLevel(ws.offerKey, ws.supplyMwhByLevel, ws.offerCountByLevel, i, offerLevel(terms, a), q)
 * and the same for bids with bidLevel, bidKey, demandMwhByLevel, bidCountByLevel (rows with q = 0
 * get key -1), and calls clearDoubleAuction(offers, bids, config, interval, ws, true) with the same
 * config and interval. Rows are not validated again: the caller guarantees finite, non-negative
 * quantities and finite prices (the auction's own bucketing checks them).
 */
export function beginBucketedClearing(
  config: MarketConfig,
  interval: MarketInterval,
  ws: ClearingWorkspace,
  maxOffers: number,
  maxBids: number,
): ClearingTerms {
  validateMarketConfig(config);
  validateMarketInterval(interval);
  const tm = termsOf(config, interval);
  ws.reserve(maxOffers, maxBids, tm.levels);
  zeroLevels(ws, tm.levels);
  ws.bucketedFor = tm;
  return tm;
}

/** A bucketed clearing must follow beginBucketedClearing with the same terms and fit its room. */
function checkBucketed(ws: ClearingWorkspace, tm: Terms, nO: number, nB: number): void {
  const b = ws.bucketedFor;
  ws.bucketedFor = null;
  if (
    b === null ||
    b.floorPrice !== tm.floorPrice ||
    b.ceilPrice !== tm.ceilPrice ||
    b.tick !== tm.tick ||
    b.levels !== tm.levels ||
    b.feeBuyer !== tm.feeBuyer ||
    b.feeSeller !== tm.feeSeller
  ) {
    throw new ConfigError(
      b === null
        ? "no books were bucketed for this clearing"
        : "the books were bucketed for other prices or fees",
      "clearDoubleAuction(..., bucketed = true)",
      "call beginBucketedClearing(config, interval, ws, ...) with the same config and interval before building the books",
    );
  }
  if (nO > ws.offerKey.length || nB > ws.bidKey.length) {
    throw new ConfigError(
      `${nO} offers / ${nB} bids exceed the ${ws.offerKey.length} / ${ws.bidKey.length} rows reserved`,
      "beginBucketedClearing(maxOffers, maxBids)",
      "reserve at least as many rows as the books hold",
    );
  }
}

/** Offer levels (`offerLevel`); -1 if empty or above the range. Validates every row. */
function bucketOffers(
  book: OrderBook,
  tm: Terms,
  key: Int32Array,
  supply: Float64Array,
  count: Int32Array,
): void {
  const q = book.quantityMwh;
  const p = book.limitPriceUsdPerMwh;
  for (let i = 0; i < book.n; i++) {
    const qi = q[i];
    const pi = p[i];
    if (!(qi >= 0 && qi <= FINITE_MAX && pi >= -FINITE_MAX && pi <= FINITE_MAX)) badOrder(book, "offers", i);
    recordLevel(key, supply, count, i, qi === 0 ? -1 : offerLevel(tm, pi), qi);
  }
}

/** Bid levels (`bidLevel`); -1 if empty or below the range. Validates every row. */
function bucketBids(
  book: OrderBook,
  tm: Terms,
  key: Int32Array,
  demand: Float64Array,
  count: Int32Array,
): void {
  const q = book.quantityMwh;
  const p = book.limitPriceUsdPerMwh;
  for (let j = 0; j < book.n; j++) {
    const qj = q[j];
    const pj = p[j];
    if (!(qj >= 0 && qj <= FINITE_MAX && pj >= -FINITE_MAX && pj <= FINITE_MAX)) badOrder(book, "bids", j);
    recordLevel(key, demand, count, j, qj === 0 ? -1 : bidLevel(tm, pj), qj);
  }
}

/** Walks bid levels down and ask levels up while bid >= ask; records the marginal levels. */
function matchLevels(supply: Float64Array, demand: Float64Array, levels: number, st: ClearingState): void {
  let kb = levels - 1;
  while (kb >= 0 && !(demand[kb] > 0)) kb--;
  let ka = 0;
  while (ka < levels && !(supply[ka] > 0)) ka++;
  let remB = kb >= 0 ? demand[kb] : 0;
  let remA = ka < levels ? supply[ka] : 0;
  let matched = 0;
  // The state is stored every iteration (not after the loop) so that no cold code follows the
  // hot loop (see `pairLoop`).
  st.kb = kb;
  st.ka = ka;
  st.remB = remB;
  st.remA = remA;
  st.lastB = -1;
  st.lastA = -1;
  st.matchedMwh = 0;
  while (kb >= 0 && ka < levels && kb >= ka) {
    const m = Math.min(remB, remA);
    matched += m;
    st.lastB = kb;
    st.lastA = ka;
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
    st.kb = kb;
    st.ka = ka;
    st.remB = remB;
    st.remA = remA;
    st.matchedMwh = matched;
  }
}

/**
 * Offers below the marginal ask level fill fully, those on it pro rata. Each filled offer is
 * written, with what the pairing reads (fill, owner, effective ask), to its sorted position
 * (`sorted`) or to the next free one (book order), so the pairing walks contiguous memory.
 */
function fillAndGatherOffers(
  book: OrderBook,
  tm: Terms,
  ws: ClearingWorkspace,
  st: ClearingState,
  sorted: boolean,
): number {
  const q = book.quantityMwh;
  const p = book.limitPriceUsdPerMwh;
  const part = book.participant;
  const key = ws.offerKey;
  const offset = ws.offerCountByLevel;
  const row = ws.sortedOffers;
  const mwh = ws.sortedOfferMwh;
  const owner = ws.sortedOfferOwner;
  const limit = ws.sortedOfferLimit;
  const floorPrice = tm.floorPrice;
  const feeSeller = tm.feeSeller;
  const ka = st.ka;
  const lastA = st.lastA;
  const frac = ka < tm.levels ? (ws.supplyMwhByLevel[ka] - st.remA) / ws.supplyMwhByLevel[ka] : 1;
  let nFilled = 0;
  const extreme = ws.marginalLimit;
  extreme[0] = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < book.n; i++) {
    const k = key[i];
    const f = k < 0 || k > ka ? 0 : k < ka ? q[i] : q[i] * frac;
    if (!(f > 0)) continue;
    const a = Math.max(p[i], floorPrice) + feeSeller;
    const r = sorted ? offset[k]++ : nFilled;
    row[r] = i;
    mwh[r] = f;
    owner[r] = part[i];
    limit[r] = a;
    nFilled++;
    if (k === lastA && a > extreme[0]) extreme[0] = a;
  }
  return nFilled;
}

/** As `fillAndGatherOffers` for bids: above the marginal bid level in full, on it pro rata. */
function fillAndGatherBids(
  book: OrderBook,
  tm: Terms,
  ws: ClearingWorkspace,
  st: ClearingState,
  sorted: boolean,
): number {
  const q = book.quantityMwh;
  const p = book.limitPriceUsdPerMwh;
  const part = book.participant;
  const key = ws.bidKey;
  const offset = ws.bidCountByLevel;
  const row = ws.sortedBids;
  const mwh = ws.sortedBidMwh;
  const owner = ws.sortedBidOwner;
  const limit = ws.sortedBidLimit;
  const ceilPrice = tm.ceilPrice;
  const feeBuyer = tm.feeBuyer;
  const kb = st.kb;
  const lastB = st.lastB;
  const frac = kb >= 0 ? (ws.demandMwhByLevel[kb] - st.remB) / ws.demandMwhByLevel[kb] : 1;
  let nFilled = 0;
  const extreme = ws.marginalLimit;
  extreme[1] = Number.POSITIVE_INFINITY;
  for (let j = 0; j < book.n; j++) {
    const k = key[j];
    const f = k < 0 || k < kb ? 0 : k > kb ? q[j] : q[j] * frac;
    if (!(f > 0)) continue;
    const b = Math.min(p[j], ceilPrice) - feeBuyer;
    const r = sorted ? offset[k]++ : nFilled;
    row[r] = j;
    mwh[r] = f;
    owner[r] = part[j];
    limit[r] = b;
    nFilled++;
    if (k === lastB && b < extreme[1]) extreme[1] = b;
  }
  return nFilled;
}

/**
 * Pairs the gathered fills into trades (see `pairLoop`), then completes the bookkeeping: orders
 * the loop never reached (floating-point leftovers only) traded nothing, fills and cash go back
 * to the book rows, and volume and value are summed from the trade log.
 */
function pairFills(
  config: MarketConfig,
  tm: Terms,
  uniformPrice: number,
  ws: ClearingWorkspace,
  st: ClearingState,
): void {
  const cursor = ws.pairCursor;
  const t = pairLoop(
    tm.payAsClear,
    uniformPrice,
    config.payAsBidPosition,
    config.minTradeMwh,
    tm.feeSeller,
    tm.feeBuyer,
    tm.feeUsdPerMwh,
    st.nFilledO,
    st.nFilledB,
    ws.sortedOfferMwh,
    ws.sortedBidMwh,
    ws.sortedOfferOwner,
    ws.sortedBidOwner,
    ws.sortedOfferLimit,
    ws.sortedBidLimit,
    ws.sortedOfferUsd,
    ws.sortedBidUsd,
    ws.trades,
    cursor,
    ws.pairSums,
  );
  settleCurrent(ws.trades, cursor[2], t, tm.feeSeller, -1, cursor[0], ws.sortedOfferMwh, ws.sortedOfferUsd);
  settleCurrent(ws.trades, cursor[3], t, tm.feeBuyer, 1, cursor[1], ws.sortedBidMwh, ws.sortedBidUsd);
  zeroTail(ws.sortedOfferMwh, ws.sortedOfferUsd, cursor[0] + 1, st.nFilledO);
  zeroTail(ws.sortedBidMwh, ws.sortedBidUsd, cursor[1] + 1, st.nFilledB);
  ws.trades.count = t;
  st.volumeMwh = ws.pairSums[0];
  st.valueUsd = ws.pairSums[1];
}

/**
 * The pairing loop: walks the price-ordered (or book-ordered) filled offers and bids, emitting
 * one trade per overlap. Each order's traded energy and cash are written to its position when
 * the loop moves past it; the current positions and the trade rows where they began are kept in
 * `cursor` (the caller settles the two current orders from the log), so that nothing but
 * `return` follows the loop. (V8 compiles a hot loop mid-call; code after it that has never run
 * deoptimises that code, and on Node 20 this was seen to repeat on every call, doubling the
 * clearing time.)
 */
function pairLoop(
  payAsClear: boolean,
  uniformPrice: number,
  kPab: number,
  minTrade: number,
  feeSeller: number,
  feeBuyer: number,
  feeUsdPerMwh: number,
  nFilledO: number,
  nFilledB: number,
  oMwh: Float64Array,
  bMwh: Float64Array,
  oOwner: Int32Array,
  bOwner: Int32Array,
  oLim: Float64Array,
  bLim: Float64Array,
  oUsd: Float64Array,
  bUsd: Float64Array,
  trades: MutableTradeLog,
  cursor: Int32Array,
  sums: Float64Array,
): number {
  const tSeller = trades.seller;
  const tBuyer = trades.buyer;
  const tEnergy = trades.energyMwh;
  const tPrice = trades.priceUsdPerMwh;
  const tFee = trades.feeUsd;
  let ia = 0;
  let ib = 0;
  let ra = oMwh[0];
  let rb = bMwh[0];
  cursor[0] = 0;
  cursor[1] = 0;
  cursor[2] = 0;
  cursor[3] = 0;
  let aEff = oLim[0];
  let bEff = bLim[0];
  let oPid = oOwner[0];
  let bPid = bOwner[0];
  let soldO = 0;
  let boughtB = 0;
  let revO = 0;
  let costB = 0;
  let t = 0;
  let volume = 0;
  let value = 0;
  for (;;) {
    const m = Math.min(ra, rb);
    if (m >= minTrade && m > 0) {
      const p = payAsClear ? uniformPrice : bEff >= aEff ? aEff + kPab * (bEff - aEff) : aEff;
      tSeller[t] = oPid;
      tBuyer[t] = bPid;
      tEnergy[t] = m;
      tPrice[t] = p;
      tFee[t] = feeUsdPerMwh * m;
      t++;
      volume += m;
      value += m * p;
      soldO += m;
      boughtB += m;
      revO += (p - feeSeller) * m;
      costB += (p + feeBuyer) * m;
    }
    ra -= m;
    rb -= m;
    if (ra <= minTrade) {
      if (ia + 1 >= nFilledO) return endPairs(sums, volume, value, t);
      oMwh[ia] = soldO;
      oUsd[ia] = revO;
      soldO = 0;
      revO = 0;
      ia++;
      cursor[0] = ia;
      cursor[2] = t;
      ra = oMwh[ia];
      aEff = oLim[ia];
      oPid = oOwner[ia];
    }
    if (rb <= minTrade) {
      if (ib + 1 >= nFilledB) return endPairs(sums, volume, value, t);
      bMwh[ib] = boughtB;
      bUsd[ib] = costB;
      boughtB = 0;
      costB = 0;
      ib++;
      cursor[1] = ib;
      cursor[3] = t;
      rb = bMwh[ib];
      bEff = bLim[ib];
      bPid = bOwner[ib];
    }
  }
}

/** Stores the pairing's volume and value (sums over the logged trades, in trade order); returns t. */
function endPairs(sums: Float64Array, volume: number, value: number, t: number): number {
  sums[0] = volume;
  sums[1] = value;
  return t;
}

/**
 * Energy and cash of the order current when the loop ended: its trades are the contiguous rows
 * [fromTrade, t) of the log. `sign` -1 for a seller (receives price - fee), +1 for a buyer.
 */
function settleCurrent(
  trades: MutableTradeLog,
  fromTrade: number,
  t: number,
  fee: number,
  sign: number,
  pos: number,
  mwh: Float64Array,
  usd: Float64Array,
): void {
  let e = 0;
  let c = 0;
  for (let k = fromTrade; k < t; k++) {
    const m = trades.energyMwh[k];
    e += m;
    c += (trades.priceUsdPerMwh[k] + sign * fee) * m;
  }
  mwh[pos] = e;
  usd[pos] = c;
}

/** Zeroes positions [from, to) of two columns. */
function zeroTail(mwh: Float64Array, usd: Float64Array, from: number, to: number): void {
  for (let r = from; r < to; r++) {
    mwh[r] = 0;
    usd[r] = 0;
  }
}

/** Writes the per-position energy and cash back to the book rows. */
function scatterBack(
  n: number,
  row: Int32Array,
  mwh: Float64Array,
  usd: Float64Array,
  fill: Float64Array,
  cash: Float64Array,
): void {
  for (let r = 0; r < n; r++) {
    const i = row[r];
    fill[i] = mwh[r];
    cash[i] = usd[r];
  }
}

/** A result with nothing traded (every row's fill and cash read as zero). */
function emptyResult(ws: ClearingWorkspace, nO: number, nB: number): ClearingResult {
  ws.state.nFilledO = 0;
  ws.state.nFilledB = 0;
  ws.trades.count = 0;
  return resultOf(ws, nO, nB, Number.NaN, 0, 0, 0);
}

/** The result object over the workspace's buffers. */
function resultOf(
  ws: ClearingWorkspace,
  nO: number,
  nB: number,
  price: number,
  volume: number,
  value: number,
  fees: number,
): ClearingResult {
  return new Clearing(ws, ws.generation, nO, nB, price, volume, value, fees);
}

/**
 * A clearing's result. The book-aligned fill and cash columns are scattered from the workspace's
 * gathered positions on first access (the city env reads the gathered positions directly, so a
 * step of 38,000 orders writes no per-row zeros it never reads); reading them after the next
 * clearing on the same workspace throws instead of returning the next interval's numbers.
 */
class Clearing implements ClearingResult {
  private scattered = false;
  constructor(
    private readonly ws: ClearingWorkspace,
    private readonly generation: number,
    private readonly nO: number,
    private readonly nB: number,
    readonly clearingPriceUsdPerMwh: number,
    readonly volumeMwh: number,
    readonly valueUsd: number,
    readonly feesUsd: number,
  ) {}
  get trades(): TradeLog {
    return this.ws.trades;
  }
  get offerFilledMwh(): Float64Array {
    return this.scatter().offerFilledMwh.subarray(0, this.nO);
  }
  get bidFilledMwh(): Float64Array {
    return this.scatter().bidFilledMwh.subarray(0, this.nB);
  }
  get offerRevenueUsd(): Float64Array {
    return this.scatter().offerRevenueUsd.subarray(0, this.nO);
  }
  get bidCostUsd(): Float64Array {
    return this.scatter().bidCostUsd.subarray(0, this.nB);
  }
  private scatter(): ClearingWorkspace {
    const ws = this.ws;
    if (ws.generation !== this.generation) {
      throw new Error(
        "clearDoubleAuction: this result's fills were read after the next clearing on the same workspace; read (or copy) them before clearing again, or give each market its own ClearingWorkspace",
      );
    }
    if (!this.scattered) {
      const st = ws.state;
      ws.offerFilledMwh.fill(0, 0, this.nO);
      ws.offerRevenueUsd.fill(0, 0, this.nO);
      ws.bidFilledMwh.fill(0, 0, this.nB);
      ws.bidCostUsd.fill(0, 0, this.nB);
      scatterBack(
        st.nFilledO,
        ws.sortedOffers,
        ws.sortedOfferMwh,
        ws.sortedOfferUsd,
        ws.offerFilledMwh,
        ws.offerRevenueUsd,
      );
      scatterBack(
        st.nFilledB,
        ws.sortedBids,
        ws.sortedBidMwh,
        ws.sortedBidUsd,
        ws.bidFilledMwh,
        ws.bidCostUsd,
      );
      this.scattered = true;
    }
    return ws;
  }
}

/** Throws unless `n` fits the book's columns. */
function checkBookSize(book: OrderBook, name: string): void {
  if (!Number.isInteger(book.n) || book.n < 0 || book.n > orderBookCapacity(book))
    validateOrderBook(book, name);
}

/** Throws the DataError naming the malformed row (found by the full validation). */
function badOrder(book: OrderBook, name: string, row: number): never {
  validateOrderBook({ ...book, n: row + 1 }, name);
  throw new Error(`unreachable: ${name}[${row}] failed the fast check but passed validation`);
}
