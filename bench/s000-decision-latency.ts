/**
 * Seed 000's decision latencies (Fig. 6(f) response time, Fig. 6 panels): the wall clock of each
 * strategy's decision per step, measured on the ci window of the city, median over runs of each run's
 * mean and P95. With `--write` it writes data/calibration/s000-decision-latency.json, which Fig. 6
 * reads, so results.json stays byte-identical run to run (DESIGN §7) while run.json and the notes
 * keep what this run measured.
 *
 *   npx tsx bench/s000-decision-latency.ts [runs=3] [--write]
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/core/atomicWrite";
import { Cache } from "../lib/core/cache";
import { repoRoot } from "../lib/core/paths";
import { makeContext } from "../lib/experiments/runner";
import { DECISION_LATENCY_FILE, runStabilityEpisode } from "../lib/papers/s000/experiments/stabilityRuns";
import { machine, summarise } from "./util";

const STRATEGIES = ["RBEMS", "MPC", "GA-EMS", "BT-Only", "MADRL-MOO", "Rule policy"];
const WINDOW = { days: 14, startDay: 152 }; // the ci window of Fig. 6 (experiments.yaml)

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
  const root = mkdtempSync(join(tmpdir(), "bench-latency-"));
  const samples: Record<string, { mean: number[]; p95: number[] }> = {};
  try {
    const first = join(root, "run0");
    for (let r = 0; r < runs; r++) {
      const dir = join(root, `run${r}`);
      if (r > 0) {
        // reuse the trained agent and the energy front: only the episodes (and their timing) recompute
        for (const c of readdirSync(first))
          if (/maddpg|energy-front/.test(c) && existsSync(join(first, c)))
            cpSync(join(first, c), join(dir, c), { recursive: true });
      }
      const ctx = makeContext("bench/latency", "ci", 2026, new Cache(dir), r === 0 ? process.stderr : null);
      for (const s of STRATEGIES) {
        const ep = await runStabilityEpisode(ctx, s, WINDOW);
        samples[s] ??= { mean: [], p95: [] };
        samples[s].mean.push(ep.latency.meanMs);
        samples[s].p95.push(ep.latency.p95Ms ?? Number.NaN);
        process.stderr.write(`run ${r + 1}/${runs} ${s}: mean ${ep.latency.meanMs.toFixed(4)} ms\n`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const strategies = Object.fromEntries(
    Object.entries(samples).map(([s, v]) => [
      s,
      { meanMs: round(summarise(v.mean).median), p95Ms: round(summarise(v.p95).median), runs: v.mean.length },
    ]),
  );
  const doc = {
    version: 1,
    measuredAt: new Date().toISOString(),
    machine: machine(),
    window: WINDOW,
    note: "Measured by bench/s000-decision-latency.ts (median over runs of each run's mean and P95 decision wall clock on the ci window); read by lib/papers/s000/experiments/stabilityRuns.ts for Fig. 6. Pin other values with params.decisionLatencyMs.",
    strategies,
  };
  console.log(JSON.stringify({ name: "s000-decision-latency", ...doc }, null, 2));
  if (args.includes("--write")) {
    writeFileAtomic(join(repoRoot(), DECISION_LATENCY_FILE), `${JSON.stringify(doc, null, 2)}\n`);
    process.stderr.write(`wrote ${DECISION_LATENCY_FILE}\n`);
  }
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
