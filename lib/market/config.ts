import { ConfigError, requireInRange } from "../core/errors";

/**
 * How a matched trade is priced.
 * - "payAsClear": uniform price; every trade of the interval clears at one price (k-double auction).
 * - "payAsBid": discriminatory price; each trade is priced from its own pair's limits
 *   (`payAsBidPosition` between the seller's ask, 0, and the buyer's bid, 1).
 */
export type PricingRule = "payAsClear" | "payAsBid";

/**
 * The P2P double auction's rules. The paper leaves the clearing rule, price bounds and fee
 * values open (notes-000 §1.8 and §5 items 8, 10, 11); each default below says why it was chosen.
 * Decision record: docs/adr/0200-market-and-kpi-definitions.md.
 */
export interface MarketConfig {
  readonly pricing: PricingRule;
  /**
   * Uniform price position k in [0, 1] inside the interval of market-clearing prices
   * [lo, hi] (lo = max(marginal matched ask, best unmatched bid), hi = min(marginal matched bid,
   * best unmatched ask)): price = lo + k (hi - lo). k = 0.5 splits the marginal surplus evenly
   * (the k-double auction of Rustichini, Satterthwaite & Williams, Econometrica 62(5), 1994).
   */
  readonly uniformPricePosition: number;
  /**
   * Pay-as-bid position k in [0, 1] between the pair's ask (0) and bid (1). k = 1 is the literal
   * "pay as bid": the buyer pays its own limit and the seller receives it.
   */
  readonly payAsBidPosition: number;
  /**
   * Price resolution of the bucketed book (USD/MWh). Limits are rounded conservatively (asks up,
   * bids down), so no trade ever violates a limit; a pair closer than one tick may stay unmatched.
   * 0.01 USD/MWh = 0.001 US cent/kWh, far below any tariff resolution.
   */
  readonly tickUsdPerMwh: number;
  /** Upper bound on price levels per interval; the tick is coarsened if the price range needs more. */
  readonly maxPriceLevels: number;
  /**
   * Grid-usage (distribution network) fee on every P2P MWh (USD/MWh): the paper's smart contracts
   * compute a "grid usage fee" (notes-000 §1.7) without a value. Project choice: 5 USD/MWh, small
   * against the retail / feed-in spread of the price bands ($35-180/MWh, notes-000 §1.8), so that
   * local trading stays worthwhile while the fee sweep (Fig. 9a, ±20 %) has something to move.
   */
  readonly gridUsageFeeUsdPerMwh: number;
  /**
   * Platform (blockchain transaction) fee on every P2P MWh (USD/MWh): notes-000 §1.7 names a
   * "blockchain transaction fee structure" (Fig. 9a) without a value. Project choice: 1 USD/MWh.
   */
  readonly platformFeeUsdPerMwh: number;
  /** Share of the per-MWh fees paid by the buyer (the seller pays the rest). Choice: split evenly. */
  readonly buyerFeeShare: number;
  /** Trades smaller than this (MWh) are not recorded (floating-point dust). 1e-9 MWh = 1 mWh. */
  readonly minTradeMwh: number;
}

export const DEFAULT_MARKET_CONFIG: MarketConfig = {
  pricing: "payAsClear",
  uniformPricePosition: 0.5,
  payAsBidPosition: 1,
  tickUsdPerMwh: 0.01,
  maxPriceLevels: 1 << 20,
  gridUsageFeeUsdPerMwh: 5,
  platformFeeUsdPerMwh: 1,
  buyerFeeShare: 0.5,
  minTradeMwh: 1e-9,
};

/**
 * One market interval (one env step): its index and the grid prices that bound P2P prices.
 * A seller never needs to accept less than the feed-in price (it could export instead), and a
 * buyer never needs to pay more than the retail import price (it could import instead), so
 * asks are raised to `feedInPriceUsdPerMwh` and bids lowered to `retailPriceUsdPerMwh`, both net
 * of the party's fee share.
 */
export interface MarketInterval {
  /** The env step index; written into the trade log. */
  readonly step: number;
  /** Export (feed-in) price of the step (USD/MWh): the floor of the seller's net price. */
  readonly feedInPriceUsdPerMwh: number;
  /** Retail import price of the step (USD/MWh): the ceiling of the buyer's all-in price. */
  readonly retailPriceUsdPerMwh: number;
}

/** Throws a ConfigError naming the field if the config is out of range. */
export function validateMarketConfig(c: MarketConfig, where = "market"): void {
  if (c.pricing !== "payAsClear" && c.pricing !== "payAsBid") {
    throw new ConfigError(
      `must be "payAsClear" or "payAsBid", got ${JSON.stringify(c.pricing)}`,
      `${where}.pricing`,
    );
  }
  requireInRange(c.uniformPricePosition, 0, 1, `${where}.uniformPricePosition`);
  requireInRange(c.payAsBidPosition, 0, 1, `${where}.payAsBidPosition`);
  requireInRange(c.tickUsdPerMwh, 1e-9, 1e6, `${where}.tickUsdPerMwh`);
  requireInRange(c.maxPriceLevels, 2, 1 << 26, `${where}.maxPriceLevels`);
  requireInRange(c.gridUsageFeeUsdPerMwh, 0, 1e6, `${where}.gridUsageFeeUsdPerMwh`);
  requireInRange(c.platformFeeUsdPerMwh, 0, 1e6, `${where}.platformFeeUsdPerMwh`);
  requireInRange(c.buyerFeeShare, 0, 1, `${where}.buyerFeeShare`);
  requireInRange(c.minTradeMwh, 0, 1e6, `${where}.minTradeMwh`);
}

/** Throws a ConfigError if the interval's prices are not finite. */
export function validateMarketInterval(iv: MarketInterval, where = "interval"): void {
  if (!Number.isInteger(iv.step))
    throw new ConfigError(`must be an integer, got ${iv.step}`, `${where}.step`);
  if (!Number.isFinite(iv.feedInPriceUsdPerMwh)) {
    throw new ConfigError(`must be finite, got ${iv.feedInPriceUsdPerMwh}`, `${where}.feedInPriceUsdPerMwh`);
  }
  if (!Number.isFinite(iv.retailPriceUsdPerMwh)) {
    throw new ConfigError(`must be finite, got ${iv.retailPriceUsdPerMwh}`, `${where}.retailPriceUsdPerMwh`);
  }
}
