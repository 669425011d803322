/**
 * Shared by the market benches (not a bench itself): seeded random books of one 15-min interval.
 * A participant is a seller with probability 0.35 (a prosumer with surplus), else a buyer;
 * quantities up to 5 kWh (20 kW for 15 min). "spread": limits spread over the feed-in / retail
 * band (the worst case: thousands of price levels in use); "clustered": what a fixed rule policy
 * submits (asks at feed-in + 0, 5 or 10 USD/MWh, every bid at retail).
 */
export type BookShape = "spread" | "clustered";

import { createRng } from "../lib/core/rng";
import { addOrder, createOrderBook, type MarketInterval, type OrderBook } from "../lib/market";

export const BENCH_INTERVAL: MarketInterval = {
  step: 0,
  feedInPriceUsdPerMwh: 40,
  retailPriceUsdPerMwh: 150,
};

export function randomBooks(
  participants: number,
  seed: number,
  shape: BookShape = "spread",
): { offers: OrderBook; bids: OrderBook } {
  const rng = createRng(seed, "bench-market", participants, shape);
  const offers = createOrderBook(participants);
  const bids = createOrderBook(participants);
  const lo = BENCH_INTERVAL.feedInPriceUsdPerMwh;
  const hi = BENCH_INTERVAL.retailPriceUsdPerMwh;
  for (let id = 0; id < participants; id++) {
    const seller = rng.next() < 0.35;
    const q = rng.uniform(0, 0.005);
    if (shape === "clustered") {
      if (seller) addOrder(offers, id, q, lo + 5 * rng.int(3));
      else addOrder(bids, id, q, hi);
    } else if (seller) addOrder(offers, id, q, rng.uniform(lo - 5, hi));
    else addOrder(bids, id, q, rng.uniform(lo, hi + 5));
  }
  return { offers, bids };
}
