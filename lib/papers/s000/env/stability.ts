import { ConfigError, DataError } from "../../../core/errors";
import { hourOfDay } from "../../../core/time";
import { type FeederName, loadFeeder } from "../../../grid/feederData";
import {
  DEFAULT_FREQUENCY,
  type FrequencyConfig,
  type FrequencyResult,
  simulateFrequency,
  type TraceWindow,
} from "../../../grid/frequency";
import {
  type CommunicationPath,
  DEFAULT_RAMP_LIMIT,
  powerImbalancePct,
  type RampLimit,
  type ResponseTime,
  rampRateViolationsPerDay,
  responseTime,
} from "../../../grid/stabilityMetrics";
import type { CityFlows } from "../../../metrics/flows";
import { forecastErrorRng, relativeErrorProcess } from "../../../profiles/uncertainty";
import { batteryLimits } from "../../../storage/battery";
import { type CityFeederConfig, cityFeederVoltages, representativeFeederCount } from "../world/cityFeeder";
import { CLASS_EV_STATION } from "../world/entityClasses";
import type { Scenario } from "../world/scenario";
import { type ClassFlows, classSeries } from "./classFlows";

/**
 * Grid stability of a finished city episode (seed 000, Fig. 6; ADR 0300 "City episode -> stability").
 * The same function serves every controller: it reads only the episode's CityFlows (what the
 * controller did), the scenario (exogenous series and their uncertainty) and the controller's
 * measured decision latency.
 *
 * Intra-interval imbalance of step t (MW, deficit > 0) seen by the balancing area:
 *   d_t = ε_t + ρ_t + δ_t
 *   ε_t  forecast error: Σ_k X_k[t] e_k[t] over the exogenous series X_k (wind, PV, demand per class,
 *        EV charging), e_k a stationary AR(1) with the scenario's uncertainty sigma and hourly
 *        autocorrelation (lib/profiles/uncertainty.ts), drawn from createRng(seed, "forecast-error", k);
 *        the sign makes a demand above or renewables below forecast a deficit.
 *   ρ_t  schedule step: the area's generation follows the city's net import P as a 15-min block,
 *        while the physical exchange moves continuously; at the boundary it is midway, so
 *        ρ_t = -(P_t - P_{t-1}) / 2 (ENTSO-E's "deterministic frequency deviations" mechanism).
 *        The evening peak enters here as the largest daily ramps.
 *   δ_t  unforecast sudden events: a wind ramp (|ΔW| >= windRampEventFrac x wind capacity in one
 *        step) or a cloud drop (ΔPV <= -cloudDropEventFrac x PV capacity while the cloud state
 *        thickens) arrives in full at once: δ_t = -(ΔW_t) - (ΔPV_t) for the flagged series.
 * The controller answers after its response time (decision latency + communication path,
 * lib/grid responseTime) with a correction c_t = d_t limited by what it has left in the step: the
 * battery's remaining power and energy for a deficit; the battery's charge room plus the renewables
 * it is using (curtailable within a second) for a surplus. The rest, d_t - c_t, stays with the
 * area's inertia, damping, governors and the battery's fast frequency response to the end of the
 * interval (lib/grid simulateFrequency).
 */
export interface StabilityConfig {
  readonly frequency: Partial<FrequencyConfig>;
  /** City -> representative feeders; feederCount defaults to ceil(design peak / feeder load). */
  readonly feeder: Partial<CityFeederConfig>;
  readonly rampLimit: Partial<RampLimit>;
  readonly path: Partial<CommunicationPath>;
  /**
   * Wind ramp event: |ΔW| in one step >= this share of wind capacity. 0.2 = 30 MW in 15 min (80 %/h,
   * beyond the 20-50 %-of-capacity-within-hours ramp definitions surveyed by Ferreira et al., ANL
   * 2011): about two a day in the seed-2026 year. [choice]
   */
  readonly windRampEventFrac: number;
  /** Cloud drop event: PV falls by >= this share of PV capacity (0.1 = 8.5 MW) in one step as clouds thicken (~200 a year). [choice] */
  readonly cloudDropEventFrac: number;
  /** Scale on the scenario's forecast-error sigmas (1 = the paper's; 0 = perfect forecasts). */
  readonly forecastErrorScale: number;
}

export const DEFAULT_STABILITY: StabilityConfig = {
  frequency: {},
  feeder: {},
  rampLimit: {},
  path: {},
  windRampEventFrac: 0.2,
  cloudDropEventFrac: 0.1,
  forecastErrorScale: 1,
};

export interface StabilityInput {
  readonly flows: CityFlows;
  readonly scenario: Scenario;
  /** The controller's measured decision latency per step, ms. */
  readonly decisionLatencyMs: number;
  /** The episode's class flows (for the EV charging actually drawn); without them the scenario's uncontrolled EV load is used. */
  readonly classFlows?: ClassFlows;
  /** Or the EV charging drawn per step (MWh) directly (takes precedence over classFlows). */
  readonly evMwh?: Float64Array;
}

/** Disturbance events found in the episode (step indices), for annotation and the drive. */
export interface StabilityEvents {
  readonly windRamp: readonly number[];
  readonly cloudDrop: readonly number[];
  /** Per day, the step of the largest net-import rise between 16:00 and 21:00. */
  readonly eveningPeak: readonly number[];
}

export interface StabilityDrive {
  /** City net import (MW): grid import + grid-to-battery - export. */
  readonly netImportMw: Float64Array;
  readonly forecastErrorMw: Float64Array;
  readonly scheduleStepMw: Float64Array;
  readonly eventMw: Float64Array;
  /** d_t = forecast error + schedule step + events (MW, deficit > 0). */
  readonly imbalanceMw: Float64Array;
  /** c_t: what the controller removes after its response time (MW). */
  readonly correctionMw: Float64Array;
  readonly events: StabilityEvents;
}

export interface StabilityResult {
  readonly steps: number;
  readonly stepH: number;
  readonly drive: StabilityDrive;
  readonly response: ResponseTime;
  readonly frequency: FrequencyResult;
  readonly voltage: {
    /** Per step: max over feeders and buses of |V - 1| (%). */
    readonly deviationPct: Float64Array;
    readonly minVoltagePu: Float64Array;
    readonly maxPct: number;
    readonly p95Pct: number;
    readonly meanPct: number;
    readonly feederCount: number;
    readonly feeder: FeederName;
  };
  readonly imbalance: {
    /** Per step: time-averaged |imbalance| reaching the area over the interval, % of demand. */
    readonly stepPct: Float64Array;
    /** Energy-weighted mean after the controller's correction (Fig. 6c). */
    readonly meanPct: number;
    /** The same before any correction (|d_t| / demand). */
    readonly meanBeforeControlPct: number;
  };
  readonly ramp: { readonly perDay: number; readonly violations: number; readonly limitMwPerWindow: number };
}

/** The forecast-error streams: name, sigma key and series. */
const DEMAND_ERRORS = [
  ["residential", "residentialSigma", 0],
  ["prosumer", "residentialSigma", 1],
  ["commercial", "commercialSigma", 2],
  ["industrial", "industrialSigma", 3],
  ["municipal", "municipalSigma", 4],
] as const;

function checkConfig(c: StabilityConfig): void {
  for (const k of ["windRampEventFrac", "cloudDropEventFrac"] as const)
    if (!(c[k] > 0)) throw new ConfigError(`must be positive, got ${c[k]}`, `stability.${k}`);
  if (!(c.forecastErrorScale >= 0))
    throw new ConfigError(`must be >= 0, got ${c.forecastErrorScale}`, "stability.forecastErrorScale");
}

/** Forecast error of the city's net load per step (MW, actual - forecast; deficit > 0). */
export function forecastErrorMw(scenario: Scenario, scale = 1, steps = scenario.time.length): Float64Array {
  const u = scenario.config.uncertainty;
  const ar = u.errorAr1PerHour;
  const seed = scenario.seed;
  const out = new Float64Array(steps);
  if (scale === 0) return out;
  const add = (name: string, sigma: number, x: Float64Array, sign: number) => {
    const e = relativeErrorProcess(steps, sigma * scale, ar, forecastErrorRng(seed, name));
    for (let t = 0; t < steps; t++) out[t] += sign * x[t] * e[t];
  };
  add("wind", u.windSigma, scenario.renewables.windMw, -1);
  add("solar", u.solarSigma, scenario.renewables.pvMw, -1);
  for (const [name, key, c] of DEMAND_ERRORS) add(name, u[key], scenario.demand.baseMwByClass[c], 1);
  add("ev", u.evSigma, scenario.demand.evUncontrolledMw, 1);
  return out;
}

/** The intra-interval imbalance, the controller's correction and the events of an episode. */
export function stabilityDrive(input: StabilityInput, config: Partial<StabilityConfig> = {}): StabilityDrive {
  const c = { ...DEFAULT_STABILITY, ...config };
  checkConfig(c);
  const { flows: f, scenario: sc } = input;
  const n = f.windMwh.length;
  if (n !== sc.time.length)
    throw new DataError(
      `flows have ${n} steps, the scenario ${sc.time.length}`,
      "stability.flows",
      "pass the scenario the episode ran on",
    );
  const h = f.stepH;
  const cfg = sc.config;
  const windCap = cfg.wind.turbineCount * cfg.wind.turbineRatedMw;
  const pvCap = cfg.solar.totalMwp;
  const bat = cfg.battery;
  const { socMinMwh: socMin, socMaxMwh: socMax, etaCharge: etaC, etaDischarge: etaD } = batteryLimits(bat);

  const netImportMw = new Float64Array(n);
  for (let t = 0; t < n; t++)
    netImportMw[t] = (f.gridImportMwh[t] + f.gridToBatteryMwh[t] - f.gridExportMwh[t]) / h;
  const forecast = forecastErrorMw(sc, c.forecastErrorScale, n);
  const scheduleStep = new Float64Array(n);
  const eventMw = new Float64Array(n);
  const windRamp: number[] = [];
  const cloudDrop: number[] = [];
  const windMw = sc.renewables.windMw;
  const pvMw = sc.renewables.pvMw;
  const cloud = sc.weather.cloudState;
  for (let t = 1; t < n; t++) {
    scheduleStep[t] = -(netImportMw[t] - netImportMw[t - 1]) / 2;
    const dW = windMw[t] - windMw[t - 1];
    if (Math.abs(dW) >= c.windRampEventFrac * windCap) {
      eventMw[t] -= dW;
      windRamp.push(t);
    }
    const dPv = pvMw[t] - pvMw[t - 1];
    if (dPv <= -c.cloudDropEventFrac * pvCap && cloud[t] > cloud[t - 1]) {
      eventMw[t] -= dPv;
      cloudDrop.push(t);
    }
  }
  // Evening peak: per day, the largest net-import rise between 16:00 and 21:00 (annotation only).
  const eveningPeak: number[] = [];
  const perDay = Math.round(24 / h);
  for (let d0 = 0; d0 < n; d0 += perDay) {
    let best = -1;
    let bestRise = 0;
    for (let t = Math.max(1, d0); t < Math.min(n, d0 + perDay); t++) {
      const hr = hourOfDay(t);
      const rise = netImportMw[t] - netImportMw[t - 1];
      if (hr >= 16 && hr < 21 && rise > bestRise) {
        bestRise = rise;
        best = t;
      }
    }
    if (best >= 0) eveningPeak.push(best);
  }

  const imbalanceMw = new Float64Array(n);
  const correctionMw = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const d = forecast[t] + scheduleStep[t] + eventMw[t];
    imbalanceMw[t] = d;
    const pb = (f.batteryDischargeMwh[t] - f.batteryChargeMwh[t]) / h; // net discharge, MW
    const soc = f.batterySocMwh[t];
    // Remaining discharge power within the power and the energy limit; charge room likewise.
    const upMw = Math.max(
      0,
      Math.min(bat.maxDischargeMw, ((soc - socMin) * etaD) / h + Math.max(0, pb)) - pb,
    );
    const downBatMw = Math.max(
      0,
      Math.min(bat.maxChargeMw, (socMax - soc) / etaC / h + Math.max(0, -pb)) + pb,
    );
    const renewUsedMw = Math.max(0, f.windMwh[t] + f.pvMwh[t] - f.curtailedMwh[t]) / h;
    correctionMw[t] = d > 0 ? Math.min(d, upMw) : Math.max(d, -(downBatMw + renewUsedMw));
  }
  return {
    netImportMw,
    forecastErrorMw: forecast,
    scheduleStepMw: scheduleStep,
    eventMw,
    imbalanceMw,
    correctionMw,
    events: { windRamp, cloudDrop, eveningPeak },
  };
}

/**
 * The distribution-connected series of the episode (MW) for the representative feeders: load served
 * without EV charging, EV charging, urban PV injected (curtailment is taken from wind first, the
 * env's order), and the battery's net discharge.
 */
export function cityGridSeries(input: StabilityInput): {
  loadMw: Float64Array;
  pvMw: Float64Array;
  batteryMw: Float64Array;
  evMw: Float64Array;
} {
  const f = input.flows;
  const n = f.windMwh.length;
  const h = f.stepH;
  const ev = input.evMwh
    ? input.evMwh
    : input.classFlows
      ? classSeries(input.classFlows, "demandMwh", CLASS_EV_STATION)
      : Float64Array.from(input.scenario.demand.evUncontrolledMw, (x) => x * h);
  const loadMw = new Float64Array(n);
  const pvMw = new Float64Array(n);
  const batteryMw = new Float64Array(n);
  const evMw = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const evMwh = Math.min(ev[t], f.demandServedMwh[t]);
    evMw[t] = evMwh / h;
    loadMw[t] = (f.demandServedMwh[t] - evMwh) / h;
    const pvCurtailed = Math.max(0, f.curtailedMwh[t] - f.windMwh[t]);
    pvMw[t] = Math.max(0, f.pvMwh[t] - pvCurtailed) / h;
    batteryMw[t] = (f.batteryDischargeMwh[t] - f.batteryChargeMwh[t]) / h;
  }
  return { loadMw, pvMw, batteryMw, evMw };
}

function quantile(x: Float64Array, p: number): number {
  const s = Float64Array.from(x).sort();
  if (s.length === 0) return Number.NaN;
  const k = (s.length - 1) * p;
  const lo = Math.floor(k);
  return s[lo] + (k - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

/**
 * Voltage, frequency, imbalance, ramp and response-time metrics of one finished episode (Fig. 6).
 * `trace` optionally records Δf every `everyS` seconds over steps [fromStep, toStep) (Fig. 6a zoom);
 * an array of windows is recorded in the same pass (frequency.traces).
 */
export function cityStability(
  input: StabilityInput,
  config: Partial<StabilityConfig> = {},
  trace?: TraceWindow | readonly TraceWindow[],
): StabilityResult {
  const c = { ...DEFAULT_STABILITY, ...config };
  if (!(input.decisionLatencyMs >= 0))
    throw new ConfigError(`must be >= 0, got ${input.decisionLatencyMs}`, "stability.decisionLatencyMs");
  const f = input.flows;
  const n = f.windMwh.length;
  const h = f.stepH;
  const drive = stabilityDrive(input, c);
  const response = responseTime(input.decisionLatencyMs / 1000, c.path);
  const fc = { ...DEFAULT_FREQUENCY, ...c.frequency };
  const frequency = simulateFrequency(
    {
      imbalanceMw: drive.imbalanceMw,
      correctionMw: drive.correctionMw,
      responseLatencyS: response.totalS,
      stepH: h,
      ...(Array.isArray(trace)
        ? { traces: trace as readonly TraceWindow[] }
        : trace
          ? { trace: trace as TraceWindow }
          : {}),
    },
    fc,
  );

  // Voltage on the representative feeders.
  const feeder = (c.feeder.feeder ?? "ieee33bw") as FeederName;
  let feederCount = c.feeder.feederCount;
  if (feederCount === undefined) {
    const fd = loadFeeder(feeder);
    const baseMw = fd.pLoadKw.reduce((a, b) => a + b, 0) / 1000;
    feederCount = representativeFeederCount([input.scenario.config.demand.peakTargetMw], baseMw);
  }
  const v = cityFeederVoltages(cityGridSeries(input), { ...c.feeder, feeder, feederCount });
  let vSum = 0;
  let vMax = 0;
  for (let t = 0; t < n; t++) {
    vSum += v.maxDeviationPct[t];
    if (v.maxDeviationPct[t] > vMax) vMax = v.maxDeviationPct[t];
  }

  // Power imbalance: |d| until the response, |d - c| after, time-averaged over the interval.
  const tau = Math.min(1, response.totalS / (h * 3600));
  const demandMw = new Float64Array(n);
  const supplyMw = new Float64Array(n);
  const before = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const d = drive.imbalanceMw[t];
    const eff = tau * Math.abs(d) + (1 - tau) * Math.abs(d - drive.correctionMw[t]);
    demandMw[t] = f.demandMwh[t] / h;
    supplyMw[t] = demandMw[t] + eff;
    before[t] = demandMw[t] + Math.abs(d);
  }
  const imb = powerImbalancePct(supplyMw, demandMw);
  const imbBefore = powerImbalancePct(before, demandMw);
  const ramp = rampRateViolationsPerDay(drive.netImportMw, h, { ...DEFAULT_RAMP_LIMIT, ...c.rampLimit });
  return {
    steps: n,
    stepH: h,
    drive,
    response,
    frequency,
    voltage: {
      deviationPct: v.maxDeviationPct,
      minVoltagePu: v.minVoltagePu,
      maxPct: vMax,
      p95Pct: quantile(v.maxDeviationPct, 0.95),
      meanPct: n > 0 ? vSum / n : Number.NaN,
      feederCount,
      feeder,
    },
    imbalance: { stepPct: imb.stepPct, meanPct: imb.meanPct, meanBeforeControlPct: imbBefore.meanPct },
    ramp,
  };
}
