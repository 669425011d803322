import { ConfigError } from "../../../core/errors";
import type { Rng } from "../../../core/rng";
import { STEP_H, STEPS_PER_DAY, STEPS_PER_YEAR } from "../../../core/time";
import { climatologyC, type TemperatureConfig } from "../../../profiles/weather";
import { PROFILE_CLASS_COUNT, PROFILE_LOAD_CLASSES, type ProfileLoadClass } from "./entityClasses";
import { type EvConfig, expectedEvDayMw } from "./ev";

/**
 * Demand of the profile-load classes (residential consumers, prosumers, commercial, industrial,
 * municipal): hourly weekday/weekend shapes, temperature-driven heating/cooling, street lighting,
 * per-entity size, time shift and flexible share, and group-level AR(1) noise. The city total is
 * calibrated to the paper's two stated inputs, peak ~180 MW and annual energy > 950 GWh
 * (notes-000 §1.1), by an energy scale and a shape-amplitude factor solved on the EXPECTED
 * (seed-free) year, so every seed and every window describes the same city.
 */
export interface LoadClassConfig {
  readonly count: number;
  /** Mean annual energy per entity (MWh) before the calibration's energy scale. */
  readonly annualMwhPerEntity: number;
  /** Per-entity size: log-normal, sigma of ln; sizes are rescaled so the class mean is exact. */
  readonly sizeSigma: number;
  /** Relative load by hour of day (24 values, local clock = UTC), weekdays and weekends. */
  readonly weekdayHourly: readonly number[];
  readonly weekendHourly: readonly number[];
  /** Relative load increase per K of heating degrees below `heatingBaseC` and cooling degrees above `coolingBaseC`. */
  readonly heatingPerK: number;
  readonly coolingPerK: number;
  /** Share of the class's energy that is lighting, on while the sun is below the horizon (street lighting). */
  readonly lightingShare: number;
  /** Per-entity flexible (shiftable/interruptible) share of load: uniform in [min, max]. */
  readonly flexibleShareRange: readonly [number, number];
  /** Per-entity time shift of the shape, uniform integer in [-max, max] steps (habits differ). */
  readonly shiftMaxSteps: number;
  /** Group noise: entities share one of `noiseGroups` AR(1) series (relative sd, hourly lag-1 correlation). */
  readonly noiseGroups: number;
  readonly noiseSd: number;
  readonly noiseAr1PerHour: number;
}

export interface DemandConfig {
  readonly classes: Readonly<Record<ProfileLoadClass, LoadClassConfig>>;
  /** Heating degree base 15.5 C (the UK degree-day convention, CIBSE TM41) and cooling base 22 C. */
  readonly heatingBaseC: number;
  readonly coolingBaseC: number;
  /** City peak ~180 MW (notes-000 §1.1, "peak demand of the city reaches approximately 180 MW"). */
  readonly peakTargetMw: number;
  /**
   * Annual energy target (GWh): the paper states "exceeding 950 GWh" (notes-000 §1.1); we take
   * 980 so that weather and noise keep realised years above 950. [choice]
   */
  readonly annualEnergyTargetGwh: number;
  /** Solve the energy scale and shape amplitude (true), or use scale 1 and amplitude 1 (false). */
  readonly calibrate: boolean;
}

/* Hourly shapes: stylised from the Elexon load profile classes (PC1 domestic unrestricted, PC3
 * non-domestic unrestricted; Elexon "Load Profiles and their use in Electricity Settlement", 2018)
 * and typical two-shift industrial operation. [choice: the paper gives no shapes] */
const RESIDENTIAL_WEEKDAY = [
  0.62, 0.52, 0.47, 0.45, 0.45, 0.48, 0.62, 0.85, 0.95, 0.88, 0.82, 0.8, 0.8, 0.78, 0.76, 0.8, 0.95, 1.2,
  1.38, 1.35, 1.22, 1.08, 0.92, 0.75,
];
const RESIDENTIAL_WEEKEND = [
  0.68, 0.56, 0.5, 0.47, 0.46, 0.47, 0.52, 0.65, 0.85, 0.98, 1.0, 1.0, 0.98, 0.94, 0.9, 0.92, 1.02, 1.22,
  1.35, 1.3, 1.18, 1.05, 0.92, 0.78,
];
const COMMERCIAL_WEEKDAY = [
  0.45, 0.44, 0.44, 0.44, 0.45, 0.5, 0.65, 0.9, 1.2, 1.38, 1.42, 1.42, 1.4, 1.4, 1.4, 1.38, 1.3, 1.12, 0.9,
  0.75, 0.62, 0.55, 0.5, 0.47,
];
const COMMERCIAL_WEEKEND = [
  0.42, 0.41, 0.41, 0.41, 0.42, 0.44, 0.5, 0.6, 0.72, 0.8, 0.85, 0.86, 0.86, 0.85, 0.84, 0.8, 0.74, 0.66,
  0.58, 0.52, 0.48, 0.46, 0.44, 0.43,
];
const INDUSTRIAL_WEEKDAY = [
  0.62, 0.6, 0.6, 0.6, 0.62, 0.75, 1.05, 1.15, 1.18, 1.18, 1.18, 1.15, 1.12, 1.15, 1.18, 1.18, 1.15, 1.12,
  1.08, 1.05, 1.0, 0.95, 0.78, 0.66,
];
const INDUSTRIAL_WEEKEND = [
  0.6, 0.58, 0.58, 0.58, 0.58, 0.6, 0.66, 0.72, 0.76, 0.78, 0.78, 0.78, 0.76, 0.76, 0.76, 0.75, 0.74, 0.72,
  0.7, 0.68, 0.66, 0.64, 0.62, 0.61,
];
const MUNICIPAL_WEEKDAY = [
  0.8, 0.78, 0.78, 0.78, 0.8, 0.85, 0.95, 1.05, 1.15, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.18, 1.12, 1.05, 1.0,
  0.95, 0.9, 0.86, 0.83, 0.81,
];
const MUNICIPAL_WEEKEND = [
  0.8, 0.78, 0.78, 0.78, 0.8, 0.82, 0.86, 0.9, 0.95, 0.98, 1.0, 1.0, 1.0, 1.0, 1.0, 0.98, 0.96, 0.94, 0.92,
  0.9, 0.88, 0.85, 0.83, 0.81,
];

/**
 * Sizes: residential 2.7 MWh/yr (Ofgem typical domestic consumption value, medium, from April 2023);
 * prosumers 3.4 MWh/yr (larger, more electrified homes) [choice]; the non-domestic classes take the
 * remainder of the city's > 950 GWh in roughly even commercial/industrial parts (UK DUKES 2023
 * final electricity consumption: industry and commercial/public of similar size) with municipal
 * facilities (water, street lighting, public buildings) ~10 % [choice]. Flexible shares after the
 * sector ranges of Gils (2014, Energy 67, 1-18) [choice]. Noise and shifts [choice].
 */
export const DEFAULT_DEMAND: DemandConfig = {
  classes: {
    residential: {
      count: 25_000,
      annualMwhPerEntity: 2.7,
      sizeSigma: 0.45,
      weekdayHourly: RESIDENTIAL_WEEKDAY,
      weekendHourly: RESIDENTIAL_WEEKEND,
      heatingPerK: 0.03,
      coolingPerK: 0.005,
      lightingShare: 0,
      flexibleShareRange: [0.05, 0.15],
      shiftMaxSteps: 4,
      noiseGroups: 32,
      noiseSd: 0.08,
      noiseAr1PerHour: 0.9,
    },
    prosumer: {
      count: 12_500,
      annualMwhPerEntity: 3.4,
      sizeSigma: 0.4,
      weekdayHourly: RESIDENTIAL_WEEKDAY,
      weekendHourly: RESIDENTIAL_WEEKEND,
      heatingPerK: 0.035,
      coolingPerK: 0.005,
      lightingShare: 0,
      flexibleShareRange: [0.15, 0.35],
      shiftMaxSteps: 4,
      noiseGroups: 32,
      noiseSd: 0.08,
      noiseAr1PerHour: 0.9,
    },
    commercial: {
      count: 850,
      annualMwhPerEntity: 400,
      sizeSigma: 0.8,
      weekdayHourly: COMMERCIAL_WEEKDAY,
      weekendHourly: COMMERCIAL_WEEKEND,
      heatingPerK: 0.012,
      coolingPerK: 0.02,
      lightingShare: 0,
      flexibleShareRange: [0.05, 0.2],
      shiftMaxSteps: 2,
      noiseGroups: 16,
      noiseSd: 0.05,
      noiseAr1PerHour: 0.9,
    },
    industrial: {
      count: 120,
      annualMwhPerEntity: 3000,
      sizeSigma: 0.9,
      weekdayHourly: INDUSTRIAL_WEEKDAY,
      weekendHourly: INDUSTRIAL_WEEKEND,
      heatingPerK: 0.004,
      coolingPerK: 0.004,
      lightingShare: 0,
      flexibleShareRange: [0.03, 0.12],
      shiftMaxSteps: 4,
      noiseGroups: 8,
      noiseSd: 0.06,
      noiseAr1PerHour: 0.9,
    },
    municipal: {
      count: 50,
      annualMwhPerEntity: 2000,
      sizeSigma: 0.7,
      weekdayHourly: MUNICIPAL_WEEKDAY,
      weekendHourly: MUNICIPAL_WEEKEND,
      heatingPerK: 0.01,
      coolingPerK: 0.005,
      lightingShare: 0.3,
      flexibleShareRange: [0.1, 0.25],
      shiftMaxSteps: 2,
      noiseGroups: 4,
      noiseSd: 0.04,
      noiseAr1PerHour: 0.9,
    },
  },
  heatingBaseC: 15.5,
  coolingBaseC: 22,
  peakTargetMw: 180,
  annualEnergyTargetGwh: 980,
  calibrate: true,
};

export function validateDemand(c: DemandConfig, where = "city.demand"): void {
  for (const name of PROFILE_LOAD_CLASSES) {
    const k = c.classes[name];
    const w = `${where}.classes.${name}`;
    if (!k) throw new ConfigError("is missing", w);
    if (!Number.isInteger(k.count) || k.count < 0)
      throw new ConfigError(`must be a non-negative integer, got ${k.count}`, `${w}.count`);
    if (k.weekdayHourly.length !== 24 || k.weekendHourly.length !== 24)
      throw new ConfigError("needs 24 hourly values", `${w}.weekdayHourly/weekendHourly`);
    if (!(k.annualMwhPerEntity > 0)) throw new ConfigError(`must be > 0`, `${w}.annualMwhPerEntity`);
    const [lo, hi] = k.flexibleShareRange;
    if (!(lo >= 0 && hi <= 1 && lo <= hi))
      throw new ConfigError(`must satisfy 0 <= min <= max <= 1`, `${w}.flexibleShareRange`);
    if (!Number.isInteger(k.shiftMaxSteps) || k.shiftMaxSteps < 0 || k.shiftMaxSteps > 16)
      throw new ConfigError(`must be an integer in [0, 16]`, `${w}.shiftMaxSteps`);
    if (!Number.isInteger(k.noiseGroups) || k.noiseGroups < 1)
      throw new ConfigError(`must be a positive integer`, `${w}.noiseGroups`);
    if (!(k.lightingShare >= 0 && k.lightingShare < 1))
      throw new ConfigError(`must be in [0, 1)`, `${w}.lightingShare`);
  }
  if (!(c.peakTargetMw > 0 && c.annualEnergyTargetGwh > 0))
    throw new ConfigError(
      "peak and energy targets must be > 0",
      `${where}.peakTargetMw/annualEnergyTargetGwh`,
    );
  const meanMw = (c.annualEnergyTargetGwh * 1000) / (STEPS_PER_YEAR * STEP_H);
  if (c.calibrate && !(c.peakTargetMw > meanMw)) {
    throw new ConfigError(
      `peak ${c.peakTargetMw} MW must exceed the mean ${meanMw.toFixed(1)} MW implied by the annual energy`,
      `${where}.peakTargetMw`,
    );
  }
}

/** Interpolated hourly shape value at step t of the day (steps between hours are linear). */
function hourlyAt(h: readonly number[], stepOfDay: number): number {
  const x = stepOfDay * STEP_H;
  const i = Math.floor(x);
  const f = x - i;
  return h[i] * (1 - f) + h[(i + 1) % 24] * f;
}

/**
 * Un-normalised class shape at step t (t from 1 January 00:00, day 0 a Monday) for a temperature
 * and sun altitude: hourly shape x heating/cooling factor, plus lighting while the sun is down.
 */
export function rawClassShape(
  k: LoadClassConfig,
  c: DemandConfig,
  t: number,
  temperatureC: number,
  sunAltitudeDeg: number,
): number {
  const day = Math.floor(t / STEPS_PER_DAY);
  const weekend = day % 7 >= 5;
  const base = hourlyAt(weekend ? k.weekendHourly : k.weekdayHourly, t % STEPS_PER_DAY);
  const weather =
    1 +
    k.heatingPerK * Math.max(0, c.heatingBaseC - temperatureC) +
    k.coolingPerK * Math.max(0, temperatureC - c.coolingBaseC);
  // Lighting share normalised by the ~0.5 dark fraction of a year, so it is ~lightingShare of energy.
  const dark = sunAltitudeDeg < 0 ? 2 : 0;
  return (1 - k.lightingShare) * base * weather + k.lightingShare * dark;
}

export interface DemandCalibration {
  /** Multiplier on every entity's annual energy. */
  readonly energyScale: number;
  /** Amplitude factor b: shape' = 1 + b (shape - 1). */
  readonly shapeAmplitude: number;
  /** Mean of each class's raw shape over the climatological year (the shapes are divided by it). */
  readonly shapeNorm: Float64Array;
  /** Expected (seed-free) city peak (MW) and annual energy (GWh) after calibration, EV included. */
  readonly expectedPeakMw: number;
  readonly expectedAnnualGwh: number;
  /** Expected annual EV energy (GWh, uncontrolled charging, no point blocking). */
  readonly expectedEvGwh: number;
}

/**
 * Solves the energy scale a and amplitude b so that the expected year (climatological temperature,
 * no noise, shift-smoothed shapes, expected EV charging) has the target annual energy and peak:
 * a from the energy (shapes have unit mean, so b does not change energy), b by bisection (peak
 * grows with b). `sunAltitudeDeg` must cover a full year.
 */
export function calibrateDemand(
  c: DemandConfig,
  ev: EvConfig,
  temperature: TemperatureConfig,
  sunAltitudeDeg: Float64Array,
): DemandCalibration {
  validateDemand(c);
  const n = STEPS_PER_YEAR;
  if (sunAltitudeDeg.length < n)
    throw new ConfigError(
      `needs a full year of sun positions, got ${sunAltitudeDeg.length}`,
      "calibrateDemand",
    );
  const shapeNorm = new Float64Array(PROFILE_CLASS_COUNT);
  const smoothed: Float64Array[] = [];
  const classMeanMw = new Float64Array(PROFILE_CLASS_COUNT);
  PROFILE_LOAD_CLASSES.forEach((name, ci) => {
    const k = c.classes[name];
    const raw = new Float64Array(n);
    let s = 0;
    for (let t = 0; t < n; t++) {
      raw[t] = rawClassShape(k, c, t, climatologyC(temperature, t), sunAltitudeDeg[t]);
      s += raw[t];
    }
    shapeNorm[ci] = s / n;
    // Expected shape over the uniform per-entity shifts, normalised to unit mean.
    const S = k.shiftMaxSteps;
    const sm = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let a = 0;
      for (let d = -S; d <= S; d++) a += raw[(t + d + n) % n];
      sm[t] = a / (2 * S + 1) / shapeNorm[ci];
    }
    smoothed.push(sm);
    classMeanMw[ci] = (k.count * k.annualMwhPerEntity) / (n * STEP_H);
  });
  const evDay = expectedEvDayMw(ev);
  const evMw = new Float64Array(n);
  let evSum = 0;
  for (let t = 0; t < n; t++) {
    const day = Math.floor(t / STEPS_PER_DAY);
    evMw[t] = (day % 7 >= 5 ? evDay.weekend : evDay.weekday)[t % STEPS_PER_DAY];
    evSum += evMw[t];
  }
  const evMeanMw = evSum / n;
  const baseMeanMw = classMeanMw.reduce((x, y) => x + y, 0);
  const targetMeanMw = (c.annualEnergyTargetGwh * 1000) / (n * STEP_H);
  const a = c.calibrate ? (targetMeanMw - evMeanMw) / baseMeanMw : 1;
  if (!(a > 0)) {
    throw new ConfigError(
      `EV charging alone (${evMeanMw.toFixed(1)} MW mean) exceeds the city's target mean ${targetMeanMw.toFixed(1)} MW`,
      "city.demand.annualEnergyTargetGwh",
    );
  }
  const peakAt = (b: number) => {
    let m = 0;
    for (let t = 0; t < n; t++) {
      let d = evMw[t];
      for (let ci = 0; ci < PROFILE_CLASS_COUNT; ci++)
        d += a * classMeanMw[ci] * Math.max(MIN_SHAPE, 1 + b * (smoothed[ci][t] - 1));
      if (d > m) m = d;
    }
    return m;
  };
  let b = 1;
  if (c.calibrate) {
    let lo = 0;
    let hi = 4;
    if (peakAt(hi) < c.peakTargetMw) {
      throw new ConfigError(
        `the class shapes cannot reach a ${c.peakTargetMw} MW peak (max ${peakAt(hi).toFixed(1)} MW at amplitude ${hi})`,
        "city.demand.peakTargetMw",
      );
    }
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (peakAt(mid) < c.peakTargetMw) lo = mid;
      else hi = mid;
    }
    b = (lo + hi) / 2;
  }
  let energy = 0;
  for (let t = 0; t < n; t++) {
    let d = evMw[t];
    for (let ci = 0; ci < PROFILE_CLASS_COUNT; ci++)
      d += a * classMeanMw[ci] * Math.max(MIN_SHAPE, 1 + b * (smoothed[ci][t] - 1));
    energy += d * STEP_H;
  }
  return {
    energyScale: a,
    shapeAmplitude: b,
    shapeNorm,
    expectedPeakMw: peakAt(b),
    expectedAnnualGwh: energy / 1000,
    expectedEvGwh: (evSum * STEP_H) / 1000,
  };
}

/** Floor of a calibrated shape value (a load never turns into generation). */
export const MIN_SHAPE = 0.02;

/**
 * Realised unit-mean profile of each (class, noise group) over `n` steps from 1 January:
 * (1 + b (shape(T) - 1)) x (1 + noise). Returned per class as one Float64Array of
 * `noiseGroups x n` values (group g at [g n, (g + 1) n)).
 */
export function generateLoadProfiles(
  n: number,
  c: DemandConfig,
  calib: DemandCalibration,
  temperatureC: Float64Array,
  sunAltitudeDeg: Float64Array,
  rng: Rng,
): Float64Array[] {
  return PROFILE_LOAD_CLASSES.map((name, ci) => {
    const k = c.classes[name];
    const shape = new Float64Array(n);
    const b = calib.shapeAmplitude;
    for (let t = 0; t < n; t++) {
      const s = rawClassShape(k, c, t, temperatureC[t], sunAltitudeDeg[t]) / calib.shapeNorm[ci];
      shape[t] = Math.max(MIN_SHAPE, 1 + b * (s - 1));
    }
    const out = new Float64Array(k.noiseGroups * n);
    const phi = k.noiseAr1PerHour ** STEP_H;
    const innov = k.noiseSd * Math.sqrt(1 - phi * phi);
    for (let g = 0; g < k.noiseGroups; g++) {
      const r = rng.fork(name, g);
      let e = r.normal(0, k.noiseSd);
      const off = g * n;
      for (let t = 0; t < n; t++) {
        e = phi * e + innov * r.normal();
        out[off + t] = shape[t] * Math.max(0.05, 1 + e);
      }
    }
    return out;
  });
}
