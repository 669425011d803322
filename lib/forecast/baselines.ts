import { ConfigError } from "../core/errors";
import { STEPS_PER_DAY } from "../core/time";

/**
 * Persistence: the forecast for t..t+h-1 issued at t is the last observed value y[t-1], repeated.
 */
export function persistenceForecast(y: ArrayLike<number>, t: number, horizon: number): Float64Array {
  if (t < 1) throw new ConfigError(`persistence needs one past value, t=${t}`, "persistenceForecast");
  return new Float64Array(horizon).fill(y[t - 1]);
}

/**
 * Seasonal naive: y[t + k - period] for k < horizon ("same time yesterday", period = the series' steps a
 * day, or "last week", 7 times that: 96 and 672 at 15-min steps, the default; 24 and 168 for hourly data).
 * For k >= period the season is repeated (y[t - period + (k mod period)]).
 */
export function seasonalNaiveForecast(
  y: ArrayLike<number>,
  t: number,
  horizon: number,
  periodSteps: number = STEPS_PER_DAY,
): Float64Array {
  if (t < periodSteps)
    throw new ConfigError(`seasonal naive needs ${periodSteps} past values, t=${t}`, "seasonalNaiveForecast");
  const out = new Float64Array(horizon);
  for (let k = 0; k < horizon; k++) out[k] = y[t - periodSteps + (k % periodSteps)];
  return out;
}
