import { DataError } from "../core/errors";

function check(a: ArrayLike<number>, p: ArrayLike<number>, where: string): void {
  if (a.length !== p.length || a.length === 0)
    throw new DataError(`actual (${a.length}) and forecast (${p.length}) must be equal and non-empty`, where);
}

export function mae(actual: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(actual, pred, "mae");
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - pred[i]);
  return s / actual.length;
}

export function rmse(actual: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(actual, pred, "rmse");
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (actual[i] - pred[i]) ** 2;
  return Math.sqrt(s / actual.length);
}

/**
 * Mean absolute percentage error in %, over the points where |actual| > minAbsActual only (PV at night is
 * zero: MAPE there is undefined). Returns NaN when no point qualifies; `count` says how many did.
 */
export function mape(
  actual: ArrayLike<number>,
  pred: ArrayLike<number>,
  minAbsActual = 1e-6,
): { mapePct: number; count: number } {
  check(actual, pred, "mape");
  let s = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (Math.abs(actual[i]) > minAbsActual) {
      s += Math.abs((actual[i] - pred[i]) / actual[i]);
      n++;
    }
  }
  return { mapePct: n > 0 ? (100 * s) / n : Number.NaN, count: n };
}

/** MAE divided by installed capacity, in % (the usual PV/wind normalisation). */
export function capacityNormalisedMaePct(
  actual: ArrayLike<number>,
  pred: ArrayLike<number>,
  capacity: number,
): number {
  if (!(capacity > 0))
    throw new DataError(`capacity must be > 0, got ${capacity}`, "capacityNormalisedMaePct");
  return (100 * mae(actual, pred)) / capacity;
}

/** Mean pinball (quantile) loss at level q in (0, 1): max(q (y - f), (q - 1)(y - f)). */
export function pinballLoss(actual: ArrayLike<number>, predQ: ArrayLike<number>, q: number): number {
  check(actual, predQ, "pinballLoss");
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - predQ[i];
    s += Math.max(q * e, (q - 1) * e);
  }
  return s / actual.length;
}

/** Fraction of actuals inside [lo, hi] (inclusive). For P10-P90 the nominal value is 0.8. */
export function intervalCoverage(
  actual: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
): number {
  check(actual, lo, "intervalCoverage");
  check(actual, hi, "intervalCoverage");
  let n = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lo[i] && actual[i] <= hi[i]) n++;
  return n / actual.length;
}

/** Skill score vs a reference (persistence): 1 - err_model / err_ref. > 0 means better than the reference. */
export function skillScore(errModel: number, errReference: number): number {
  return errReference > 0 ? 1 - errModel / errReference : Number.NaN;
}
