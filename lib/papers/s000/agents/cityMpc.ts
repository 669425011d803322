import type { Highs } from "highs";
import { DEFAULT_MPC, type DispatchWindow, type MpcConfig, MpcController } from "../../../control/mpc";
import { billingMonths } from "../../../metrics/economics";
import { DEFAULT_KPI_OPTIONS } from "../../../metrics/kpis";
import { batteryLimits } from "../../../storage/battery";
import type { CityEnv } from "../env/cityEnv";
import type { CityPolicy } from "../env/rulePolicy";
import type { CityConfig } from "../world/cityConfig";
import type { Scenario } from "../world/scenario";
import {
  baseCityActions,
  batteryAction,
  fixedBidding,
  fromUnit,
  readStorageObservation,
} from "./cityPolicies";

/**
 * Centralised MPC on the entity-level city (Benchmark 2, notes-000 §2: "a deterministic optimization
 * framework utilizing perfect forecast information"). Every `replanEverySteps` (4 = hourly) it solves
 * the dispatch LP of lib/control/mpc.ts with HiGHS over the next `horizonSteps` (96 = 24 h) of the
 * scenario's TRUE series (perfect forecasts): city net load = uncontrolled demand (all profile classes
 * + as-soon-as-possible EV charging) - available wind - PV, retail import and feed-in export prices,
 * the grid's import/export limits, the BESS's power, SOC window and one-way efficiencies. It executes
 * the battery set-point; the grid exchange follows from the env's routing, which is the LP's balance
 * (renewables serve load, then charge the battery, then export within the limit, rest curtailed).
 *
 * What the centralised paradigm lacks, following the paper's framing (MADRL-MOO's advantages are the
 * distributed market and the flexible demand, notes-000 §5 item 23): no P2P market (entities place no
 * orders; their surpluses reach the load through the utility's direct supply), no demand response
 * (no deferral), uncontrolled EV charging. `p2p` / `dr` give it the fixed bidding of BT-Only and the
 * peak-band DR rule of RBEMS, to show what it achieves with them (the LP still plans without DR).
 *
 * Objective = the operating-cost KPI (lib/metrics/kpis.ts `operatingCostUsd`, the cost every
 * strategy is scored on) of the window's plan, term by term: grid purchases (load + battery charging)
 * x retail price - exports x feed-in price + degradation 28.96 USD/MWh discharged (the env's
 * `degradationUsdPerMwhDischarged`, the column the KPI sums) + the increment of each month's peak
 * demand charge (lib/metrics DEFAULT_KPI_OPTIONS' 15,000 USD/MW-month x the share of the month the
 * episode covers, `billingMonths`, the KPI's own pro rata) over the peak import the env has executed
 * so far in the month (`recordExecutedImport` from the env's flows, reset at a month change). Not in
 * the LP: P2P fees (no market unless `p2p`, and then the LP cannot plan the auction) and DR incentives
 * (the KPI ignores them); the VoLL penalty on unserved load (the KPI has none; zero when the import
 * limit never binds). With perfect forecasts and a single plan over the whole episode, the LP's
 * objective equals the KPI's operating cost of the executed run (a test checks it); in the receding
 * horizon it optimises the KPI over the next `horizonSteps` with the battery's terminal energy free.
 */
export interface CityMpcConfig {
  readonly mpc: Partial<MpcConfig>;
  readonly p2p: boolean;
  readonly dr: boolean;
  /** DR share in the peak band when `dr`. */
  readonly peakDrShare: number;
  /**
   * Wind and PV forecasts (MW) for steps [t, t + horizon) as issued at step t; the MPC plans on them
   * instead of the truth (default: perfect foresight). Fig. 9(b) passes forecasts of a given accuracy.
   */
  readonly renewableForecast?: (
    sc: Scenario,
    t: number,
    horizon: number,
  ) => { readonly windMw: ArrayLike<number>; readonly pvMw: ArrayLike<number> };
}

export const DEFAULT_CITY_MPC: CityMpcConfig = { mpc: {}, p2p: false, dr: false, peakDrShare: 0.5 };

/** The MPC's series of a scenario: its truth, and every step's billing month and covered share. */
export type CityMpcSeries = DispatchWindow & {
  readonly netLoadMw: Float64Array;
  readonly importPriceUsdPerMwh: Float64Array;
  readonly exportPriceUsdPerMwh: Float64Array;
  readonly monthKey: Int32Array;
  readonly monthShare: Float64Array;
};

/**
 * The scenario's truth as the MPC's window series (MW and USD/MWh per step), with the billing months
 * of the KPI's demand charge (lib/metrics `billingMonths` from the scenario's start day).
 */
export function mpcSeriesOf(sc: Scenario): CityMpcSeries {
  const n = sc.time.length;
  const net = new Float64Array(n);
  for (let t = 0; t < n; t++)
    net[t] = sc.demand.totalBaseMw[t] - sc.renewables.windMw[t] - sc.renewables.pvMw[t];
  const months = billingMonths(n, sc.time.stepH, sc.time.startDay);
  return {
    netLoadMw: net,
    importPriceUsdPerMwh: sc.prices.importUsdPerMwh,
    exportPriceUsdPerMwh: sc.prices.exportUsdPerMwh,
    monthKey: months.key,
    monthShare: months.coveredShare,
  };
}

/**
 * The LP's costs for a city: the KPI's (degradation per MWh discharged at the battery's rate, the
 * KPI's demand-charge tariff) over DEFAULT_MPC, then `overrides`.
 */
export function cityMpcConfigOf(city: CityConfig, overrides: Partial<MpcConfig> = {}): MpcConfig {
  return {
    ...DEFAULT_MPC,
    degradationUsdPerMwh: 0,
    degradationUsdPerMwhDischarged: city.battery.degradationUsdPerMwhDischarged,
    peakDemandTariffUsdPerMwMonth: DEFAULT_KPI_OPTIONS.peakDemandTariffUsdPerMwMonth,
    ...overrides,
  };
}

export interface CityMpcPolicy {
  readonly policy: CityPolicy;
  /** LP solves so far (all episodes). */
  solves(): number;
  /** Wall clock of each LP solve (ms). */
  readonly solveMs: number[];
}

export function createMpcCityPolicy(
  env: CityEnv,
  highs: Highs,
  cfg: Partial<CityMpcConfig> = {},
): CityMpcPolicy {
  const c = { ...DEFAULT_CITY_MPC, ...cfg };
  const city = env.config;
  const bat = batteryLimits(city.battery);
  const mpcCfg = cityMpcConfigOf(city, c.mpc);
  const grid = { importMaxMw: city.grid.importLimitMw, exportMaxMw: city.grid.exportLimitMw };
  const a = baseCityActions(env.entityCount);
  let scenario: Scenario | null = null;
  let series: CityMpcSeries | null = null;
  let ctl: MpcController | null = null;
  let solves = 0;
  const solveMs: number[] = [];
  const policy: CityPolicy = (obs) => {
    const t = env.stepIndex;
    if (scenario !== env.scenario || t === 0 || ctl === null) {
      scenario = env.scenario;
      series = mpcSeriesOf(scenario);
      ctl = new MpcController(highs, bat, grid, mpcCfg);
    }
    const s = series!;
    if (t > 0) {
      // The import the env executed at t - 1 (load + battery charging, MW): the month's running peak.
      const f = env.flows;
      const mw = (f.gridImportMwh[t - 1] + f.gridToBatteryMwh[t - 1]) / scenario.time.stepH;
      ctl.recordExecutedImport(s.monthKey[t - 1], mw);
    }
    let window: DispatchWindow;
    if (c.renewableForecast) {
      const h = Math.min(scenario.time.length - t, mpcCfg.horizonSteps);
      const f = c.renewableForecast(scenario, t, h);
      const net = new Float64Array(h);
      for (let k = 0; k < h; k++) net[k] = scenario.demand.totalBaseMw[t + k] - f.windMw[k] - f.pvMw[k];
      window = {
        netLoadMw: net,
        importPriceUsdPerMwh: s.importPriceUsdPerMwh.subarray(t, t + h),
        exportPriceUsdPerMwh: s.exportPriceUsdPerMwh.subarray(t, t + h),
        monthKey: s.monthKey.subarray(t, t + h),
        monthShare: s.monthShare.subarray(t, t + h),
      };
    } else {
      window = {
        netLoadMw: s.netLoadMw.subarray(t),
        importPriceUsdPerMwh: s.importPriceUsdPerMwh.subarray(t),
        exportPriceUsdPerMwh: s.exportPriceUsdPerMwh.subarray(t),
        monthKey: s.monthKey.subarray(t),
        monthShare: s.monthShare.subarray(t),
      };
    }
    const v = readStorageObservation(obs, city);
    const d = ctl.decide(t, env.socMwh, window, scenario.time.stepH);
    if (d.replanned) {
      solves++;
      solveMs.push(d.latencyMs);
    }
    a.storage[0] = batteryAction(d.batteryPowerMw, city);
    if (c.dr) {
      const x = v.peakBand ? fromUnit(c.peakDrShare) : -1;
      for (let k = 0; k < 5; k++) a.consumer[k] = x;
    }
    if (c.p2p) fixedBidding(obs, a);
    return a;
  };
  return { policy, solves: () => solves, solveMs };
}
