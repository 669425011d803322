import { ConfigError } from "../core/errors";

/**
 * Rules that pick one compromise solution from a Pareto front (all objectives minimised; negate
 * maximised ones first). Both normalise each objective by the front's own range,
 *   z_ik = (f_ik - min_i f_ik) / (max_i f_ik - min_i f_ik)   (0 where the range is 0),
 * so that the choice does not depend on units, and is invariant to positive affine rescaling of any
 * objective. Ties go to the lowest index.
 */

function normalise(front: readonly ArrayLike<number>[], fn: string): Float64Array[] {
  if (front.length === 0) throw new ConfigError("front is empty", fn);
  const m = front[0].length;
  const lo = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  for (const f of front) {
    if (f.length !== m)
      throw new ConfigError(`rows have different objective counts (${f.length} vs ${m})`, fn);
    for (let k = 0; k < m; k++) {
      if (!Number.isFinite(f[k])) throw new ConfigError(`objective ${k} is not finite: ${f[k]}`, fn);
      if (f[k] < lo[k]) lo[k] = f[k];
      if (f[k] > hi[k]) hi[k] = f[k];
    }
  }
  return front.map((f) => {
    const z = new Float64Array(m);
    for (let k = 0; k < m; k++) z[k] = hi[k] > lo[k] ? (f[k] - lo[k]) / (hi[k] - lo[k]) : 0;
    return z;
  });
}

/**
 * Knee point: after min-max normalisation, the point farthest below the hyperplane sum_k z_k = 1,
 * i.e. with the smallest sum of normalised objectives. With two objectives this hyperplane is the
 * line through the two extreme points of the front, so the rule is exactly the "maximum distance
 * from the line joining the extremes" knee of Das (1999, "On characterizing the knee of the Pareto
 * curve based on normal-boundary intersection", Struct. Optim. 18) and Branke et al. (2004); with
 * more objectives it is the same construction with the hyperplane through the unit intercepts of
 * the normalised front (Deb & Gupta 2011, "Understanding knee points in bicriteria problems and
 * their implications as preferred solution principles", Eng. Optim. 43(11)). Returns the index.
 *
 * @example kneePoint([[0, 1], [0.2, 0.3], [1, 0]]) === 1
 */
export function kneePoint(front: readonly ArrayLike<number>[]): number {
  const z = normalise(front, "kneePoint");
  let best = 0;
  let bestSum = Number.POSITIVE_INFINITY;
  for (let i = 0; i < z.length; i++) {
    let s = 0;
    for (let k = 0; k < z[i].length; k++) s += z[i][k];
    if (s < bestSum - 1e-12) {
      bestSum = s;
      best = i;
    }
  }
  return best;
}

export interface TopsisResult {
  /** Index of the chosen point (largest closeness). */
  readonly index: number;
  /** Relative closeness to the ideal, C_i = d_i^- / (d_i^+ + d_i^-), in [0, 1]. */
  readonly closeness: Float64Array;
}

/**
 * TOPSIS (Hwang & Yoon 1981, "Multiple Attribute Decision Making", Springer, ch. 3) over a front of
 * minimised objectives: normalise (min-max as above, which unlike the original vector normalisation
 * is defined for negative objectives, i.e. negated maximised ones), weight each column by w_k
 * (default equal; rescaled to sum 1), take the ideal point (column minima) and anti-ideal point
 * (column maxima), and rank by relative closeness C_i = d_i^- / (d_i^+ + d_i^-) with Euclidean
 * distances d_i^+ to the ideal and d_i^- to the anti-ideal.
 */
export function topsis(front: readonly ArrayLike<number>[], weights?: ArrayLike<number>): TopsisResult {
  const z = normalise(front, "topsis");
  const m = z[0].length;
  const w = new Float64Array(m).fill(1 / m);
  if (weights) {
    if (weights.length !== m)
      throw new ConfigError(`${weights.length} weights for ${m} objectives`, "topsis");
    let s = 0;
    for (let k = 0; k < m; k++) {
      if (!(weights[k] >= 0)) throw new ConfigError(`weight ${k} must be >= 0, got ${weights[k]}`, "topsis");
      s += weights[k];
    }
    if (!(s > 0)) throw new ConfigError("weights sum to 0", "topsis");
    for (let k = 0; k < m; k++) w[k] = weights[k] / s;
  }
  const ideal = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const anti = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  for (const r of z)
    for (let k = 0; k < m; k++) {
      const v = w[k] * r[k];
      if (v < ideal[k]) ideal[k] = v;
      if (v > anti[k]) anti[k] = v;
    }
  const closeness = new Float64Array(z.length);
  let index = 0;
  for (let i = 0; i < z.length; i++) {
    let dp = 0;
    let dm = 0;
    for (let k = 0; k < m; k++) {
      const v = w[k] * z[i][k];
      dp += (v - ideal[k]) ** 2;
      dm += (v - anti[k]) ** 2;
    }
    dp = Math.sqrt(dp);
    dm = Math.sqrt(dm);
    closeness[i] = dp + dm > 0 ? dm / (dp + dm) : 0;
    if (closeness[i] > closeness[index] + 1e-12) index = i;
  }
  return { index, closeness };
}
