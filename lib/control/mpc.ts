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
 * Per step t of the window (stepH hours), minimise
 *   stepH * sum_t [ pi_imp_t g_t - pi_exp_t x_t + deg (c_t + d_t) + VoLL u_t ]
 * s.t. g_t - x_t - c_t + d_t - k_t + u_t = netLoad_t          (power balance; netLoad = load - renewables)
 *      s_t = s_{t-1} + etaC stepH c_t - stepH d_t / etaD      (SOC dynamics, s_{-1} = measured SOC)
 *      0 <= c <= Pc, 0 <= d <= Pd, socMin <= s <= socMax, 0 <= g <= Gimp, 0 <= x <= Gexp,
 *      0 <= k <= max(0, -netLoad) (curtailment), 0 <= u <= max(0, netLoad) (unserved load).
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
  /** Penalty on unserved load; 9,000 USD/MWh, ERCOT's value of lost load in its operating reserve demand curve (PUCT 2014). */
  readonly valueOfLostLoadUsdPerMwh: number;
  /** Minimum SOC at the end of each window (MWh); null leaves it free. */
  readonly terminalSocMwh: number | null;
}

export const DEFAULT_MPC: MpcConfig = {
  horizonSteps: 96,
  replanEverySteps: 4,
  degradationUsdPerMwh: 0,
  valueOfLostLoadUsdPerMwh: 9000,
  terminalSocMwh: null,
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
  readonly costUsd: number;
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

/** Solves the dispatch LP over `len` steps of `window` from index `from` (default all). */
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
): DispatchPlan {
  if (len <= 0) throw new ConfigError(`empty window (from ${from}, length ${len})`, "solveDispatchLp");
  const { etaCharge: ec, etaDischarge: ed } = battery;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const deg = config.degradationUsdPerMwh * stepH;
  for (let q = 0; q < len; q++) {
    const t = from + q;
    const nl = window.netLoadMw[t];
    const pi = window.importPriceUsdPerMwh[t] * stepH;
    const pe = window.exportPriceUsdPerMwh[t] * stepH;
    obj.push(`+ ${num(pi)} g${q} - ${num(pe)} x${q} + ${num(deg)} c${q} + ${num(deg)} d${q}`);
    obj.push(`+ ${num(config.valueOfLostLoadUsdPerMwh * stepH)} u${q}`);
    rows.push(` b${q}: g${q} - x${q} - c${q} + d${q} - k${q} + u${q} = ${num(nl)}`);
    const prev = q === 0 ? "" : ` - s${q - 1}`;
    rows.push(
      ` e${q}: s${q}${prev} - ${num(ec * stepH)} c${q} + ${num(stepH / ed)} d${q} = ${num(q === 0 ? socStartMwh : 0)}`,
    );
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
  const plan = {
    batteryPowerMw: new Float64Array(len),
    importMw: new Float64Array(len),
    exportMw: new Float64Array(len),
    curtailMw: new Float64Array(len),
    unservedMw: new Float64Array(len),
    socMwh: new Float64Array(len),
    costUsd: res.ObjectiveValue,
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

/** Cost of one step's grid exchange after the battery acts (what the LP's balance would settle to). */
export function settleStep(
  netLoadMw: number,
  batteryPowerMw: number,
  importPrice: number,
  exportPrice: number,
  grid: GridLimits,
  stepH: number,
  config: Pick<MpcConfig, "degradationUsdPerMwh" | "valueOfLostLoadUsdPerMwh">,
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
      config.valueOfLostLoadUsdPerMwh * unservedMw);
  return { importMw, exportMw, curtailMw, unservedMw, costUsd };
}

/** Closed-loop run over a whole series with perfect forecasts (the truth sliced from each step on). */
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
  for (let t = 0; t < T; t++) {
    const fc = {
      netLoadMw: view(series.netLoadMw, t),
      importPriceUsdPerMwh: view(series.importPriceUsdPerMwh, t),
      exportPriceUsdPerMwh: view(series.exportPriceUsdPerMwh, t),
    };
    const d = ctl.decide(t, soc, fc, stepH);
    p[t] = d.batteryPowerMw;
    cost += settleStep(
      series.netLoadMw[t],
      d.batteryPowerMw,
      series.importPriceUsdPerMwh[t],
      series.exportPriceUsdPerMwh[t],
      grid,
      stepH,
      ctl.config,
    ).costUsd;
    soc = nextSocMwh(battery, soc, d.batteryPowerMw, stepH);
    socs[t] = soc;
  }
  return { costUsd: cost, batteryPowerMw: p, socMwh: socs, latency: ctl.latency.summary() };
}
