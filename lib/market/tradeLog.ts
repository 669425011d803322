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
