/**
 * The unit cost behind the paper profile's estimate (docs/paper-profile-estimate.md): one Fig. 9
 * sweep point of the forecast-driven MPC on one 7-day window of the entity-level city, at accuracy
 * < 1 (one Monte Carlo realisation of the forecast error), scenario generation included; and the
 * RBEMS reference of the same window. Median of RUNS realisations after one warm-up. Prints JSON.
 *   npx tsx bench/fig9-window.ts        (RUNS=5 by default)
 * Runs in process under tsx, which reads 10-25 % slower than plain node (bench/city-year.ts): the
 * estimate built on it errs long.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../lib/core/cache";
import { makeContext } from "../lib/experiments/runner";
import { point, runPoint } from "../lib/papers/s000/experiments/fig9shared";
import { machine, summarise } from "./util";

async function main() {
  const runs = Number(process.env.RUNS ?? 5);
  const root = mkdtempSync(join(tmpdir(), "fig9-window-"));
  const ctx = makeContext("bench", "quick", 2026, new Cache(join(root, "cache")), null);
  const w = { windowStartDays: [196], windowDays: 7, training: "reduced" as const, realisations: 1 };
  const time = async (p: ReturnType<typeof point>) => {
    const t0 = performance.now();
    await runPoint(ctx, w, p);
    return (performance.now() - t0) / 1000;
  };
  await time(point("MPC", { accuracy: 0.8, realisation: 1000 })); // warm-up
  const mpc: number[] = [];
  for (let k = 0; k < runs; k++) mpc.push(await time(point("MPC", { accuracy: 0.8, realisation: k })));
  const rbems: number[] = [];
  for (let k = 0; k < runs; k++) rbems.push(await time(point("RBEMS", { batteryScale: 1 + k / 100 })));
  rmSync(root, { recursive: true, force: true });
  console.log(
    JSON.stringify(
      {
        bench: "fig9-window",
        window: "7 days from day 196, 38,835 entities",
        mpcForecastDrivenSeconds: summarise(mpc),
        rbemsSeconds: summarise(rbems),
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
