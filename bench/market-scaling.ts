/**
 * Clearing time versus participants, 2,000 -> 50,000 (Fig. 7's range), with the exponent b of a
 * least-squares fit time = a n^b on log-log axes (issue 3 goal: b <= 1.1). Reported over the
 * whole range and over 10,000-50,000, where the fixed O(price levels) term matters less.
 *
 *   npx tsx bench/market-scaling.ts [runsPerSize]
 */
import { ClearingWorkspace, clearDoubleAuction, DEFAULT_MARKET_CONFIG } from "../lib/market";
import { BENCH_INTERVAL, randomBooks } from "./market-common";
import { machine, summarise } from "./util";

const SIZES = [2000, 5000, 10000, 20000, 30000, 40000, 50000];

function slope(points: { n: number; ms: number }[]): number {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxy / sxx;
}

function main() {
  const runs = Number(process.argv[2] ?? 200);
  const ws = new ClearingWorkspace();
  const rows: { n: number; ms: number; p10: number; p90: number; trades: number }[] = [];
  for (const n of SIZES) {
    const books = Array.from({ length: 8 }, (_, s) => randomBooks(n, s));
    for (let i = 0; i < 30; i++)
      clearDoubleAuction(books[i % 8].offers, books[i % 8].bids, DEFAULT_MARKET_CONFIG, BENCH_INTERVAL, ws);
    const ms: number[] = [];
    let trades = 0;
    for (let i = 0; i < runs; i++) {
      const b = books[i % 8];
      const t0 = performance.now();
      const r = clearDoubleAuction(b.offers, b.bids, DEFAULT_MARKET_CONFIG, BENCH_INTERVAL, ws);
      ms.push(performance.now() - t0);
      trades += r.trades.count;
    }
    const s = summarise(ms);
    rows.push({ n, ms: s.median, p10: s.p10, p90: s.p90, trades: Math.round(trades / runs) });
  }
  console.log(
    JSON.stringify(
      {
        bench: "market-scaling",
        pricing: DEFAULT_MARKET_CONFIG.pricing,
        runsPerSize: runs,
        medianMsByParticipants: rows,
        loglogExponent: slope(rows),
        loglogExponent10kTo50k: slope(rows.filter((r) => r.n >= 10000)),
        goalExponent: 1.1,
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
