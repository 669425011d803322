/**
 * MPC decision time: the 96-step (24 h at 15 min) dispatch LP solved by HiGHS per re-planning step,
 * on a synthetic day-shaped net load and three-band price (seed-000 bands $35-60 / 60-120 / 120-180,
 * notes-000 §1.8) for the city's 120 MWh / 60 MW battery; plus a closed-loop day with hourly re-planning.
 *   npx tsx bench/control-mpc.ts [solves=40]
 */
import { DEFAULT_MPC, loadLpSolver, runMpc, solveDispatchLp } from "../lib/control/mpc";
import { createRng } from "../lib/core/rng";
import { DEFAULT_BATTERY } from "../lib/papers/s000/world/battery";
import { batteryLimits } from "../lib/storage/battery";
import { machine, summarise } from "./util";

/** The city's BESS as the controllers see it (one-way efficiency sqrt(0.92), as in the city env). */
const CITY_BATTERY = batteryLimits(DEFAULT_BATTERY);

async function main() {
  const solves = Number(process.argv[2] ?? 40);
  const rng = createRng(1, "bench-mpc");
  const T = 96 * 3;
  const netLoadMw = new Float64Array(T);
  const imp = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const h = (t % 96) / 4;
    const solar = Math.max(0, Math.sin(((h - 6) / 12) * Math.PI)) * 70;
    netLoadMw[t] = 120 + 50 * Math.sin(((h - 9) / 24) * 2 * Math.PI) - solar - 60 + rng.normal(0, 10);
    imp[t] =
      h < 7 || h >= 23
        ? 35 + 25 * rng.next()
        : h >= 17 && h < 21
          ? 120 + 60 * rng.next()
          : 60 + 60 * rng.next();
  }
  const series = { netLoadMw, importPriceUsdPerMwh: imp, exportPriceUsdPerMwh: imp.map((p) => 0.8 * p) };
  const grid = { importMaxMw: 300, exportMaxMw: 150 };
  const highs = await loadLpSolver();
  // HiGHS is wasm: the first ~20 solves run on V8's baseline tier (3-4x slower); time them apart.
  const WARM = 25;
  const ms: number[] = [];
  const coldMs: number[] = [];
  for (let k = 0; k < solves + WARM; k++) {
    const from = (k * 7) % (T - 96);
    const t0 = performance.now();
    solveDispatchLp(highs, CITY_BATTERY, grid, DEFAULT_MPC, 60, series, 0.25, from, 96);
    (k >= WARM ? ms : coldMs).push(performance.now() - t0);
  }
  const day = await runMpc(
    CITY_BATTERY,
    grid,
    {
      netLoadMw: netLoadMw.subarray(0, 96 * 2),
      importPriceUsdPerMwh: imp.subarray(0, 192),
      exportPriceUsdPerMwh: series.exportPriceUsdPerMwh.subarray(0, 192),
    },
    60,
    0.25,
    { horizonSteps: 96, replanEverySteps: 4 },
  );
  const replanMs = summarise(ms);
  console.log(
    JSON.stringify(
      {
        bench: "control-mpc",
        lp: {
          horizonSteps: 96,
          variables: 96 * 7,
          constraints: 96 * 2,
          solver: "HiGHS (highs npm 1.15.3, wasm), LP text",
        },
        solveMs: replanMs,
        firstSolvesMs: summarise(coldMs),
        closedLoopTwoDays: { steps: 192, replanEverySteps: 4, decisionLatencyMs: day.latency },
        yearEstimateSeconds: {
          replanEvery1: (35040 * replanMs.median) / 1000,
          replanEvery4: (8760 * replanMs.median) / 1000,
        },
        machine: machine(),
      },
      null,
      1,
    ),
  );
}
main();
