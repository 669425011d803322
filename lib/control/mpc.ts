import type { Highs } from "highs";
import loadHighs from "highs";
import { ConfigError, ConvergenceError, requireInRange, requirePositiveInt } from "../core/errors";
import {
  type BatteryLimits,
  feasibleBatteryPowerMw,
  nextSocMwh,
  validateBatteryLimits,
} from "../storage/battery";
import { LatencyLog, timed } from "./latency";

/**
 * Centralised model-predictive control (Benchmark 2 of seed 000, notes-000 §2: "A deterministic
 * optimization framework utilizing perfect forecast information"): a receding-horizon LP over battery
 * charge/discharge and grid import/export, solved with HiGHS (Huangfu & Hall 2018) via the `highs` package.
 * Per step t of the window (stepH hours; powers in MW, energies = power x stepH in MWh), minimise
 *   stepH * sum_t [ pi_imp_t g_t - pi_exp_t x_t + degT (c_t + d_t) + degD d_t + VoLL u_t ]
 *   + sum_{m in window} w_m (z_m - P_m)                                    (peak demand charge increment)
 * s.t. g_t - x_t - c_t + d_t - k_t + u_t = netLoad_t          (power balance; netLoad = load - renewables)
 *      s_t = s_{t-1} + etaC stepH c_t - stepH d_t / etaD      (SOC dynamics, s_{-1} = measured SOC)
 *      z_m >= g_t for every t of month m in the window, z_m >= P_m   (epigraph of the month's peak import)
 *      0 <= c <= Pc, 0 <= d <= Pd, socMin <= s <= socMax, 0 <= g <= Gimp, 0 <= x <= Gexp,
 *      0 <= k <= max(0, -netLoad) (curtailment), 0 <= u <= max(0, netLoad) (unserved load).
 * degT (`degradationUsdPerMwh`) is a throughput cost on charge and discharge; degD
 * (`degradationUsdPerMwhDischarged`) a cost per MWh delivered by the battery (d_t x stepH), as the city
 * env and lib/metrics charge it. The import g_t is everything bought from the grid, load AND battery
 * charging (the balance: g = netLoad + c - d + x + k - u), in MW, i.e. the step's average import
 * power, the quantity lib/metrics `peakDemandChargeUsd` bills (gridImport + gridToBattery) / stepH.
 * Demand charge (off when `peakDemandTariffUsdPerMwMonth` = 0, the default, which is the LP without
 * z): the window's steps carry a billing-month key (`DispatchWindow.monthKey`, default: one month) and
 * the share of that month the scored run covers (`monthShare`, default 1; lib/metrics bills a month
 * covered in part pro rata); w_m = tariff (USD/MW-month) x monthShare_m (USD/MW). P_m is the peak
 * import (MW) already executed in month m (`RunningPeak`; 0 for a month not yet started), so
 * w_m (z_m - P_m) = w_m max(0, max_{t in m} g_t - P_m) is exactly what the plan adds to the month's
 * bill: the whole objective (VoLL aside) is what the plan adds to lib/metrics `operatingCost` of the
 * run, and with every P_m = 0 it equals `operatingCost` of the plan's flows (a test checks it to 1e-6).
 * `MpcController` tracks P_m from the imports reported to
 * `recordExecutedImport` and resets it at a month change.
 * The centralised paradigm controls the battery and the grid exchange only: no P2P market and no demand
 * response (DESIGN.md §5; a variant with them is the caller's to compose).
 */
export interface MpcConfig {
  /** Look-ahead in steps: 96 = 24 h at 15 min, a day-ahead horizon covering one full daily price cycle. */
  readonly horizonSteps: number;
  /** Re-solve every this many steps, executing the plan in between: 4 = hourly at 15-min steps (our choice; the paper is silent). */
  readonly replanEverySteps: number;
  /** Throughput cost of the battery, USD per MWh charged or discharged; 0 by default (the paper gives no degradation model). */
  readonly degradationUsdPerMwh: number;
  /** Degradation per MWh discharged (the city env's and lib/metrics' form); 0 by default. */
  readonly degradationUsdPerMwhDischarged: number;
  /** Penalty on unserved load; 9,000 USD/MWh, ERCOT's value of lost load in its operating reserve demand curve (PUCT 2014). */
  readonly valueOfLostLoadUsdPerMwh: number;
  /** Minimum SOC at the end of each window (MWh); null leaves it free. */
  readonly terminalSocMwh: number | null;
  /**
   * Demand charge (USD per MW of monthly peak import per month); 0 (default) leaves it out of the LP.
   * Seed 000's city passes lib/metrics DEFAULT_KPI_OPTIONS' tariff, the one its operating cost bills.
   */
  readonly peakDemandTariffUsdPerMwMonth: number;
}

export const DEFAULT_MPC: MpcConfig = {
  horizonSteps: 96,
  replanEverySteps: 4,
  degradationUsdPerMwh: 0,
  degradationUsdPerMwhDischarged: 0,
  valueOfLostLoadUsdPerMwh: 9000,
  terminalSocMwh: null,
  peakDemandTariffUsdPerMwMonth: 0,
};

export interface GridLimits {
  readonly importMaxMw: number;
  readonly exportMaxMw: number;
}

/** Forecast (or truth) for a window starting at the decision step; equal-length series. */
export interface DispatchWindow {
  readonly netLoadMw: ArrayLike<number>;
  readonly importPriceUsdPerMwh: ArrayLike<number>;
  readonly exportPriceUsdPerMwh: ArrayLike<number>;
  /** Billing-month key per step (any integers; equal keys = one month); default: the window is one month. */
  readonly monthKey?: ArrayLike<number>;
  /** Per step, the share of its month the scored run covers (the demand charge's pro-rata factor); default 1. */
  readonly monthShare?: ArrayLike<number>;
}

/** The peak import (MW) already executed in billing month `monthKey` (the demand charge's P_m). */
export interface RunningPeak {
  readonly monthKey: number;
  readonly peakMw: number;
}

export interface DispatchPlan {
  /** + discharge, - charge. */
  readonly batteryPowerMw: Float64Array;
  readonly importMw: Float64Array;
  readonly exportMw: Float64Array;
  readonly curtailMw: Float64Array;
  readonly unservedMw: Float64Array;
  /** SOC at the END of each step. */
  readonly socMwh: Float64Array;
  /** The objective: energy, degradation, VoLL and the demand-charge increment (USD). */
  readonly costUsd: number;
  /** The demand-charge increment sum_m w_m (z_m - P_m) inside costUsd (USD); 0 with the tariff off. */
  readonly peakChargeUsd: number;
}

let highsPromise: Promise<Highs> | null = null;

/** The HiGHS solver (loaded once per process). */
export function loadLpSolver(): Promise<Highs> {
  if (highsPromise === null) highsPromise = loadHighs();
  return highsPromise;
}

function num(v: number): string {
  if (!Number.isFinite(v)) throw new ConfigError(`non-finite coefficient ${v}`, "solveDispatchLp");
  const s = String(v);
  return s.includes("e") ? v.toFixed(12) : s;
}

/**
 * Solves the dispatch LP over `len` steps of `window` from index `from` (default all). `peakSoFar`: the
 * peak import already executed in its month (P_m of that month; every other month of the window starts
 * from 0); only used with a positive `peakDemandTariffUsdPerMwMonth`.
 */
export function solveDispatchLp(
  highs: Highs,
  battery: BatteryLimits,
  grid: GridLimits,
  config: MpcConfig,
  socStartMwh: number,
  window: DispatchWindow,
  stepH: number,
  from = 0,
  len = window.netLoadMw.length - from,
  peakSoFar: RunningPeak | null = null,
): DispatchPlan {
  if (len <= 0) throw new ConfigError(`empty window (from ${from}, length ${len})`, "solveDispatchLp");
  const { etaCharge: ec, etaDischarge: ed } = battery;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const degC = config.degradationUsdPerMwh * stepH;
  const degD = (config.degradationUsdPerMwh + (config.degradationUsdPerMwhDischarged ?? 0)) * stepH;
  const tariff = config.peakDemandTariffUsdPerMwMonth ?? 0;
  // Demand charge: one epigraph variable z_j per billing month j of the window (in order of appearance).
  const months: { key: number; weight: number; floor: number }[] = [];
  let monthOf: Int32Array | null = null;
  if (tariff > 0) {
    monthOf = new Int32Array(len);
    for (let q = 0; q < len; q++) {
      const key = window.monthKey ? window.monthKey[from + q] : 0;
      let j = months.length - 1;
      if (j < 0 || months[j].key !== key) {
        j = months.findIndex((m) => m.key === key);
        if (j < 0) {
          const share = window.monthShare ? window.monthShare[from + q] : 1;
          const floor = peakSoFar !== null && peakSoFar.monthKey === key ? Math.max(0, peakSoFar.peakMw) : 0;
          months.push({ key, weight: tariff * share, floor });
          j = months.length - 1;
        }
      }
      monthOf[q] = j;
    }
  }
  for (let q = 0; q < len; q++) {
    const t = from + q;
    const nl = window.netLoadMw[t];
    const pi = window.importPriceUsdPerMwh[t] * stepH;
    const pe = window.exportPriceUsdPerMwh[t] * stepH;
    obj.push(`+ ${num(pi)} g${q} - ${num(pe)} x${q} + ${num(degC)} c${q} + ${num(degD)} d${q}`);
    obj.push(`+ ${num(config.valueOfLostLoadUsdPerMwh * stepH)} u${q}`);
    rows.push(` b${q}: g${q} - x${q} - c${q} + d${q} - k${q} + u${q} = ${num(nl)}`);
    const prev = q === 0 ? "" : ` - s${q - 1}`;
    rows.push(
      ` e${q}: s${q}${prev} - ${num(ec * stepH)} c${q} + ${num(stepH / ed)} d${q} = ${num(q === 0 ? socStartMwh : 0)}`,
    );
    if (monthOf !== null) rows.push(` p${q}: z${monthOf[q]} - g${q} >= 0`);
    bounds.push(
      ` 0 <= c${q} <= ${num(battery.maxChargeMw)}`,
      ` 0 <= d${q} <= ${num(battery.maxDischargeMw)}`,
      ` 0 <= g${q} <= ${num(grid.importMaxMw)}`,
      ` 0 <= x${q} <= ${num(grid.exportMaxMw)}`,
      ` 0 <= k${q} <= ${num(Math.max(0, -nl))}`,
      ` 0 <= u${q} <= ${num(Math.max(0, nl))}`,
      ` ${num(battery.socMinMwh)} <= s${q} <= ${num(battery.socMaxMwh)}`,
    );
  }
  // The constant -sum_j w_j P_j of the increment is added after the solve (LP text has no constants).
  let billedUsd = 0;
  months.forEach((m, j) => {
    obj.push(`+ ${num(m.weight)} z${j}`);
    bounds.push(` z${j} >= ${num(m.floor)}`);
    billedUsd += m.weight * m.floor;
  });
  if (config.terminalSocMwh !== null) rows.push(` term: s${len - 1} >= ${num(config.terminalSocMwh)}`);
  const lp = `Minimize\n obj: ${obj.join(" ")}\nSubject To\n${rows.join("\n")}\nBounds\n${bounds.join("\n")}\nEnd\n`;
  const res = highs.solve(lp, { output_flag: false } as never);
  if (res.Status !== "Optimal") {
    throw new ConvergenceError(
      `HiGHS returned "${res.Status}" for the ${len}-step dispatch LP from SOC ${socStartMwh} MWh`,
      `solveDispatchLp(from ${from})`,
      "check that the initial SOC lies inside [socMin, socMax] and the terminal SOC is reachable",
    );
  }
  const col = (name: string) => (res.Columns[name] as { Primal: number }).Primal;
  let peakChargeUsd = 0;
  months.forEach((m, j) => {
    peakChargeUsd += m.weight * col(`z${j}`);
  });
  peakChargeUsd -= billedUsd;
  const plan = {
    batteryPowerMw: new Float64Array(len),
    importMw: new Float64Array(len),
    exportMw: new Float64Array(len),
    curtailMw: new Float64Array(len),
    unservedMw: new Float64Array(len),
    socMwh: new Float64Array(len),
    costUsd: res.ObjectiveValue - billedUsd,
    peakChargeUsd,
  };
  for (let q = 0; q < len; q++) {
    plan.batteryPowerMw[q] = col(`d${q}`) - col(`c${q}`);
    plan.importMw[q] = col(`g${q}`);
    plan.exportMw[q] = col(`x${q}`);
    plan.curtailMw[q] = col(`k${q}`);
    plan.unservedMw[q] = col(`u${q}`);
    plan.socMwh[q] = col(`s${q}`);
  }
  return plan;
}

export interface MpcDecision {
  readonly batteryPowerMw: number;
  readonly replanned: boolean;
  /** Wall clock of this decision (the LP solve when re-planning, a plan lookup otherwise). */
  readonly latencyMs: number;
}

/** Receding-horizon controller: re-plans every `replanEverySteps`, executes the stored plan in between. */
export class MpcController {
  readonly config: MpcConfig;
  readonly latency = new LatencyLog();
  private plan: DispatchPlan | null = null;
  private planStart = -1;
  private peak: RunningPeak | null = null;

  constructor(
    private readonly highs: Highs,
    readonly battery: BatteryLimits,
    readonly grid: GridLimits,
    config: Partial<MpcConfig> = {},
  ) {
    this.config = { ...DEFAULT_MPC, ...config };
    validateBatteryLimits(battery, "MpcController.battery");
    requirePositiveInt(this.config.horizonSteps, "MpcConfig.horizonSteps");
    requirePositiveInt(this.config.replanEverySteps, "MpcConfig.replanEverySteps");
    requireInRange(this.config.degradationUsdPerMwh, 0, 1e6, "MpcConfig.degradationUsdPerMwh");
    requireInRange(
      this.config.degradationUsdPerMwhDischarged,
      0,
      1e6,
      "MpcConfig.degradationUsdPerMwhDischarged",
    );
    requireInRange(
      this.config.peakDemandTariffUsdPerMwMonth,
      0,
      1e9,
      "MpcConfig.peakDemandTariffUsdPerMwMonth",
    );
  }

  /** The peak import executed so far in the current billing month (null before the first report). */
  get runningPeak(): RunningPeak | null {
    return this.peak;
  }

  /**
   * Reports the grid import (MW: load + battery charging, the step's average) that a step executed in
   * billing month `monthKey`; the running peak P_m is its maximum within the month and restarts
   * at a month change. The next plans bill only what exceeds it.
   */
  recordExecutedImport(monthKey: number, importMw: number): void {
    if (this.peak === null || this.peak.monthKey !== monthKey) this.peak = { monthKey, peakMw: importMw };
    else if (importMw > this.peak.peakMw) this.peak = { monthKey, peakMw: importMw };
  }

  /**
   * Decision at step t from the measured SOC. `forecast` gives the series from step t on (at least one
   * step; the LP uses min(horizon, available) steps). Returns the battery power, clipped to what the
   * measured SOC allows.
   */
  decide(t: number, socMwh: number, forecast: DispatchWindow, stepH: number): MpcDecision {
    const { value, latencyMs } = timed(() => {
      const stale =
        this.plan === null || t - this.planStart >= this.config.replanEverySteps || t < this.planStart;
      const age = t - this.planStart;
      if (stale || age >= this.plan!.batteryPowerMw.length) {
        const len = Math.min(this.config.horizonSteps, forecast.netLoadMw.length);
        this.plan = solveDispatchLp(
          this.highs,
          this.battery,
          this.grid,
          this.config,
          socMwh,
          forecast,
          stepH,
          0,
          len,
          this.peak,
        );
        this.planStart = t;
        return { p: this.plan.batteryPowerMw[0], replanned: true };
      }
      return { p: this.plan!.batteryPowerMw[age], replanned: false };
    });
    this.latency.add(latencyMs);
    return {
      batteryPowerMw: feasibleBatteryPowerMw(this.battery, socMwh, value.p, stepH),
      replanned: value.replanned,
      latencyMs,
    };
  }
}

/**
 * Cost of one step's grid exchange after the battery acts (what the LP's balance would settle to),
 * without the demand charge (a month's charge depends on its peak; `runMpc` adds it).
 */
export function settleStep(
  netLoadMw: number,
  batteryPowerMw: number,
  importPrice: number,
  exportPrice: number,
  grid: GridLimits,
  stepH: number,
  config: Pick<MpcConfig, "degradationUsdPerMwh" | "valueOfLostLoadUsdPerMwh"> &
    Partial<Pick<MpcConfig, "degradationUsdPerMwhDischarged">>,
): { importMw: number; exportMw: number; curtailMw: number; unservedMw: number; costUsd: number } {
  const net = netLoadMw - batteryPowerMw; // + needs import
  const importMw = Math.min(Math.max(0, net), grid.importMaxMw);
  const exportMw = Math.min(Math.max(0, -net), grid.exportMaxMw);
  const unservedMw = Math.max(0, net) - importMw;
  const curtailMw = Math.max(0, -net) - exportMw;
  const costUsd =
    stepH *
    (importPrice * importMw -
      exportPrice * exportMw +
      config.degradationUsdPerMwh * Math.abs(batteryPowerMw) +
      (config.degradationUsdPerMwhDischarged ?? 0) * Math.max(0, batteryPowerMw) +
      config.valueOfLostLoadUsdPerMwh * unservedMw);
  return { importMw, exportMw, curtailMw, unservedMw, costUsd };
}

/**
 * Closed-loop run over a whole series with perfect forecasts (the truth sliced from each step on). With
 * a tariff, each executed import is reported to the controller and the cost includes the demand charge
 * sum_m tariff x monthShare_m x max_{t in m} import_t.
 */
export async function runMpc(
  battery: BatteryLimits,
  grid: GridLimits,
  series: DispatchWindow,
  socStartMwh: number,
  stepH: number,
  config: Partial<MpcConfig> = {},
): Promise<{
  costUsd: number;
  batteryPowerMw: Float64Array;
  socMwh: Float64Array;
  latency: ReturnType<LatencyLog["summary"]>;
}> {
  const highs = await loadLpSolver();
  const ctl = new MpcController(highs, battery, grid, config);
  const T = series.netLoadMw.length;
  const p = new Float64Array(T);
  const socs = new Float64Array(T);
  let soc = socStartMwh;
  let cost = 0;
  const view = (a: ArrayLike<number>, t: number) =>
    a instanceof Float64Array ? a.subarray(t) : Float64Array.from(a).subarray(t);
  const tariff = ctl.config.peakDemandTariffUsdPerMwMonth;
  const peaks = new Map<number, { weight: number; peakMw: number }>();
  for (let t = 0; t < T; t++) {
    const fc: DispatchWindow = {
      netLoadMw: view(series.netLoadMw, t),
      importPriceUsdPerMwh: view(series.importPriceUsdPerMwh, t),
      exportPriceUsdPerMwh: view(series.exportPriceUsdPerMwh, t),
      ...(series.monthKey ? { monthKey: view(series.monthKey, t) } : {}),
      ...(series.monthShare ? { monthShare: view(series.monthShare, t) } : {}),
    };
    const d = ctl.decide(t, soc, fc, stepH);
    p[t] = d.batteryPowerMw;
    const settled = settleStep(
      series.netLoadMw[t],
      d.batteryPowerMw,
      series.importPriceUsdPerMwh[t],
      series.exportPriceUsdPerMwh[t],
      grid,
      stepH,
      ctl.config,
    );
    cost += settled.costUsd;
    if (tariff > 0) {
      const key = series.monthKey ? series.monthKey[t] : 0;
      ctl.recordExecutedImport(key, settled.importMw);
      const m = peaks.get(key) ?? {
        weight: tariff * (series.monthShare ? series.monthShare[t] : 1),
        peakMw: 0,
      };
      m.peakMw = Math.max(m.peakMw, settled.importMw);
      peaks.set(key, m);
    }
    soc = nextSocMwh(battery, soc, d.batteryPowerMw, stepH);
    socs[t] = soc;
  }
  for (const m of peaks.values()) cost += m.weight * m.peakMw;
  return { costUsd: cost, batteryPowerMw: p, socMwh: socs, latency: ctl.latency.summary() };
}
