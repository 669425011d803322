import { DataError } from "../core/errors";

/** A per-column affine scaler fitted on the training part only (no leakage). x' = (x - offset) / scale. */
export interface Scaler {
  readonly kind: "minmax" | "standard";
  readonly offset: number;
  readonly scale: number;
}

/** Fits on `values[from, to)`. Min-max maps train to [0, 1] (notes-002: min-max scaling for the building LSTMs). */
export function fitScaler(
  kind: Scaler["kind"],
  values: ArrayLike<number>,
  from = 0,
  to = values.length,
): Scaler {
  if (to <= from) throw new DataError("cannot fit a scaler on an empty range", `fitScaler [${from}, ${to})`);
  if (kind === "minmax") {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = from; i < to; i++) {
      if (values[i] < lo) lo = values[i];
      if (values[i] > hi) hi = values[i];
    }
    return { kind, offset: lo, scale: hi > lo ? hi - lo : 1 };
  }
  let s = 0;
  for (let i = from; i < to; i++) s += values[i];
  const m = s / (to - from);
  let v = 0;
  for (let i = from; i < to; i++) v += (values[i] - m) ** 2;
  const sd = Math.sqrt(v / (to - from));
  return { kind, offset: m, scale: sd > 0 ? sd : 1 };
}

export function applyScaler(sc: Scaler, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - sc.offset) / sc.scale;
  return out;
}

export function invertScaler(sc: Scaler, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * sc.scale + sc.offset;
  return out;
}
