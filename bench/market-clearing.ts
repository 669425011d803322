/**
 * Clearing one 15-min interval with 50,000 participants (issue 3 target: < 5 ms median).
 * 16 seeded books are cleared in turn on one reused workspace (as the env does step after step);
 * the time covers validation, bucketing, matching, rationing, pairing and the trade log. Two book
 * shapes (bench/market-common.ts): limits spread over the band, and clustered as a rule policy
 * would submit them.
 *
 *   npx tsx bench/market-clearing.ts [participants] [runs]
 */
import {
  ClearingWorkspace,
  clearDoubleAuction,
  DEFAULT_MARKET_CONFIG,
  type MarketConfig,
} from "../lib/market";
import { BENCH_INTERVAL, randomBooks } from "./market-common";
import { machine, summarise } from "./util";

function main() {
  const participants = Number(process.argv[2] ?? 50000);
  const runs = Number(process.argv[3] ?? 400);
  const out: Record<string, unknown> = {};
  for (const shape of ["spread", "clustered"] as const) {
    const books = Array.from({ length: 16 }, (_, s) => randomBooks(participants, s, shape));
    for (const pricing of ["payAsClear", "payAsBid"] as const) {
      const config: MarketConfig = { ...DEFAULT_MARKET_CONFIG, pricing };
      const ws = new ClearingWorkspace();
      let trades = 0;
      let volume = 0;
      for (let i = 0; i < 50; i++)
        clearDoubleAuction(books[i % 16].offers, books[i % 16].bids, config, BENCH_INTERVAL, ws);
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const b = books[i % 16];
        const t0 = performance.now();
        const r = clearDoubleAuction(b.offers, b.bids, config, BENCH_INTERVAL, ws);
        ms.push(performance.now() - t0);
        trades += r.trades.count;
        volume += r.volumeMwh;
      }
      const s = summarise(ms);
      out[`${shape}.${pricing}`] = {
        ms: { median: s.median, p10: s.p10, p90: s.p90, min: s.min, max: s.max, runs: s.n },
        offers: books[0].offers.n,
        bids: books[0].bids.n,
        meanTrades: Math.round(trades / runs),
        meanVolumeMwh: volume / runs,
      };
    }
  }
  console.log(
    JSON.stringify(
      {
        bench: "market-clearing",
        participants,
        priceLevels:
          Math.floor(
            (BENCH_INTERVAL.retailPriceUsdPerMwh -
              BENCH_INTERVAL.feedInPriceUsdPerMwh -
              DEFAULT_MARKET_CONFIG.gridUsageFeeUsdPerMwh -
              DEFAULT_MARKET_CONFIG.platformFeeUsdPerMwh) /
              DEFAULT_MARKET_CONFIG.tickUsdPerMwh,
          ) + 1,
        targetMedianMs: 5,
        ...out,
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
