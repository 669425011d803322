import type { MarketInterval } from "./config";
import type { ClearingResult } from "./doubleAuction";
import type { OrderBook } from "./orderBook";

/**
 * Adds each participant's benefit from P2P trading in one interval to `benefitUsdByParticipant`
 * (indexed by entity id), measured against the grid alternative:
 *   seller: net receipts - feed-in price x energy sold   (what exporting would have paid)
 *   buyer:  retail price x energy bought - all-in payment (what importing would have cost)
 * Both are >= 0 by the clearing's price bounds, so a year's sums feed the fairness indices
 * (`jainIndex`, `giniCoefficient` in lib/metrics) directly. O(offers + bids), no allocation.
 */
export function accumulateTradingBenefitUsd(
  result: ClearingResult,
  offers: OrderBook,
  bids: OrderBook,
  interval: MarketInterval,
  benefitUsdByParticipant: Float64Array,
): void {
  const feedIn = interval.feedInPriceUsdPerMwh;
  const retail = interval.retailPriceUsdPerMwh;
  const of = result.offerFilledMwh;
  const orev = result.offerRevenueUsd;
  for (let i = 0; i < offers.n; i++) {
    const q = of[i];
    if (q > 0) benefitUsdByParticipant[offers.participant[i]] += orev[i] - feedIn * q;
  }
  const bf = result.bidFilledMwh;
  const bcost = result.bidCostUsd;
  for (let j = 0; j < bids.n; j++) {
    const q = bf[j];
    if (q > 0) benefitUsdByParticipant[bids.participant[j]] += retail * q - bcost[j];
  }
}
