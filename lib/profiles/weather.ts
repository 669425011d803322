import type { Rng } from "../core/rng";
import { resolveStep, type SeriesStep } from "./step";

/**
 * Ambient air temperature at the coastal city site: climatology (seasonal and diurnal cosines) plus
 * a persistent weather anomaly. It drives the PV temperature derating and the heating/cooling part
 * of demand, so warm sunny spells and cold calm ones are coherent across the city's series.
 */
export interface TemperatureConfig {
  /**
   * Climatology of Kingston upon Hull (the documented site, `SolarConfig.latitudeDeg`): annual
   * mean ~10.3 C, January ~4 C, late-July ~16.6 C (Met Office 1991-2020 averages for the Humber
   * coast, rounded). Mean, seasonal amplitude, warmest day of year (0-based).
   */
  readonly meanC: number;
  readonly seasonalAmplitudeC: number;
  readonly warmestDay: number;
  /** Diurnal half-range (K) and hour of the daily maximum: ~3.5 K, 15:00. */
  readonly diurnalAmplitudeC: number;
  readonly warmestHour: number;
  /** Weather anomaly: AR(1), stationary sd (K) and hourly lag-1 autocorrelation (0.99/h = 0.79/day). [choice] */
  readonly anomalySdC: number;
  readonly anomalyAr1PerHour: number;
}

export const DEFAULT_TEMPERATURE: TemperatureConfig = {
  meanC: 10.3,
  seasonalAmplitudeC: 6.3,
  warmestDay: 205,
  diurnalAmplitudeC: 3.5,
  warmestHour: 15,
  anomalySdC: 2.5,
  anomalyAr1PerHour: 0.99,
};

/**
 * Climatological temperature (no anomaly) at step t of a year of `step`s (default 15 min). The seasonal
 * cycle has a 365-day period (a leap year's 31 December continues it).
 */
export function climatologyC(c: TemperatureConfig, t: number, step: SeriesStep = {}): number {
  const { stepsPerDay, stepH } = resolveStep(step, "climatologyC.stepsPerDay");
  return climatology(c, t, stepsPerDay, stepH);
}

function climatology(c: TemperatureConfig, t: number, stepsPerDay: number, stepH: number): number {
  const day = Math.floor(t / stepsPerDay) % 365;
  const hour = (t % stepsPerDay) * stepH;
  return (
    c.meanC +
    c.seasonalAmplitudeC * Math.cos((2 * Math.PI * (day - c.warmestDay)) / 365) +
    c.diurnalAmplitudeC * Math.cos((2 * Math.PI * (hour - c.warmestHour)) / 24)
  );
}

/**
 * `n` steps of ambient temperature (C) from 1 January 00:00, at `step` (default 15 min). The anomaly's
 * per-step AR(1) coefficient is anomalyAr1PerHour^(step in hours), so its hourly persistence and its sd
 * are the same at any step.
 */
export function generateTemperature(
  n: number,
  c: TemperatureConfig,
  rng: Rng,
  step: SeriesStep = {},
): Float64Array {
  const { stepsPerDay, stepH } = resolveStep(step, "generateTemperature.stepsPerDay");
  const out = new Float64Array(n);
  const phi = c.anomalyAr1PerHour ** stepH;
  const innov = c.anomalySdC * Math.sqrt(1 - phi * phi);
  let a = rng.normal(0, c.anomalySdC);
  for (let t = 0; t < n; t++) {
    a = phi * a + innov * rng.normal();
    out[t] = climatology(c, t, stepsPerDay, stepH) + a;
  }
  return out;
}
