/** Helpers over `Float64Array` series on the time index. Power in MW, energy in MWh. */

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

export function mean(a: ArrayLike<number>): number {
  return a.length === 0 ? Number.NaN : sum(a) / a.length;
}

export function max(a: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

export function min(a: ArrayLike<number>): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

/** Energy (MWh) of a power series (MW) with step length stepH (h). */
export function energyMwh(powerMw: ArrayLike<number>, stepH: number): number {
  return sum(powerMw) * stepH;
}

/** Element-wise a + b into a new array. */
export function add(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) throw new RangeError(`add: lengths differ (${a.length} vs ${b.length})`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** Element-wise scale into a new array. */
export function scale(a: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * k;
  return out;
}

/** Quantile (linear interpolation between order statistics, type 7 as in R and numpy's default). */
export function quantile(a: ArrayLike<number>, q: number): number {
  if (a.length === 0) return Number.NaN;
  const s = Float64Array.from(a).sort();
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** Contiguous slice [from, to) as a copy. */
export function window(a: Float64Array, from: number, to: number): Float64Array {
  return a.slice(from, to);
}
