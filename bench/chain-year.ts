/**
 * Settles a city run's cleared trades on the in-process chain through the settlement stage (ADR 0500):
 * per-interval Merkle roots, positions netted per window. Measured wall times and gas, JSON.
 * Run: npx tsx bench/chain-year.ts [days=365] [windowSteps=96] [startDay=0] [seed=2026]
 * (365 days = the quick profile's year; shorter horizons for a quick look.)
 */
import { ChainSettlement, inProcess } from "../lib/chain";
import { CityEnv, rulePolicyFor } from "../lib/papers/s000/env";
import { settleEpisode } from "../lib/papers/s000/experiments/settlementStage";
import { DEFAULT_CITY_CONFIG, generateScenario, withHorizon } from "../lib/papers/s000/world";
import { machine, summarise } from "./util";

async function main() {
  const [days = 365, windowSteps = 96, startDay = 0, seed = 2026] = process.argv.slice(2).map(Number);
  const t0 = performance.now();
  const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, days, startDay), seed);
  const env = new CityEnv(sc);
  const genMs = performance.now() - t0;
  const chain = await ChainSettlement.deploy(await inProcess());
  let last = 0;
  const r = await settleEpisode(env, rulePolicyFor(env), seed, chain, {
    windowSteps,
    onSettlement: (_r, done, total) => {
      if (performance.now() - last > 30_000) {
        last = performance.now();
        process.stderr.write(`chain-year: ${done}/${total} steps\n`);
      }
    },
  });
  const s = (ms: number) => Math.round(ms) / 1000;
  console.log(
    JSON.stringify({
      bench: "chain-year",
      date: new Date().toISOString(),
      machine: machine(),
      days,
      startDay,
      seed,
      windowSteps,
      entities: env.entityCount,
      steps: r.steps,
      marketIntervals: r.intervals,
      trades: r.trades,
      settlements: r.settlements,
      transactions: r.transactions,
      accountUpdates: r.accountUpdates,
      gasUsed: Number(r.gasUsed),
      gasPerTrade: Number(r.gasUsed) / r.trades,
      seconds: {
        scenario: s(genMs),
        fund: s(r.fundMs),
        envSteps: s(r.simMs),
        hashAndNet: s(r.hashAndNetMs),
        chain: s(r.chainMs),
        settlementStageTotal: s(r.totalMs),
      },
      tradesSettledPerS_excludingEnv: r.trades / ((r.hashAndNetMs + r.chainMs) / 1000),
      perSettlement: {
        trades: summarise(Array.from(r.perSettlement.trades)),
        accounts: summarise(Array.from(r.perSettlement.accounts)),
        chunks: summarise(Array.from(r.perSettlement.chunks)),
        gas: summarise(Array.from(r.perSettlement.gas)),
        latencyMs: summarise(Array.from(r.perSettlement.latencyMs)),
      },
    }),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
