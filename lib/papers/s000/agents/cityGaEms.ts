import { requirePositiveInt } from "../../../core/errors";
import { billingMonths } from "../../../metrics/economics";
import { DEFAULT_KPI_OPTIONS } from "../../../metrics/kpis";
import { ga } from "../../../optimise/ga";
import { minimize } from "../../../optimise/minimize";
import { defineProblem } from "../../../optimise/problem";
import { batteryLimits } from "../../../storage/battery";
import { COMMON_FEATURES } from "../env/agents";
import type { CityEnv } from "../env/cityEnv";
import type { CityPolicy } from "../env/rulePolicy";
import type { Scenario } from "../world/scenario";
import { baseCityActions, fromUnit } from "./cityPolicies";

/**
 * GA-EMS (Benchmark 3, notes-000 §2: "a metaheuristic optimization approach employing evolutionary
 * search techniques"). At the first step of every day it runs lib/optimise's real-coded GA over the
 * day-ahead schedule: one battery command per hour (24 genes in [-1, 1], x max power, + discharge)
 * and one DR share per hour (24 genes in [0, 1], the same share for every profile class). Candidates
 * are scored on a FAST AGGREGATE of the scenario (`aggregateDayCost`: the env's city-level routing
 * with class sums instead of entities, perfect day-ahead series as MPC has), not on the entity env;
 * the schedule is then executed on the env. Centralised like MPC: no P2P market; EVs uncontrolled.
 *
 * Objective (USD, minimised): the operating-cost KPI (lib/metrics/kpis.ts `operatingCostUsd`, what
 * every strategy is scored on) of the day: grid purchases (load + battery charging) x import price -
 * exports x feed-in price + degradation per MWh discharged + the increment of the month's peak demand
 * charge (lib/metrics DEFAULT_KPI_OPTIONS' tariff x the share of the month the episode covers, the KPI's
 * `billingMonths` pro rata, on the import power above the peak the env has already executed this
 * month), plus 9,000 USD/MWh x unserved (a constraint penalty; zero when the import limit never binds).
 * DR incentives are NOT credited: the KPI does not count them, so DR is used only where shifting load
 * lowers purchases or the peak. End-of-day terms so the day does not borrow from the next (the KPI of
 * the whole run pays for what the day leaves): the DR backlog left at midnight costs the day's mean
 * import price, and stored energy gained (lost) over the day is credited (charged) at the day's mean
 * import price x eta_d (what it displaces tomorrow).
 * [choice: the paper gives no GA-EMS formulation]
 * GA: population 40, 60 generations (2,440 evaluations per day), binary tournament, SBX + polynomial
 * mutation (lib/optimise defaults), seed stream (seed, "ga-ems", day). [choice]
 */
export interface CityGaEmsConfig {
  readonly populationSize: number;
  readonly generations: number;
  readonly valueOfLostLoadUsdPerMwh: number;
  readonly seed: number;
}

export const DEFAULT_CITY_GA_EMS: CityGaEmsConfig = {
  populationSize: 40,
  generations: 60,
  valueOfLostLoadUsdPerMwh: 9000,
  seed: 0,
};

/** The day-ahead aggregate of one scenario (MW / USD per MWh per step). */
export interface AggregateCity {
  readonly stepH: number;
  readonly baseMw: Float64Array;
  readonly flexMw: Float64Array;
  readonly renewMw: Float64Array;
  readonly importPrice: Float64Array;
  readonly exportPrice: Float64Array;
  readonly importCapMw: number;
  readonly exportCapMw: number;
  readonly chargeMaxMw: number;
  readonly dischargeMaxMw: number;
  readonly socMinMwh: number;
  readonly socMaxMwh: number;
  readonly eta: number;
  readonly degradationUsdPerMwh: number;
  readonly drPaybackPerStep: number;
  /** Billing-month key of each step (lib/metrics `billingMonths`). */
  readonly monthKey: Int32Array;
  /** Demand charge per MW of a new monthly peak at each step (USD/MW): tariff x covered share of its month. */
  readonly peakUsdPerMw: Float64Array;
}

/** The aggregate of a scenario; `peakTariffUsdPerMwMonth` defaults to the KPI's (DEFAULT_KPI_OPTIONS). */
export function aggregateCityOf(
  sc: Scenario,
  drPaybackPerStep: number,
  peakTariffUsdPerMwMonth = DEFAULT_KPI_OPTIONS.peakDemandTariffUsdPerMwMonth,
): AggregateCity {
  const n = sc.time.length;
  const flex = new Float64Array(n);
  const renew = new Float64Array(n);
  for (const f of sc.demand.flexibleMwByClass) for (let t = 0; t < n; t++) flex[t] += f[t];
  for (let t = 0; t < n; t++) renew[t] = sc.renewables.windMw[t] + sc.renewables.pvMw[t];
  const b = sc.config.battery;
  const lim = batteryLimits(b); // symmetric split: etaCharge = etaDischarge = sqrt(round trip)
  const months = billingMonths(n, sc.time.stepH, sc.time.startDay);
  return {
    stepH: sc.time.stepH,
    baseMw: sc.demand.totalBaseMw,
    flexMw: flex,
    renewMw: renew,
    importPrice: sc.prices.importUsdPerMwh,
    exportPrice: sc.prices.exportUsdPerMwh,
    importCapMw: sc.config.grid.importLimitMw,
    exportCapMw: sc.config.grid.exportLimitMw,
    chargeMaxMw: lim.maxChargeMw,
    dischargeMaxMw: lim.maxDischargeMw,
    socMinMwh: lim.socMinMwh,
    socMaxMwh: lim.socMaxMwh,
    eta: lim.etaCharge,
    degradationUsdPerMwh: b.degradationUsdPerMwhDischarged,
    drPaybackPerStep,
    monthKey: months.key,
    peakUsdPerMw: months.coveredShare.map((share) => peakTariffUsdPerMwMonth * share),
  };
}

/**
 * Cost (USD) of steps [from, from + len) of the aggregate under an hourly schedule x = [battery
 * commands (hours), DR shares (hours)], from SOC `soc0` and DR backlog `backlog0` (MWh), with the
 * end-of-day terms (unless `terminal` is false). Mirrors lib/papers/s000/env/cityEnv.ts's routing without the market.
 * `peakSoFarMw`: the import power already executed in the month of step `from` (a month starting inside
 * the range starts from 0); the demand charge billed is each month's rise above it.
 */
export function aggregateDayCost(
  a: AggregateCity,
  from: number,
  len: number,
  x: ArrayLike<number>,
  soc0: number,
  backlog0: number,
  voll: number,
  terminal = true,
  peakSoFarMw = 0,
): number {
  const h = a.stepH;
  const hours = x.length / 2;
  let soc = soc0;
  let backlog = backlog0;
  let cost = 0;
  let priceSum = 0;
  let floor = Math.max(0, peakSoFarMw); // the month's peak before this range
  let peak = floor;
  for (let q = 0; q < len; q++) {
    const t = from + q;
    if (q > 0 && a.monthKey[t] !== a.monthKey[t - 1]) {
      cost += a.peakUsdPerMw[t - 1] * (peak - floor);
      floor = 0;
      peak = 0;
    }
    const hr = Math.min(hours - 1, Math.floor(q / 4));
    const cmd = x[hr];
    const d = x[hours + hr];
    const payback = backlog * a.drPaybackPerStep;
    const deferred = d * a.flexMw[t] * h;
    backlog += deferred - payback;
    const demand = a.baseMw[t] * h - deferred + payback;
    const gen = a.renewMw[t] * h;
    let pool = gen > demand ? gen - demand : 0;
    let resid = demand > gen ? demand - gen : 0;
    const chargeLim = Math.max(0, Math.min(a.chargeMaxMw * h, (a.socMaxMwh - soc) / a.eta));
    const dischargeLim = Math.max(0, Math.min(a.dischargeMaxMw * h, (soc - a.socMinMwh) * a.eta));
    let gridWant = 0;
    let charge = 0;
    if (cmd < 0) {
      const want = Math.min(-cmd * a.chargeMaxMw * h, chargeLim);
      const fromRenew = Math.min(pool, want);
      pool -= fromRenew;
      gridWant = want - fromRenew;
      charge = fromRenew;
    }
    const exportCap = a.exportCapMw * h;
    const renewExport = Math.min(pool, exportCap);
    let discharge = 0;
    let batExport = 0;
    if (cmd > 0) {
      const want = Math.min(cmd * a.dischargeMaxMw * h, dischargeLim);
      const toLoad = Math.min(want, resid);
      resid -= toLoad;
      batExport = Math.min(want - toLoad, Math.max(0, exportCap - renewExport));
      discharge = toLoad + batExport;
    }
    const importCap = a.importCapMw * h;
    const imp = Math.min(resid, importCap);
    const unserved = resid - imp;
    const gridToBat = Math.min(gridWant, Math.max(0, importCap - imp));
    charge += gridToBat;
    soc = Math.min(a.socMaxMwh, Math.max(a.socMinMwh, soc + charge * a.eta - discharge / a.eta));
    cost +=
      (imp + gridToBat) * a.importPrice[t] -
      (renewExport + batExport) * a.exportPrice[t] +
      discharge * a.degradationUsdPerMwh +
      unserved * voll;
    const importMw = (imp + gridToBat) / h;
    if (importMw > peak) peak = importMw;
    priceSum += a.importPrice[t];
  }
  if (len > 0) cost += a.peakUsdPerMw[from + len - 1] * (peak - floor);
  if (!terminal) return cost;
  const meanPrice = len > 0 ? priceSum / len : 0;
  return cost + backlog * meanPrice - (soc - soc0) * a.eta * meanPrice;
}

export interface CityGaEmsPolicy {
  readonly policy: CityPolicy;
  /** Wall clock of each day's GA run (ms). */
  readonly planMs: number[];
}

export function createGaEmsCityPolicy(env: CityEnv, cfg: Partial<CityGaEmsConfig> = {}): CityGaEmsPolicy {
  const c = { ...DEFAULT_CITY_GA_EMS, ...cfg };
  requirePositiveInt(c.populationSize, "CityGaEmsConfig.populationSize");
  requirePositiveInt(c.generations, "CityGaEmsConfig.generations");
  const act = baseCityActions(env.entityCount);
  let scenario: Scenario | null = null;
  let agg: AggregateCity | null = null;
  let plan: Float64Array | null = null;
  let planStart = 0;
  let monthPeakMw = 0; // import power executed so far in the month of the current step
  const planMs: number[] = [];
  const policy: CityPolicy = (obs) => {
    const t = env.stepIndex;
    if (scenario !== env.scenario) {
      scenario = env.scenario;
      agg = aggregateCityOf(scenario, env.options.drPaybackPerStep);
    }
    const a = agg!;
    if (t === 0) monthPeakMw = 0;
    else {
      // The import the env executed at t - 1 (load + battery charging, MW); restart at a month change.
      const f = env.flows;
      const mw = (f.gridImportMwh[t - 1] + f.gridToBatteryMwh[t - 1]) / a.stepH;
      if (a.monthKey[t] !== a.monthKey[t - 1]) monthPeakMw = 0;
      else monthPeakMw = Math.max(monthPeakMw, mw);
    }
    const n = a.baseMw.length;
    if (plan === null || t === 0 || t - planStart >= 96) {
      const t0 = performance.now();
      const len = Math.min(96, n - t);
      const hours = Math.ceil(len / 4);
      const soc0 = env.socMwh;
      const backlog0 = obs.consumer[COMMON_FEATURES + 6] * 10;
      const peak0 = monthPeakMw;
      const lower = new Float64Array(2 * hours);
      const upper = new Float64Array(2 * hours).fill(1);
      lower.fill(-1, 0, hours);
      const problem = defineProblem({
        name: "ga-ems-day",
        nObj: 1,
        lower,
        upper,
        evaluateOne: (x) => [
          aggregateDayCost(a, t, len, x, soc0, backlog0, c.valueOfLostLoadUsdPerMwh, true, peak0),
        ],
      });
      const res = minimize(problem, ga({ populationSize: c.populationSize }), {
        seed: c.seed,
        streamKey: ["ga-ems", scenario.seed, t],
        maxGenerations: c.generations,
      });
      plan = Float64Array.from(res.X[0]);
      planStart = t;
      planMs.push(performance.now() - t0);
    }
    const hours = plan.length / 2;
    const hr = Math.min(hours - 1, Math.floor((t - planStart) / 4));
    act.storage[0] = plan[hr];
    const dr = fromUnit(plan[hours + hr]);
    for (let k = 0; k < 5; k++) act.consumer[k] = dr;
    return act;
  };
  return { policy, planMs };
}
