/**
 * Shared by the market benches (not a bench itself): seeded random books of one 15-min interval.
 * A participant is a seller with probability 0.35 (a prosumer with surplus), else a buyer;
 * quantities up to 5 kWh (20 kW for 15 min); limits spread over the feed-in / retail band.
 */
import { createRng } from "../lib/core/rng";
import { addOrder, createOrderBook, type MarketInterval, type OrderBook } from "../lib/market";

export const BENCH_INTERVAL: MarketInterval = {
  step: 0,
  feedInPriceUsdPerMwh: 40,
  retailPriceUsdPerMwh: 150,
};

export function randomBooks(participants: number, seed: number): { offers: OrderBook; bids: OrderBook } {
  const rng = createRng(seed, "bench-market", participants);
  const offers = createOrderBook(participants);
  const bids = createOrderBook(participants);
  const lo = BENCH_INTERVAL.feedInPriceUsdPerMwh;
  const hi = BENCH_INTERVAL.retailPriceUsdPerMwh;
  for (let id = 0; id < participants; id++) {
    if (rng.next() < 0.35) addOrder(offers, id, rng.uniform(0, 0.005), rng.uniform(lo - 5, hi));
    else addOrder(bids, id, rng.uniform(0, 0.005), rng.uniform(lo, hi + 5));
  }
  return { offers, bids };
}
