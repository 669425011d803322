import type { Highs } from "highs";
import { DEFAULT_MPC, type DispatchWindow, type MpcConfig, MpcController } from "../../../control/mpc";
import { batteryLimits } from "../../../storage/battery";
import type { CityEnv } from "../env/cityEnv";
import type { CityPolicy } from "../env/rulePolicy";
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
 * Degradation: the env charges 28.96 USD/MWh discharged; the LP charges `degradationUsdPerMwh` on
 * charge AND discharge, so we pass deg x rte / (1 + rte), the same cost per cycle (charge = discharge / rte).
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

/** The scenario's truth as the MPC's window series (MW and USD/MWh per step). */
export function mpcSeriesOf(sc: Scenario): DispatchWindow & { netLoadMw: Float64Array } {
  const n = sc.time.length;
  const net = new Float64Array(n);
  for (let t = 0; t < n; t++)
    net[t] = sc.demand.totalBaseMw[t] - sc.renewables.windMw[t] - sc.renewables.pvMw[t];
  return {
    netLoadMw: net,
    importPriceUsdPerMwh: sc.prices.importUsdPerMwh,
    exportPriceUsdPerMwh: sc.prices.exportUsdPerMwh,
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
  const rte = city.battery.roundTripEfficiency;
  const mpcCfg: Partial<MpcConfig> = {
    ...DEFAULT_MPC,
    degradationUsdPerMwh: (city.battery.degradationUsdPerMwhDischarged * rte) / (1 + rte),
    ...c.mpc,
  };
  const grid = { importMaxMw: city.grid.importLimitMw, exportMaxMw: city.grid.exportLimitMw };
  const a = baseCityActions(env.entityCount);
  let scenario: Scenario | null = null;
  let series: (DispatchWindow & { netLoadMw: Float64Array }) | null = null;
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
    let window: DispatchWindow;
    if (c.renewableForecast) {
      const h = Math.min(scenario.time.length - t, mpcCfg.horizonSteps ?? DEFAULT_MPC.horizonSteps);
      const f = c.renewableForecast(scenario, t, h);
      const net = new Float64Array(h);
      for (let k = 0; k < h; k++) net[k] = scenario.demand.totalBaseMw[t + k] - f.windMw[k] - f.pvMw[k];
      window = {
        netLoadMw: net,
        importPriceUsdPerMwh: (s.importPriceUsdPerMwh as Float64Array).subarray(t, t + h),
        exportPriceUsdPerMwh: (s.exportPriceUsdPerMwh as Float64Array).subarray(t, t + h),
      };
    } else {
      window = {
        netLoadMw: s.netLoadMw.subarray(t),
        importPriceUsdPerMwh: (s.importPriceUsdPerMwh as Float64Array).subarray(t),
        exportPriceUsdPerMwh: (s.exportPriceUsdPerMwh as Float64Array).subarray(t),
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
