import {
  DEFAULT_MPC,
  type DispatchWindow,
  type GridLimits,
  loadLpSolver,
  type MpcConfig,
  runMpc,
  solveDispatchLp,
} from "../../lib/control/mpc";
import { createRng } from "../../lib/core/rng";
import type { BatteryLimits } from "../../lib/storage/battery";

/**
 * A tiny case built so the LP optimum lies on a 0.25 MWh SOC grid: every breakpoint of the per-step
 * cost as a function of the SOC change (power limits, the point where the grid exchange changes sign)
 * and every bound is a multiple of 0.25 MWh. The LP is a convex-cost flow on a path, so an optimum on
 * that grid exists and dynamic programming over the grid finds the exact optimum.
 */
const BATTERY: BatteryLimits = {
  capacityMwh: 4,
  socMinMwh: 0,
  socMaxMwh: 4,
  maxChargeMw: 2.5, // x 0.8 = 2.0 MWh per step
  maxDischargeMw: 1.6, // / 0.8 = 2.0 MWh per step
  etaCharge: 0.8,
  etaDischarge: 0.8,
};
const GRID: GridLimits = { importMaxMw: 100, exportMaxMw: 100 };
const DELTA = 0.25;
const NET_LOAD_CHOICES = [-1.25, -0.625, 0, 0.4, 0.8, 1.2]; // SOC changes at the sign flip: 1, 0.5, 0, -0.5, -1, -1.5

function stepCost(
  dSoc: number,
  netLoad: number,
  pi: number,
  pe: number,
  cfg: MpcConfig,
  stepH: number,
): number {
  const c = dSoc > 0 ? dSoc / (BATTERY.etaCharge * stepH) : 0;
  const d = dSoc < 0 ? (-dSoc * BATTERY.etaDischarge) / stepH : 0;
  if (c > BATTERY.maxChargeMw + 1e-12 || d > BATTERY.maxDischargeMw + 1e-12) return Number.POSITIVE_INFINITY;
  const net = netLoad + c - d;
  const imp = Math.max(0, net);
  const exp = Math.max(0, -net);
  return stepH * (pi * imp - pe * exp + cfg.degradationUsdPerMwh * (c + d));
}

/** Exact optimum by backward dynamic programming over the SOC grid. */
function dpOptimum(w: DispatchWindow, soc0: number, cfg: MpcConfig, stepH: number): number {
  const n = Math.round((BATTERY.socMaxMwh - BATTERY.socMinMwh) / DELTA) + 1;
  const T = w.netLoadMw.length;
  let next = new Float64Array(n); // value-to-go after the last step: 0 (free terminal SOC)
  for (let t = T - 1; t >= 0; t--) {
    const cur = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const c =
          stepCost(
            (j - i) * DELTA,
            w.netLoadMw[t],
            w.importPriceUsdPerMwh[t],
            w.exportPriceUsdPerMwh[t],
            cfg,
            stepH,
          ) + next[j];
        if (c < cur[i]) cur[i] = c;
      }
    next = cur;
  }
  return next[Math.round((soc0 - BATTERY.socMinMwh) / DELTA)];
}

function tinyCase(seed: number, T = 6): DispatchWindow {
  const rng = createRng(seed, "mpc-tiny");
  const imp = Float64Array.from({ length: T }, () => 20 + rng.int(131));
  return {
    netLoadMw: Float64Array.from({ length: T }, () => NET_LOAD_CHOICES[rng.int(NET_LOAD_CHOICES.length)]),
    importPriceUsdPerMwh: imp,
    exportPriceUsdPerMwh: imp.map((p) => 0.5 * p),
  };
}

describe("dispatch LP and receding-horizon MPC vs dynamic programming", () => {
  const cfg: MpcConfig = { ...DEFAULT_MPC, horizonSteps: 6, replanEverySteps: 1 };
  const seeds = [1, 2, 3, 4, 5, 6];

  test.each(seeds)("LP optimum equals the DP optimum (case %i)", async (seed) => {
    const highs = await loadLpSolver();
    const w = tinyCase(seed);
    const plan = solveDispatchLp(highs, BATTERY, GRID, cfg, 1, w, 1);
    expect(plan.costUsd).toBeCloseTo(dpOptimum(w, 1, cfg, 1), 6);
    // the plan obeys the SOC dynamics and limits
    let soc = 1;
    for (let t = 0; t < 6; t++) {
      const p = plan.batteryPowerMw[t];
      soc += p >= 0 ? -p / BATTERY.etaDischarge : -p * BATTERY.etaCharge;
      expect(plan.socMwh[t]).toBeCloseTo(soc, 6);
      expect(plan.socMwh[t]).toBeGreaterThanOrEqual(-1e-9);
      expect(plan.socMwh[t]).toBeLessThanOrEqual(4 + 1e-9);
    }
  });

  test("with degradation cost too", async () => {
    const highs = await loadLpSolver();
    const c = { ...cfg, degradationUsdPerMwh: 7 };
    for (const seed of [11, 12]) {
      const w = tinyCase(seed);
      expect(solveDispatchLp(highs, BATTERY, GRID, c, 2, w, 1).costUsd).toBeCloseTo(dpOptimum(w, 2, c, 1), 6);
    }
  });

  test("closed-loop MPC with perfect forecasts reaches the optimum; shorter horizons never beat it", async () => {
    for (const seed of seeds) {
      const w = tinyCase(seed, 8);
      const opt = dpOptimum(w, 1, DEFAULT_MPC, 1);
      const full = await runMpc(BATTERY, GRID, w, 1, 1, { horizonSteps: 8, replanEverySteps: 1 });
      expect(full.costUsd).toBeCloseTo(opt, 6);
      const every3 = await runMpc(BATTERY, GRID, w, 1, 1, { horizonSteps: 8, replanEverySteps: 3 });
      expect(every3.costUsd).toBeCloseTo(opt, 6);
      expect(every3.latency.count).toBe(8);
      const short = await runMpc(BATTERY, GRID, w, 1, 1, { horizonSteps: 2, replanEverySteps: 1 });
      expect(short.costUsd).toBeGreaterThanOrEqual(opt - 1e-6);
    }
  });

  test("an unreachable terminal SOC is reported, not silently ignored", async () => {
    const highs = await loadLpSolver();
    const w = tinyCase(1, 1);
    expect(() => solveDispatchLp(highs, BATTERY, GRID, { ...cfg, terminalSocMwh: 3.9 }, 0, w, 1)).toThrow(
      /Infeasible|dispatch LP/,
    );
  });
});
