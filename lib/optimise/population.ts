import type { Rng } from "../core/rng";
import type { Problem } from "./problem";

/** A population as columns of rows: decision vectors, objective vectors and constraint violation. */
export interface Population {
  readonly X: Float64Array[];
  readonly F: Float64Array[];
  /** Total constraint violation (0 = feasible). */
  readonly CV: Float64Array;
}

/**
 * Uniform random candidates inside the bounds. Integer variables are uniform over the integers in
 * [ceil(lower), floor(upper)] (pymoo's IntegerRandomSampling).
 */
export function randomPopulation(problem: Problem, n: number, rng: Rng): Float64Array[] {
  const { nVar, lower, upper, integer } = problem;
  const X: Float64Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const x = new Float64Array(nVar);
    for (let j = 0; j < nVar; j++) {
      if (integer && integer[j] === 1) {
        const lo = Math.ceil(lower[j]);
        x[j] = lo + rng.int(Math.floor(upper[j]) - lo + 1);
      } else x[j] = lower[j] + (upper[j] - lower[j]) * rng.next();
    }
    X[i] = x;
  }
  return X;
}

/**
 * Feasibility-first comparison of two candidates of a single-objective problem (Deb 2000): a feasible
 * one beats an infeasible one, two infeasible ones compare by violation, two feasible ones by f.
 * Returns true when a is strictly better than b.
 */
export function betterSingle(fa: number, cva: number, fb: number, cvb: number): boolean {
  if (cva > 0 || cvb > 0) return cva < cvb;
  return fa < fb;
}

/** Index of the best candidate by `betterSingle` (first objective); the first one on ties. */
export function bestIndex(F: readonly Float64Array[], CV: Float64Array): number {
  let b = 0;
  for (let i = 1; i < F.length; i++) if (betterSingle(F[i][0], CV[i], F[b][0], CV[b])) b = i;
  return b;
}
