import { ConfigError } from "../core/errors";

/**
 * Distance-based quality indicators, minimised objectives, Euclidean distance in objective space
 * (no normalisation: normalise both sets first if the objectives' scales differ). Definitions follow
 * pymoo 0.6 (`pymoo.indicators.igd`, `gd`), i.e. the power-1 means of Ishibuchi et al. (2015).
 */

function minDistance(p: ArrayLike<number>, set: readonly ArrayLike<number>[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const q of set) {
    let s = 0;
    for (let k = 0; k < p.length; k++) {
      const d = p[k] - q[k];
      s += d * d;
    }
    if (s < best) best = s;
  }
  return Math.sqrt(best);
}

function check(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[], fn: string): void {
  if (a.length === 0 || b.length === 0) throw new ConfigError("both point sets must be non-empty", fn);
  if (a[0].length !== b[0].length)
    throw new ConfigError(`objective counts differ: ${a[0].length} vs ${b[0].length}`, fn);
}

/**
 * Inverted generational distance (Coello & Reyes Sierra 2004): mean over the reference-front points
 * of the distance to the nearest approximation point. Measures convergence and coverage.
 */
export function igd(
  approximation: readonly ArrayLike<number>[],
  referenceFront: readonly ArrayLike<number>[],
): number {
  check(approximation, referenceFront, "igd");
  let s = 0;
  for (const r of referenceFront) s += minDistance(r, approximation);
  return s / referenceFront.length;
}

/**
 * Generational distance (Van Veldhuizen & Lamont 1998, power-1 form): mean over the approximation's
 * points of the distance to the nearest reference-front point. Measures convergence only.
 */
export function generationalDistance(
  approximation: readonly ArrayLike<number>[],
  referenceFront: readonly ArrayLike<number>[],
): number {
  check(approximation, referenceFront, "generationalDistance");
  let s = 0;
  for (const a of approximation) s += minDistance(a, referenceFront);
  return s / approximation.length;
}

/**
 * Spacing (Schott 1995): with d_i the L1 distance from point i to its nearest other point,
 * S = sqrt( sum_i (mean(d) - d_i)^2 / (n - 1) ). 0 means evenly spaced. Needs n >= 2.
 */
export function spacing(points: readonly ArrayLike<number>[]): number {
  const n = points.length;
  if (n < 2) throw new ConfigError(`needs at least 2 points, got ${n}`, "spacing");
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let k = 0; k < points[i].length; k++) s += Math.abs(points[i][k] - points[j][k]);
      if (s < best) best = s;
    }
    d[i] = best;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (mean - d[i]) ** 2;
  return Math.sqrt(ss / (n - 1));
}
