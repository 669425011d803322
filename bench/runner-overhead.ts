/**
 * The runner's own overhead on a no-op experiment: config parsing, cache look-up and write, results.json,
 * CSV, figure.html (with plotly.js inlined), claims ledger. Cold = empty cache; warm = cache hit.
 * Also the library's import time (what every CLI start pays). Prints JSON.
 *
 *   npx tsx bench/runner-overhead.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { Cache } from "../lib/core/cache";
import { parseExperimentsYaml } from "../lib/experiments/config";
import { runExperiments } from "../lib/experiments/runner";
import type { Experiment } from "../lib/experiments/types";
import { machine, summarise, timeRuns } from "./util";

const noop: Experiment = {
  id: "bench/noop",
  title: "no-op",
  panels: [],
  module: __filename,
  params: z.strictObject({}),
  run: async () => ({ values: {} }),
  figure: () => ({ data: [{ type: "bar", x: ["a"], y: [1] }], layout: {} }),
};
const registry = new Map([[noop.id, noop]]);
const yaml =
  "version: 1\ndefaults: { profile: ci, seed: 1 }\nprofiles: { ci: {}, quick: {}, paper: {} }\nexperiments:\n  bench/noop: {}\n";

async function main() {
  const root = mkdtempSync(join(tmpdir(), "bench-runner-"));
  const once = async (cold: boolean) => {
    if (cold) rmSync(join(root, "cache"), { recursive: true, force: true });
    const cfg = parseExperimentsYaml(yaml, "experiments.yaml", registry);
    await runExperiments(cfg, {
      resultsDir: join(root, "results"),
      cache: new Cache(join(root, "cache")),
      png: false,
      log: null,
    });
  };
  const cold = await timeRuns(() => once(true), 7);
  const warm = await timeRuns(() => once(false), 7);
  const importS = await timeRuns(() => execFileSync(process.execPath, ["-e", "require('./dist')"]), 5, 1);
  rmSync(root, { recursive: true, force: true });
  console.log(
    JSON.stringify(
      {
        bench: "runner-overhead",
        target: "runner overhead on a no-op experiment < 1 s",
        coldSeconds: summarise(cold),
        warmSeconds: summarise(warm),
        libraryImportSeconds: summarise(importS),
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
