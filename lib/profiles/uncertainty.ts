import { ConfigError } from "../core/errors";
import { createRng, type Rng } from "../core/rng";
import { resolveStep, type SeriesStep } from "./step";

/**
 * Forecast-error processes and Monte Carlo realisations of the city's exogenous series. The paper
 * states the error standard deviations (notes-000 §2, "uncertainty"): solar 10 %, wind 12 %,
 * residential 8 %, commercial 6 %, EV charging 15 %, and uses 5,000 Monte Carlo realisations.
 * Reading: relative (multiplicative) errors, truth x (1 + e), e a stationary AR(1) with that sd, so
 * errors are zero at night for PV and persist over hours as day-ahead errors do.
 */
export interface UncertaintyConfig {
  readonly solarSigma: number;
  readonly windSigma: number;
  readonly residentialSigma: number;
  readonly commercialSigma: number;
  /** Industrial and municipal loads: the paper gives none; the commercial 6 % is used. [choice] */
  readonly industrialSigma: number;
  readonly municipalSigma: number;
  readonly evSigma: number;
  /** Hourly lag-1 autocorrelation of the errors: 0.9 (errors persist over a few hours). [choice] */
  readonly errorAr1PerHour: number;
  /** Monte Carlo realisations of the paper's profile: 5,000 (notes-000 §2). */
  readonly monteCarloRealisations: number;
}

export const DEFAULT_UNCERTAINTY: UncertaintyConfig = {
  solarSigma: 0.1,
  windSigma: 0.12,
  residentialSigma: 0.08,
  commercialSigma: 0.06,
  industrialSigma: 0.06,
  municipalSigma: 0.06,
  evSigma: 0.15,
  errorAr1PerHour: 0.9,
  monteCarloRealisations: 5000,
};

export function validateUncertainty(c: UncertaintyConfig, where = "city.uncertainty"): void {
  for (const k of [
    "solarSigma",
    "windSigma",
    "residentialSigma",
    "commercialSigma",
    "industrialSigma",
    "municipalSigma",
    "evSigma",
  ] as const) {
    if (!(c[k] >= 0 && c[k] < 1)) throw new ConfigError(`must be in [0, 1), got ${c[k]}`, `${where}.${k}`);
  }
  if (!(c.errorAr1PerHour >= 0 && c.errorAr1PerHour < 1))
    throw new ConfigError(`must be in [0, 1), got ${c.errorAr1PerHour}`, `${where}.errorAr1PerHour`);
}

/**
 * Stationary AR(1) with standard deviation `sigma` and hourly lag-1 autocorrelation, `n` steps of
 * `step` (default 15 min): the per-step coefficient is ar1PerHour^(step in hours), so the hourly
 * correlation is the same at any step.
 */
export function relativeErrorProcess(
  n: number,
  sigma: number,
  ar1PerHour: number,
  rng: Rng,
  step: SeriesStep = {},
): Float64Array {
  const { stepH } = resolveStep(step, "relativeErrorProcess.stepsPerDay");
  const out = new Float64Array(n);
  if (sigma === 0) return out;
  const phi = ar1PerHour ** stepH;
  const innov = sigma * Math.sqrt(1 - phi * phi);
  let e = rng.normal(0, sigma);
  for (let t = 0; t < n; t++) {
    out[t] = e;
    e = phi * e + innov * rng.normal();
  }
  return out;
}

/** truth x (1 + e), kept in [0, capMw] (a forecast or a realisation is never negative or above capacity). */
export function perturbSeries(
  truth: Float64Array,
  error: Float64Array,
  capMw = Number.POSITIVE_INFINITY,
): Float64Array {
  const out = new Float64Array(truth.length);
  for (let t = 0; t < truth.length; t++) out[t] = Math.min(capMw, Math.max(0, truth[t] * (1 + error[t])));
  return out;
}

/**
 * The stream of Monte Carlo realisation k of quantity `name`: createRng(seed, "mc", k, name).
 * Keyed, so realisation k is the same whatever else was drawn, on any worker or shard.
 */
export function monteCarloRng(seed: number, k: number, name: string): Rng {
  if (!Number.isInteger(k) || k < 0)
    throw new ConfigError(`must be a non-negative integer, got ${k}`, "monteCarloRng(k)");
  return createRng(seed, "mc", k, name);
}

/** The stream of the forecast error of quantity `name`: createRng(seed, "forecast-error", name). */
export function forecastErrorRng(seed: number, name: string): Rng {
  return createRng(seed, "forecast-error", name);
}
