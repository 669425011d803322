import { ConfigError } from "../core/errors";
import { createRng } from "../core/rng";
import { forecastErrorRng, perturbSeries, relativeErrorProcess } from "../profiles/uncertainty";
import type { ForecastData, TrainedForecaster } from "./model";
import { predictQuantiles } from "./model";

/** What controllers read: steps t..t+horizon-1, P10/P50/P90, original units. */
export interface Forecast {
  readonly p10: Float64Array;
  readonly p50: Float64Array;
  readonly p90: Float64Array;
}

export interface ForecastProvider {
  forecast(t: number, horizon: number): Forecast;
}

/** z of the standard normal at 0.9: P10/P90 = mean -/+ 1.2816 sd. */
const Z90 = 1.2815515655446004;

function slice(truth: Float64Array, t: number, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  for (let k = 0; k < horizon; k++) out[k] = truth[Math.min(t + k, truth.length - 1)];
  return out;
}

/** Perfect foresight (for MPC upper bounds): P10 = P50 = P90 = truth. Beyond the series end the last value is held. */
export function perfectForesight(truth: Float64Array): ForecastProvider {
  return {
    forecast(t, horizon) {
      const v = slice(truth, t, horizon);
      return { p10: v, p50: v.slice(), p90: v.slice() };
    },
  };
}

/**
 * Relative forecast-error sigmas per source (seed 000's stated forecast-noise model; issue 4 quotes them:
 * solar 10 %, wind 12 %, residential 8 %, commercial 6 %, EV 15 %).
 */
export const DEFAULT_FORECAST_SIGMA = {
  solar: 0.1,
  wind: 0.12,
  residential: 0.08,
  commercial: 0.06,
  ev: 0.15,
} as const;

/**
 * Noise-added truth: p50[k] = truth[t+k] * (1 + sigmaRel * e), e ~ N(0, 1), drawn from the stream
 * (seed, "forecast-noise", t) so the same (seed, t) gives the same forecast, whatever the call order.
 * P10/P90 = p50 -/+ 1.2816 * sigmaRel * |p50| (the interval the noise model itself implies).
 */
export function noisyTruth(truth: Float64Array, sigmaRel: number, seed: number): ForecastProvider {
  if (!(sigmaRel >= 0)) throw new ConfigError(`sigmaRel must be >= 0, got ${sigmaRel}`, "noisyTruth");
  return {
    forecast(t, horizon) {
      const rng = createRng(seed, "forecast-noise", t);
      const v = slice(truth, t, horizon);
      const p50 = new Float64Array(horizon);
      const p10 = new Float64Array(horizon);
      const p90 = new Float64Array(horizon);
      for (let k = 0; k < horizon; k++) {
        p50[k] = v[k] * (1 + sigmaRel * rng.normal());
        const w = Z90 * sigmaRel * Math.abs(p50[k]);
        p10[k] = p50[k] - w;
        p90[k] = p50[k] + w;
      }
      return { p10, p50, p90 };
    },
  };
}

/**
 * Noise-added truth under the city's own uncertainty model (lib/profiles/uncertainty.ts, notes-000 §2): ONE relative
 * error path per quantity over the whole series, e = stationary AR(1) with sd `sigma` and hourly lag-1
 * autocorrelation `ar1PerHour` (relativeErrorProcess), drawn from forecastErrorRng(seed, name); the forecast of
 * step s is clip(truth[s] (1 + e[s]), 0, capMw) (perturbSeries), the same whatever the issue time, so errors
 * persist over hours as day-ahead errors do and consecutive forecasts agree. P10/P90 = p50 (1 -/+ 1.2816 sigma),
 * clipped the same way. Beyond the series end the last value is held. `stepsPerDay` is the series' step
 * (default 96, 15 min): the hourly autocorrelation holds at any step.
 */
export function uncertaintyNoisyTruth(
  truth: Float64Array,
  opts: {
    sigma: number;
    ar1PerHour: number;
    seed: number;
    name: string;
    capMw?: number;
    stepsPerDay?: number;
  },
): ForecastProvider {
  if (!(opts.sigma >= 0 && opts.sigma < 1))
    throw new ConfigError(`sigma must be in [0, 1), got ${opts.sigma}`, "uncertaintyNoisyTruth.sigma");
  const cap = opts.capMw ?? Number.POSITIVE_INFINITY;
  const e = relativeErrorProcess(
    truth.length,
    opts.sigma,
    opts.ar1PerHour,
    forecastErrorRng(opts.seed, opts.name),
    { stepsPerDay: opts.stepsPerDay },
  );
  const p50s = perturbSeries(truth, e, cap);
  const clip = (x: number) => Math.min(cap, Math.max(0, x));
  const p10s = p50s.map((v) => clip(v * (1 - Z90 * opts.sigma)));
  const p90s = p50s.map((v) => clip(v * (1 + Z90 * opts.sigma)));
  return {
    forecast(t, horizon) {
      return { p10: slice(p10s, t, horizon), p50: slice(p50s, t, horizon), p90: slice(p90s, t, horizon) };
    },
  };
}

/**
 * The forecast-quality knob (Fig. 9b sweeps forecast accuracy 60-100 %), defined once here.
 * accuracy a in [0, 1]; the forecast is truth plus relative Gaussian error whose expected absolute
 * percentage error is exactly (1 - a):  p50 = truth * (1 + (1 - a) * sqrt(pi/2) * e),  e ~ N(0, 1),
 * since E|N(0, s^2)| = s * sqrt(2/pi). So a = 1 is perfect foresight, a = 0.6 a 40 % mean absolute
 * percentage error; the error grows monotonically as a falls, with the same noise draws for every a
 * (common random numbers), so sweeps are smooth.
 */
export function forecastAtAccuracy(truth: Float64Array, accuracy: number, seed: number): ForecastProvider {
  if (!(accuracy >= 0 && accuracy <= 1))
    throw new ConfigError(`accuracy must be in [0, 1], got ${accuracy}`, "forecastAtAccuracy");
  return noisyTruth(truth, (1 - accuracy) * Math.sqrt(Math.PI / 2), seed);
}

/**
 * Blends any provider toward truth: out = w * truth + (1 - w) * forecast (all three quantiles), w in [0, 1].
 * Errors scale by (1 - w) exactly, so every error metric is monotone in w.
 */
export function blendTowardTruth(base: ForecastProvider, truth: Float64Array, w: number): ForecastProvider {
  if (!(w >= 0 && w <= 1)) throw new ConfigError(`w must be in [0, 1], got ${w}`, "blendTowardTruth");
  return {
    forecast(t, horizon) {
      const f = base.forecast(t, horizon);
      const v = slice(truth, t, horizon);
      const mix = (a: Float64Array) => a.map((x, k) => w * v[k] + (1 - w) * x);
      return { p10: mix(f.p10), p50: mix(f.p50), p90: mix(f.p90) };
    },
  };
}

/**
 * A trained model as a provider. `data` must contain the observations up to t (it can be the whole series;
 * only indices < t are read). Horizons up to the model's are served by truncation.
 * The model needs quantiles containing 0.1, 0.5, 0.9; a point model (quantiles [0.5]) gives p10 = p50 = p90.
 */
export function modelProvider(f: TrainedForecaster, data: ForecastData): ForecastProvider {
  const qs = f.config.quantiles;
  const pick = (q: number) => {
    const j = qs.indexOf(q);
    return j >= 0 ? j : Math.max(qs.indexOf(0.5), 0);
  };
  return {
    forecast(t, horizon) {
      if (horizon > f.config.horizon)
        throw new ConfigError(
          `model horizon is ${f.config.horizon}, asked ${horizon}`,
          "modelProvider.forecast",
        );
      const [qf] = predictQuantiles(f, data, [t]);
      const cut = (j: number) => qf.values[j].slice(0, horizon);
      return { p10: cut(pick(0.1)), p50: cut(pick(0.5)), p90: cut(pick(0.9)) };
    },
  };
}
