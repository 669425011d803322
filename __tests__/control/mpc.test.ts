import {
  DEFAULT_MPC,
  type DispatchPlan,
  type DispatchWindow,
  type GridLimits,
  loadLpSolver,
  type MpcConfig,
  MpcController,
  runMpc,
  solveDispatchLp,
} from "../../lib/control/mpc";
import { createRng } from "../../lib/core/rng";
import { billingMonths, operatingCost, peakDemandChargeUsd } from "../../lib/metrics/economics";
import { allocateCityFlows } from "../../lib/metrics/flows";
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

/** A plan's flows as lib/metrics reads them (import = load + charging; discharge = max(0, battery power)). */
function flowsOfPlan(plan: DispatchPlan, w: DispatchWindow, stepH: number) {
  const n = plan.importMw.length;
  const f = allocateCityFlows(n, stepH);
  const col = f as unknown as Record<string, Float64Array>;
  for (let t = 0; t < n; t++) {
    col.gridImportMwh[t] = plan.importMw[t] * stepH;
    col.gridExportMwh[t] = plan.exportMw[t] * stepH;
    col.batteryDischargeMwh[t] = Math.max(0, plan.batteryPowerMw[t]) * stepH;
    col.importPriceUsdPerMwh[t] = w.importPriceUsdPerMwh[t];
    col.exportPriceUsdPerMwh[t] = w.exportPriceUsdPerMwh[t];
  }
  return f;
}

describe("dispatch LP with the demand charge", () => {
  const close = (a: number, b: number, rel = 1e-6) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));

  test("the objective equals lib/metrics' operating cost of the plan (two days across a month boundary)", async () => {
    const highs = await loadLpSolver();
    const stepH = 1;
    const startDay = 30; // 31 January: 24 steps in January, 24 in February
    const kpi = {
      peakDemandTariffUsdPerMwMonth: 15000,
      batteryDegradationUsdPerMwh: 29,
      p2pFeeUsdPerMwh: 6,
      startDayOfYear: startDay,
    };
    const cfg: MpcConfig = {
      ...DEFAULT_MPC,
      degradationUsdPerMwhDischarged: kpi.batteryDegradationUsdPerMwh,
      peakDemandTariffUsdPerMwMonth: kpi.peakDemandTariffUsdPerMwMonth,
    };
    for (const seed of [21, 22, 23]) {
      const base = tinyCase(seed, 48);
      const months = billingMonths(48, stepH, startDay);
      const w: DispatchWindow = { ...base, monthKey: months.key, monthShare: months.coveredShare };
      const plan = solveDispatchLp(highs, BATTERY, GRID, cfg, 2, w, stepH);
      expect(plan.unservedMw.every((u) => u === 0)).toBe(true);
      const f = flowsOfPlan(plan, w, stepH);
      const cost = operatingCost(f, kpi);
      expect(cost.peakDemandChargeUsd).toBeGreaterThan(0);
      close(plan.costUsd, cost.totalUsd);
      close(plan.peakChargeUsd, cost.peakDemandChargeUsd);
      // the same LP without the tariff is the energy LP, whose plan pays more under the KPI
      const energyOnly = solveDispatchLp(
        highs,
        BATTERY,
        GRID,
        { ...cfg, peakDemandTariffUsdPerMwMonth: 0 },
        2,
        w,
        1,
      );
      expect(energyOnly.peakChargeUsd).toBe(0);
      expect(operatingCost(flowsOfPlan(energyOnly, w, stepH), kpi).totalUsd).toBeGreaterThanOrEqual(
        cost.totalUsd - 1e-6,
      );
    }
  });

  // Closed form: night load 1 MW at 10 USD/MWh, day load 3 MW at 100 USD/MWh, an empty lossless battery.
  // Charging c MWh at night costs 10 (1 + c) + 100 (3 - c) + T max(1 + c, 3 - c): without a tariff the
  // LP charges the whole day load (c = 3, night import 4 MW > the 3 MW peak of no battery); with
  // T = 1,000 USD/MW > 90 the optimum is c = 1 (import 2 MW at both steps).
  const LOSSLESS: BatteryLimits = {
    capacityMwh: 4,
    socMinMwh: 0,
    socMaxMwh: 4,
    maxChargeMw: 4,
    maxDischargeMw: 4,
    etaCharge: 1,
    etaDischarge: 1,
  };
  const night: DispatchWindow = {
    netLoadMw: [1, 3],
    importPriceUsdPerMwh: [10, 100],
    exportPriceUsdPerMwh: [0, 0],
  };

  test("charging from the grid at night is not allowed to set a new monthly peak (closed form)", async () => {
    const highs = await loadLpSolver();
    const off = solveDispatchLp(highs, LOSSLESS, GRID, DEFAULT_MPC, 0, night, 1);
    expect(Array.from(off.importMw)).toEqual([4, 0]);
    expect(off.costUsd).toBeCloseTo(40, 9);
    const cfg = { ...DEFAULT_MPC, peakDemandTariffUsdPerMwMonth: 1000 };
    const on = solveDispatchLp(highs, LOSSLESS, GRID, cfg, 0, night, 1);
    expect(on.importMw[0]).toBeCloseTo(2, 9);
    expect(on.importMw[1]).toBeCloseTo(2, 9);
    expect(on.costUsd).toBeCloseTo(220 + 2000, 6);
    expect(on.peakChargeUsd).toBeCloseTo(2000, 6);
    // A peak of 3.5 MW already executed this month: charging up to it is free, beyond it costs T
    // (> the 90 USD/MWh spread), so c = 2.5 and the plan adds nothing to the month's bill.
    const later = solveDispatchLp(highs, LOSSLESS, GRID, cfg, 0, night, 1, 0, 2, {
      monthKey: 0,
      peakMw: 3.5,
    });
    expect(later.importMw[0]).toBeCloseTo(3.5, 9);
    expect(later.importMw[1]).toBeCloseTo(0.5, 9);
    expect(later.costUsd).toBeCloseTo(85, 6);
    expect(later.peakChargeUsd).toBeCloseTo(0, 6);
  });

  test("the controller's running peak is the executed import of the month and restarts at a month change", async () => {
    const highs = await loadLpSolver();
    const ctl = new MpcController(highs, LOSSLESS, GRID, {
      horizonSteps: 2,
      replanEverySteps: 1,
      peakDemandTariffUsdPerMwMonth: 1000,
    });
    ctl.recordExecutedImport(0, 3.5);
    ctl.recordExecutedImport(0, 2);
    expect(ctl.runningPeak).toEqual({ monthKey: 0, peakMw: 3.5 });
    expect(ctl.decide(0, 0, { ...night, monthKey: [0, 0] }, 1).batteryPowerMw).toBeCloseTo(-2.5, 9);
    ctl.recordExecutedImport(1, 0.1); // a new month: the 3.5 MW belong to the last one
    expect(ctl.runningPeak).toEqual({ monthKey: 1, peakMw: 0.1 });
    expect(ctl.decide(1, 0, { ...night, monthKey: [1, 1] }, 1).batteryPowerMw).toBeCloseTo(-1, 9);
  });

  test("months inside one window are billed separately, each with its own share and running peak", async () => {
    const highs = await loadLpSolver();
    // Flat 50 USD/MWh and a lossless battery: energy costs 400 USD whatever the plan; only the peaks differ.
    const bat: BatteryLimits = {
      ...LOSSLESS,
      capacityMwh: 10,
      socMaxMwh: 10,
      maxChargeMw: 5,
      maxDischargeMw: 5,
    };
    const base = {
      netLoadMw: [1, 1, 3, 3],
      importPriceUsdPerMwh: [50, 50, 50, 50],
      exportPriceUsdPerMwh: [0, 0, 0, 0],
    };
    const cfg = { ...DEFAULT_MPC, peakDemandTariffUsdPerMwMonth: 1000 };
    const solve = (share: number[], peak: { monthKey: number; peakMw: number } | null = null) =>
      solveDispatchLp(
        highs,
        bat,
        GRID,
        cfg,
        0,
        { ...base, monthKey: [0, 0, 1, 1], monthShare: share },
        1,
        0,
        4,
        peak,
      );
    // one month (no keys): flatten to 2 MW
    const one = solveDispatchLp(highs, bat, GRID, cfg, 0, base, 1);
    expect(Math.max(...one.importMw)).toBeCloseTo(2, 9);
    expect(one.costUsd).toBeCloseTo(400 + 2 * 1000, 6);
    // month 0 billed at half weight: move all of month 1's load into it (imports 4, 4, 0, 0)
    const cheapFirst = solve([0.5, 0.5, 1, 1]);
    expect(Array.from(cheapFirst.importMw).map((x) => Math.round(x * 1e9) / 1e9 + 0)).toEqual([4, 4, 0, 0]);
    expect(cheapFirst.costUsd).toBeCloseTo(400 + 500 * 4, 6);
    // month 1 billed at half weight: do nothing (imports 1, 1, 3, 3)
    const cheapSecond = solve([1, 1, 0.5, 0.5]);
    expect(cheapSecond.costUsd).toBeCloseTo(400 + 1000 * 1 + 500 * 3, 6);
    expect(cheapSecond.importMw[2]).toBeCloseTo(3, 9);
    // month 0 already peaked at 2.5 MW: charge up to it for free (imports 2.5, 2.5, 1.5, 1.5)
    const peaked = solve([1, 1, 0.5, 0.5], { monthKey: 0, peakMw: 2.5 });
    expect(peaked.costUsd).toBeCloseTo(400 + 0 + 500 * 1.5, 6);
    expect(peaked.importMw[0]).toBeCloseTo(2.5, 9);
    expect(peaked.importMw[3]).toBeCloseTo(1.5, 9);
    // and the closed loop's cost carries the demand charge the KPI bills
    const loop = await runMpc(
      bat,
      GRID,
      { ...base, monthKey: [0, 0, 1, 1], monthShare: [1, 1, 0.5, 0.5] },
      0,
      1,
      {
        ...cfg,
        horizonSteps: 4,
        replanEverySteps: 1,
      },
    );
    const imports = base.netLoadMw.map((nl, t) => nl - loop.batteryPowerMw[t]);
    const billed = 1000 * Math.max(imports[0], imports[1]) + 500 * Math.max(imports[2], imports[3]);
    expect(loop.costUsd).toBeCloseTo(50 * imports.reduce((a, b) => a + b, 0) + billed, 6);
    expect(loop.costUsd).toBeCloseTo(cheapSecond.costUsd, 6);
  });

  test("billingMonths is the KPI's calendar (pro-rata shares and the charge it bills)", () => {
    const m = billingMonths(48, 1, 30);
    expect(m.key[23]).toBe(0);
    expect(m.key[24]).toBe(1);
    expect(m.coveredShare[0]).toBeCloseTo(1 / 31, 12);
    expect(m.coveredShare[47]).toBeCloseTo(1 / 28, 12);
    const p = Float64Array.from({ length: 48 }, (_, t) => (t < 24 ? 2 : 5));
    expect(peakDemandChargeUsd(p, 1, 1000, 30)).toBeCloseTo(1000 * (2 / 31 + 5 / 28), 9);
  });
});
