import type { Rng } from "../core/rng";
import { STEP_H, STEPS_PER_DAY } from "../core/time";

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

/** Climatological temperature (no anomaly) at step t of a year. */
export function climatologyC(c: TemperatureConfig, t: number): number {
  const day = Math.floor(t / STEPS_PER_DAY) % 365;
  const hour = (t % STEPS_PER_DAY) * STEP_H;
  return (
    c.meanC +
    c.seasonalAmplitudeC * Math.cos((2 * Math.PI * (day - c.warmestDay)) / 365) +
    c.diurnalAmplitudeC * Math.cos((2 * Math.PI * (hour - c.warmestHour)) / 24)
  );
}

/** `n` steps of ambient temperature (C) from 1 January 00:00. */
export function generateTemperature(n: number, c: TemperatureConfig, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  const phi = c.anomalyAr1PerHour ** STEP_H;
  const innov = c.anomalySdC * Math.sqrt(1 - phi * phi);
  let a = rng.normal(0, c.anomalySdC);
  for (let t = 0; t < n; t++) {
    a = phi * a + innov * rng.normal();
    out[t] = climatologyC(c, t) + a;
  }
  return out;
}
