/**
 * Issue 3's performance figures: a full year (35,040 15-min steps) of the entity-level city, all
 * 38,835 entities individually in the P2P market every daylight step, under the fixed rule policy
 * (lib/papers/s000/env rulePolicy.ts). Reports scenario generation and episode wall time (median of `RUNS`),
 * market steps, trades, steps/s and peak resident memory. Prints JSON.
 *   npm run build && npx tsx bench/city-year.ts     (RUNS=3 by default; RUNS=1 for a quick look)
 *
 * Each run is a fresh plain-Node process (bench/city-year-run.cjs) on the compiled library in dist/,
 * which is what `npm run experiments` and the notebooks execute. Not in-process under tsx: with
 * tsx's loader thread alive the same compiled code ran 10-25 % slower on this 2-core machine.
 * A fresh process per run also keeps one run's JIT state and heap out of the next.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { machine, summarise } from "./util";

interface Run {
  seed: number;
  scenarioSeconds: number;
  episodeSeconds: number;
  entities: number;
  steps: number;
  marketSteps: number;
  trades: number;
  peakRssMb: number;
}

const root = path.join(__dirname, "..");

/** Newest modification time (ms) of the files under `dir` with `ext`. */
function newest(dir: string, ext: string): number {
  let t = 0;
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }))
    if (f.endsWith(ext)) t = Math.max(t, fs.statSync(path.join(dir, f)).mtimeMs);
  return t;
}

function main() {
  const runs = Number(process.env.RUNS ?? 3);
  const built = path.join(root, "dist", "sim", "cityEnv.js");
  if (
    !fs.existsSync(built) ||
    newest(path.join(root, "dist"), ".js") < newest(path.join(root, "lib"), ".ts")
  ) {
    console.error("bench/city-year: dist/ is missing or older than lib/; run `npm run build` first.");
    process.exit(2);
  }
  const out: Run[] = [];
  for (let r = 0; r < runs; r++) {
    const line = execFileSync(
      process.execPath,
      [path.join(__dirname, "city-year-run.cjs"), String(2026 + r)],
      {
        encoding: "utf8",
        env: { ...process.env, NODE_OPTIONS: "" },
      },
    );
    out.push(JSON.parse(line.trim().split("\n").pop() as string) as Run);
    console.error(`run ${r + 1}/${runs}: episode ${out[r].episodeSeconds.toFixed(1)} s`);
  }
  const ep = summarise(out.map((o) => o.episodeSeconds));
  const last = out[out.length - 1];
  console.log(
    JSON.stringify(
      {
        bench: "city-year",
        code: "dist/ (compiled), plain node, one process per run",
        entities: last.entities,
        steps: last.steps,
        marketSteps: last.marketSteps,
        trades: last.trades,
        scenarioYearSeconds: summarise(out.map((o) => o.scenarioSeconds)),
        episodeYearSeconds: ep,
        stepsPerSecond: Math.round(last.steps / ep.median),
        goalEpisodeSeconds: 30,
        peakRssMb: Math.max(...out.map((o) => o.peakRssMb)),
        goalPeakRssMb: 2048,
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
