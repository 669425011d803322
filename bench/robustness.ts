/**
 * Figure 8 (robustness): wall time of all six panels, cold (fresh cache, except the MADRL-MOO
 * training entry, which the other figures share and which is trained once in the warm-up; the in-process
 * scenario and chain memos are cleared) and warm.
 *
 *   npx tsx bench/robustness.ts [ci|quick] [runs]
 *
 * Params are the experiment defaults with the yaml's ci overrides on ci (see /work/tasks/yaml/fig8a.yaml).
 * Prints JSON (median etc. per phase); the machine is shared, so quote the load average with it.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../lib/core/cache";
import { makeContext } from "../lib/experiments/runner";
import { FIG8_EXPERIMENTS } from "../lib/papers/s000/experiments/fig8";
import { resetRobustnessMemos } from "../lib/papers/s000/experiments/robustnessRuns";
import { machine, summarise, timeRuns } from "./util";

const profile = process.argv[2] === "quick" ? "quick" : "ci";
const runs = Number(process.argv[3] ?? (profile === "ci" ? 3 : 1));
const CI = {
  windowDays: 4,
  eventOffsetHours: 24,
  strategies: ["RBEMS", "BT-Only", "MADRL-MOO"],
  chainDurationS: 300,
  chainSeeds: 1,
};
const params = profile === "ci" ? CI : {};

async function allPanels(cache: Cache): Promise<void> {
  for (const exp of FIG8_EXPERIMENTS) {
    const ctx = makeContext(exp.id, profile, 2026, cache, null);
    await exp.run(ctx, exp.params.parse(params) as never);
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "bench-fig8-"));
  const training = join(root, "training");
  try {
    // warm-up: trains (or finds) the shared MADRL-MOO agent
    const t0 = performance.now();
    await allPanels(new Cache(training));
    const firstSeconds = (performance.now() - t0) / 1000;
    let last = training;
    let k = 0;
    const cold = await timeRuns(
      async () => {
        last = join(root, `cold-${k++}`);
        resetRobustnessMemos();
        const src = join(training, "control.maddpg-city");
        if (existsSync(src)) cpSync(src, join(last, "control.maddpg-city"), { recursive: true });
        await allPanels(new Cache(last));
      },
      runs,
      0,
    );
    const warm = await timeRuns(() => allPanels(new Cache(last)), Math.max(3, runs), 0);
    console.log(
      JSON.stringify(
        {
          bench: "robustness (fig8a-f)",
          profile,
          firstRunSecondsInclTraining: Math.round(firstSeconds * 10) / 10,
          coldSecondsExclTraining: summarise(cold),
          warmSeconds: summarise(warm),
          machine: machine(),
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
