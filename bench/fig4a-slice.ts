/**
 * The Figure 4(a) slice, cold (no cache) and warm (cache hit): a full year (35,040 steps) of the
 * scenario generator and the aggregate dispatch for both strategies, plus KPIs, CSVs and figure.
 * Prints JSON.   npx tsx bench/fig4a-slice.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSliceScenario } from "../lib/city/sliceScenario";
import { Cache } from "../lib/core/cache";
import { parseExperimentsYaml } from "../lib/experiments/config";
import { defaultRegistry } from "../lib/experiments/registry";
import { runExperiments } from "../lib/experiments/runner";
import { runSliceDispatch } from "../lib/sim/sliceDispatch";
import { machine, summarise, timeRuns } from "./util";

const yaml =
  "version: 1\ndefaults: { profile: quick, seed: 2026 }\nprofiles: { ci: { days: 14 }, quick: { days: 365 }, paper: { days: 365 } }\nexperiments:\n  fig4a: {}\n";

async function main() {
  const root = mkdtempSync(join(tmpdir(), "bench-fig4a-"));
  const cfg = parseExperimentsYaml(yaml, "experiments.yaml", defaultRegistry());
  const once = async (cold: boolean) => {
    if (cold) rmSync(join(root, "cache"), { recursive: true, force: true });
    await runExperiments(cfg, {
      resultsDir: join(root, "results"),
      cache: new Cache(join(root, "cache")),
      png: false,
      log: null,
    });
  };
  const scenario = await timeRuns(() => generateSliceScenario(365, 2026), 5);
  const sc = generateSliceScenario(365, 2026);
  const dispatch = await timeRuns(() => runSliceDispatch({ ...sc, stepH: 0.25 }, () => 0), 5);
  const cold = await timeRuns(() => once(true), 5);
  const warm = await timeRuns(() => once(false), 5);
  rmSync(root, { recursive: true, force: true });
  console.log(
    JSON.stringify(
      {
        bench: "fig4a-slice",
        steps: 35040,
        scenarioYearSeconds: summarise(scenario),
        dispatchYearSeconds: summarise(dispatch),
        experimentColdSeconds: summarise(cold),
        experimentWarmSeconds: summarise(warm),
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
