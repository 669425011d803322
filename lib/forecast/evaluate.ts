import { DataError } from "../core/errors";
import { persistenceForecast, seasonalNaiveForecast } from "./baselines";
import { intervalCoverage, mae, mape, pinballLoss, rmse, skillScore } from "./metrics";
import { type ForecastData, predictQuantiles, stepsPerDayOfData, type TrainedForecaster } from "./model";

/** One method's errors on the held-out part (all issue times and leads pooled). */
export interface MethodErrors {
  readonly method: "model" | "persistence" | "seasonal-naive-day" | "seasonal-naive-week";
  readonly mae: number;
  readonly rmse: number;
  /** MAE / capacity (PV, wind) or / mean actual (others), in %. */
  readonly nmaePct: number;
  /** Over actuals above 1 % of the normaliser only (PV at night excluded); null when none qualifies. */
  readonly mapePct: number | null;
  /** Mean pinball loss over P10/P50/P90 (model only; a point baseline has none). */
  readonly pinball: number | null;
  /** Share of actuals inside [P10, P90] (model only; nominal 0.8). */
  readonly coverage80: number | null;
}

export interface ForecastEvaluation {
  readonly issueTimes: number;
  readonly points: number;
  readonly normaliser: number;
  readonly normalisedBy: "capacity" | "mean actual";
  readonly methods: readonly MethodErrors[];
  /** 1 - MAE_model / MAE_reference (> 0: the model is better). NaN when the reference could not be formed. */
  readonly skillVsPersistence: number;
  readonly skillVsSeasonalDay: number;
  readonly skillVsSeasonalWeek: number;
}

/** Issue times in the held-out range [from, to): every `stride` steps with a full horizon inside it. */
export function testIssueTimes(from: number, to: number, horizon: number, stride: number): number[] {
  const out: number[] = [];
  for (let t = from; t + horizon <= to; t += stride) out.push(t);
  return out;
}

/** Quantile forecasts at many issue times, in chunks (bounded tensor memory). */
export function predictMany(
  f: TrainedForecaster,
  data: ForecastData,
  starts: readonly number[],
  chunk = 256,
): { p10: Float64Array; p50: Float64Array; p90: Float64Array }[] {
  const qs = f.config.quantiles;
  const j = (q: number) => {
    const i = qs.indexOf(q);
    return i >= 0 ? i : Math.max(qs.indexOf(0.5), 0);
  };
  const out: { p10: Float64Array; p50: Float64Array; p90: Float64Array }[] = [];
  for (let i = 0; i < starts.length; i += chunk) {
    for (const q of predictQuantiles(f, data, starts.slice(i, i + chunk)))
      out.push({ p10: q.values[j(0.1)], p50: q.values[j(0.5)], p90: q.values[j(0.9)] });
  }
  return out;
}

/**
 * Errors of a trained forecaster on its held-out (test) part, against persistence and seasonal naive (same
 * time yesterday, same time last week). Forecasts are issued every `stride` steps at t in the test part;
 * each reads only past values (t - lookBack .. t - 1, which may lie before the test part: observations are
 * known at issue time) and is scored on t .. t + horizon - 1, all inside the test part. A day and a week
 * are `stepsPerDay` and 7 `stepsPerDay` steps of the data (default 96: 15 min; stepsPerDayOfData).
 */
export function evaluateForecaster(
  f: TrainedForecaster,
  data: ForecastData,
  opts: { stride: number; capacity?: number },
): ForecastEvaluation {
  const H = f.config.horizon;
  const day = stepsPerDayOfData(data, f);
  const y = data.target;
  const [from, to] = f.split.test;
  const starts = testIssueTimes(from, to, H, opts.stride);
  if (starts.length === 0)
    throw new DataError(`test part [${from}, ${to}) is shorter than the horizon ${H}`, "evaluateForecaster");
  const fc = predictMany(f, data, starts);
  const n = starts.length * H;
  const act = new Float64Array(n);
  const p10 = new Float64Array(n);
  const p50 = new Float64Array(n);
  const p90 = new Float64Array(n);
  const pers = new Float64Array(n);
  const sDay = new Float64Array(n);
  const weekOk = starts[0] >= 7 * day;
  const sWeek = new Float64Array(weekOk ? n : 0);
  starts.forEach((t, s) => {
    act.set(y.subarray(t, t + H), s * H);
    p10.set(fc[s].p10, s * H);
    p50.set(fc[s].p50, s * H);
    p90.set(fc[s].p90, s * H);
    pers.set(persistenceForecast(y, t, H), s * H);
    sDay.set(seasonalNaiveForecast(y, t, H, day), s * H);
    if (weekOk) sWeek.set(seasonalNaiveForecast(y, t, H, 7 * day), s * H);
  });
  let mean = 0;
  for (const v of act) mean += v;
  mean /= n;
  const normaliser = opts.capacity ?? Math.abs(mean);
  const row = (method: MethodErrors["method"], pred: Float64Array, quant: boolean): MethodErrors => {
    const m = mae(act, pred);
    const mp = mape(act, pred, 0.01 * normaliser);
    return {
      method,
      mae: m,
      rmse: rmse(act, pred),
      nmaePct: (100 * m) / normaliser,
      mapePct: mp.count > 0 ? mp.mapePct : null,
      pinball: quant
        ? (pinballLoss(act, p10, 0.1) + pinballLoss(act, p50, 0.5) + pinballLoss(act, p90, 0.9)) / 3
        : null,
      coverage80: quant ? intervalCoverage(act, p10, p90) : null,
    };
  };
  const methods = [
    row("model", p50, true),
    row("persistence", pers, false),
    row("seasonal-naive-day", sDay, false),
    ...(weekOk ? [row("seasonal-naive-week", sWeek, false)] : []),
  ];
  const err = (m: MethodErrors["method"]) => methods.find((r) => r.method === m)?.mae ?? Number.NaN;
  return {
    issueTimes: starts.length,
    points: n,
    normaliser,
    normalisedBy: opts.capacity !== undefined ? "capacity" : "mean actual",
    methods,
    skillVsPersistence: skillScore(err("model"), err("persistence")),
    skillVsSeasonalDay: skillScore(err("model"), err("seasonal-naive-day")),
    skillVsSeasonalWeek: weekOk ? skillScore(err("model"), err("seasonal-naive-week")) : Number.NaN,
  };
}

/**
 * Day-ahead forecasts issued at each midnight of the test part (up to `days` of them), laid end to end:
 * what a forecast-vs-actual plot shows. Columns: step (index in the series), actual, p10, p50, p90,
 * persistence, seasonal naive (yesterday). Midnights are every `stepsPerDay` steps of the data from step 0.
 */
export function dayAheadTrace(
  f: TrainedForecaster,
  data: ForecastData,
  days: number,
): Record<"step" | "actual" | "p10" | "p50" | "p90" | "persistence" | "seasonalNaive", Float64Array> {
  const H = f.config.horizon;
  const day = stepsPerDayOfData(data, f);
  const [from, to] = f.split.test;
  const first = Math.ceil(from / day) * day;
  const starts = testIssueTimes(first, to, H, day).slice(0, days);
  const fc = predictMany(f, data, starts);
  const n = starts.length * H;
  const cols = {
    step: new Float64Array(n),
    actual: new Float64Array(n),
    p10: new Float64Array(n),
    p50: new Float64Array(n),
    p90: new Float64Array(n),
    persistence: new Float64Array(n),
    seasonalNaive: new Float64Array(n),
  };
  starts.forEach((t, s) => {
    for (let k = 0; k < H; k++) cols.step[s * H + k] = t + k;
    cols.actual.set(data.target.subarray(t, t + H), s * H);
    cols.p10.set(fc[s].p10, s * H);
    cols.p50.set(fc[s].p50, s * H);
    cols.p90.set(fc[s].p90, s * H);
    cols.persistence.set(persistenceForecast(data.target, t, H), s * H);
    cols.seasonalNaive.set(seasonalNaiveForecast(data.target, t, H, day), s * H);
  });
  return cols;
}
