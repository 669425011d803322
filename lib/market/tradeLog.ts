/**
 * The cleared trades of one market interval, as columns (one row per matched seller-buyer pair).
 * Produced by the P2P clearing (lib/market), consumed by KPIs and by the settlement stage that
 * replays trades onto the chain (lib/chain never imports the market; it takes this shape).
 */
export interface TradeLog {
  /** Market interval id: the env step index (15-min interval) within the run. */
  readonly interval: number;
  /** Number of trades (rows); the column arrays may be longer (pre-allocated). */
  readonly count: number;
  /** Seller entity id per trade. */
  readonly seller: Int32Array;
  /** Buyer entity id per trade. */
  readonly buyer: Int32Array;
  /** Energy traded (MWh) per trade. */
  readonly energyMwh: Float64Array;
  /** Price paid per MWh (USD/MWh) per trade, before fees. */
  readonly priceUsdPerMwh: Float64Array;
  /** Fee charged per trade (USD), split however the market's fee rule says. */
  readonly feeUsd: Float64Array;
}

/** An empty trade log with room for `capacity` rows. */
export function emptyTradeLog(interval: number, capacity = 0): TradeLog {
  return {
    interval,
    count: 0,
    seller: new Int32Array(capacity),
    buyer: new Int32Array(capacity),
    energyMwh: new Float64Array(capacity),
    priceUsdPerMwh: new Float64Array(capacity),
    feeUsd: new Float64Array(capacity),
  };
}

/** A trade log whose fields the clearing may overwrite (the buffers are reused step after step). */
export type MutableTradeLog = { -readonly [K in keyof TradeLog]: TradeLog[K] };

/** A compact copy of the first `count` rows (keep one when the source buffers will be reused). */
export function copyTradeLog(log: TradeLog): TradeLog {
  const n = log.count;
  return {
    interval: log.interval,
    count: n,
    seller: log.seller.slice(0, n),
    buyer: log.buyer.slice(0, n),
    energyMwh: log.energyMwh.slice(0, n),
    priceUsdPerMwh: log.priceUsdPerMwh.slice(0, n),
    feeUsd: log.feeUsd.slice(0, n),
  };
}

/** Grows the log's columns (keeping the first `count` rows) so that `capacity` rows fit. */
export function reserveTradeLog(log: MutableTradeLog, capacity: number): void {
  if (log.seller.length >= capacity) return;
  const c = Math.max(capacity, 2 * log.seller.length, 16);
  const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(c);
    b.set(a.subarray(0, log.count) as never);
    return b;
  };
  log.seller = grow(log.seller, (n) => new Int32Array(n));
  log.buyer = grow(log.buyer, (n) => new Int32Array(n));
  log.energyMwh = grow(log.energyMwh, (n) => new Float64Array(n));
  log.priceUsdPerMwh = grow(log.priceUsdPerMwh, (n) => new Float64Array(n));
  log.feeUsd = grow(log.feeUsd, (n) => new Float64Array(n));
}
