import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import { approxNormalCdf } from "./normal";
import { resolveStep, type SeriesStep } from "./step";

/**
 * Grid tariffs: time-of-use bands with documented hours; inside its band the price moves with the
 * city's net demand and a persistent market shock, scaled by a volatility parameter (Fig. 9d).
 * Demand-response incentives follow grid stress.
 */
export interface PriceConfig {
  /**
   * Bands (USD/MWh): off-peak 35-60, normal 60-120, peak 120-180 (notes-000 §1.8, "Electricity
   * prices varied between: Off-peak periods: $35-60/MWh; Normal operation: $60-120/MWh; Peak demand
   * periods: $120-180/MWh").
   */
  readonly offPeakUsdPerMwh: readonly [number, number];
  readonly normalUsdPerMwh: readonly [number, number];
  readonly peakUsdPerMwh: readonly [number, number];
  /**
   * Band hours (the paper gives none): off-peak 23:00-07:00 every day (the UK "Economy 7" night
   * window); peak 16:00-20:00 on weekdays (around the UK distribution "red" band, e.g. Northern
   * Powergrid 16:00-19:30 weekdays, and the evening demand peak); normal otherwise. [choice]
   */
  readonly offPeakStartHour: number;
  readonly offPeakEndHour: number;
  readonly peakStartHour: number;
  readonly peakEndHour: number;
  readonly peakOnWeekends: boolean;
  /**
   * Price volatility v (dimensionless; the paper sweeps 0.2-1.6 in Fig. 9d, baseline 1). The
   * position inside the band is Phi(v x), x a unit-variance driver: v = 1 spreads prices uniformly
   * over the band, smaller v concentrates them at mid-band, larger v pushes them to the edges.
   */
  readonly volatility: number;
  /** Weight of the (standardised) net demand in the driver x: prices rise when the city is short. [choice] */
  readonly netDemandWeight: number;
  /** Hourly lag-1 autocorrelation of the market shock in x. [choice] */
  readonly shockAr1PerHour: number;
  /**
   * Feed-in (export) price as a fraction of the import price: 0.5 (UK Smart Export Guarantee tariffs
   * pay roughly a third to a half of retail). [choice]
   */
  readonly exportPriceRatio: number;
  /**
   * Demand-response incentive range (USD/MWh): 40-150 "depending on grid conditions" (notes-000
   * §1.8). Grid stress s in [0, 1] = clip((net demand - its median) / (its 99th percentile - its
   * median), 0, 1) over the generated year; incentive = min + s (max - min). [choice of stress index]
   */
  readonly drIncentiveUsdPerMwh: readonly [number, number];
}

export const DEFAULT_PRICES: PriceConfig = {
  offPeakUsdPerMwh: [35, 60],
  normalUsdPerMwh: [60, 120],
  peakUsdPerMwh: [120, 180],
  offPeakStartHour: 23,
  offPeakEndHour: 7,
  peakStartHour: 16,
  peakEndHour: 20,
  peakOnWeekends: false,
  volatility: 1,
  netDemandWeight: 0.5,
  shockAr1PerHour: 0.8,
  exportPriceRatio: 0.5,
  drIncentiveUsdPerMwh: [40, 150],
};

export function validatePrices(c: PriceConfig, where = "city.prices"): void {
  for (const k of ["offPeakUsdPerMwh", "normalUsdPerMwh", "peakUsdPerMwh", "drIncentiveUsdPerMwh"] as const) {
    const [lo, hi] = c[k];
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && lo <= hi))
      throw new ConfigError(`must be [min, max] with 0 <= min <= max, got [${lo}, ${hi}]`, `${where}.${k}`);
  }
  if (!(c.volatility >= 0 && Number.isFinite(c.volatility)))
    throw new ConfigError(`must be a finite number >= 0, got ${c.volatility}`, `${where}.volatility`);
  if (!(c.netDemandWeight >= 0 && c.netDemandWeight <= 1))
    throw new ConfigError(`must be in [0, 1], got ${c.netDemandWeight}`, `${where}.netDemandWeight`);
  if (!(c.exportPriceRatio >= 0 && c.exportPriceRatio < 1))
    throw new ConfigError(`must be in [0, 1), got ${c.exportPriceRatio}`, `${where}.exportPriceRatio`);
}

/**
 * The step and calendar of a price series: `stepsPerDay` (default 96, 15 min) and the weekday of step 0
 * (0 = Monday, the default; a `TimeBase`'s is `dateOfStep(tb, 0).weekday`).
 */
export interface PriceStep extends SeriesStep {
  readonly weekdayOfDay0?: number;
}

/** Tariff band of step t (default: 15-min steps, day 0 a Monday): 0 off-peak, 1 normal, 2 peak. */
export function priceBandAt(c: PriceConfig, t: number, step: PriceStep = {}): 0 | 1 | 2 {
  const { stepsPerDay, stepH } = resolveStep(step, "priceBandAt.stepsPerDay");
  return bandAt(c, t, stepsPerDay, stepH, weekdayOf(step, "priceBandAt"));
}

function weekdayOf(step: PriceStep, where: string): number {
  const w = step.weekdayOfDay0 ?? 0;
  if (!Number.isInteger(w) || w < 0 || w > 6)
    throw new ConfigError(`must be an integer in [0, 6] (0 = Monday), got ${w}`, `${where}.weekdayOfDay0`);
  return w;
}

function bandAt(c: PriceConfig, t: number, stepsPerDay: number, stepH: number, weekday0: number): 0 | 1 | 2 {
  const h = (t % stepsPerDay) * stepH;
  const weekend = (weekday0 + Math.floor(t / stepsPerDay)) % 7 >= 5;
  const off =
    c.offPeakStartHour > c.offPeakEndHour
      ? h >= c.offPeakStartHour || h < c.offPeakEndHour
      : h >= c.offPeakStartHour && h < c.offPeakEndHour;
  if (off) return 0;
  if ((!weekend || c.peakOnWeekends) && h >= c.peakStartHour && h < c.peakEndHour) return 2;
  return 1;
}

export interface PriceSeries {
  readonly importUsdPerMwh: Float64Array;
  readonly exportUsdPerMwh: Float64Array;
  readonly band: Uint8Array;
  readonly drIncentiveUsdPerMwh: Float64Array;
  /** Grid stress index in [0, 1] behind the DR incentive. */
  readonly gridStress: Float64Array;
}

/**
 * Prices for `n` steps from 1 January at `step` (default 15 min, day 0 a Monday). `netDemandMw` (demand
 * minus available renewables, before any control) drives the in-band position and the grid stress. The
 * market shock's per-step AR(1) coefficient is shockAr1PerHour^(step in hours): the same hourly
 * persistence at any step.
 */
export function generatePrices(
  n: number,
  c: PriceConfig,
  netDemandMw: Float64Array,
  rng: Rng,
  step: PriceStep = {},
): PriceSeries {
  validatePrices(c);
  const { stepsPerDay, stepH } = resolveStep(step, "generatePrices.stepsPerDay");
  const weekday0 = weekdayOf(step, "generatePrices");
  let m = 0;
  for (let t = 0; t < n; t++) m += netDemandMw[t];
  m /= n;
  let v = 0;
  for (let t = 0; t < n; t++) v += (netDemandMw[t] - m) ** 2;
  const sd = Math.sqrt(v / n) || 1;
  const sorted = Float64Array.from(netDemandMw).sort();
  const q = (p: number) => sorted[Math.min(n - 1, Math.floor(p * (n - 1)))];
  const med = q(0.5);
  const q99 = q(0.99);
  const phi = c.shockAr1PerHour ** stepH;
  const innov = Math.sqrt(1 - phi * phi);
  const w = c.netDemandWeight;
  const wShock = Math.sqrt(1 - w * w);
  const imp = new Float64Array(n);
  const exp = new Float64Array(n);
  const band = new Uint8Array(n);
  const dr = new Float64Array(n);
  const stress = new Float64Array(n);
  let y = rng.normal();
  const bands = [c.offPeakUsdPerMwh, c.normalUsdPerMwh, c.peakUsdPerMwh];
  for (let t = 0; t < n; t++) {
    y = phi * y + innov * rng.normal();
    const x = w * ((netDemandMw[t] - m) / sd) + wShock * y;
    const b = bandAt(c, t, stepsPerDay, stepH, weekday0);
    const [lo, hi] = bands[b];
    imp[t] = lo + (hi - lo) * approxNormalCdf(c.volatility * x);
    exp[t] = c.exportPriceRatio * imp[t];
    band[t] = b;
    const s = q99 > med ? Math.min(1, Math.max(0, (netDemandMw[t] - med) / (q99 - med))) : 0;
    stress[t] = s;
    dr[t] = c.drIncentiveUsdPerMwh[0] + s * (c.drIncentiveUsdPerMwh[1] - c.drIncentiveUsdPerMwh[0]);
  }
  return { importUsdPerMwh: imp, exportUsdPerMwh: exp, band, drIncentiveUsdPerMwh: dr, gridStress: stress };
}
