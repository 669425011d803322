import type { Evaluation, Problem } from "../problem";

/**
 * Classic single-objective test functions, global minimum 0. Domains and optima as in Surjanovic &
 * Bingham, "Virtual Library of Simulation Experiments: Test Functions and Datasets" (Simon Fraser
 * University, https://www.sfu.ca/~ssurjano/optimization.html) and Jamil & Yang (2013), "A literature
 * survey of benchmark functions for global optimisation problems", Int. J. Math. Model. Numer. Optim. 4(2).
 */

function scalarProblem(
  name: string,
  nVar: number,
  lo: number,
  hi: number,
  f: (x: Float64Array) => number,
): Problem {
  return {
    name: `${name}${nVar}`,
    nVar,
    nObj: 1,
    nConstr: 0,
    lower: new Float64Array(nVar).fill(lo),
    upper: new Float64Array(nVar).fill(hi),
    evaluate(X: readonly Float64Array[]): Evaluation {
      const F: Float64Array[] = new Array(X.length);
      for (let i = 0; i < X.length; i++) F[i] = Float64Array.of(f(X[i]));
      return { F };
    },
  };
}

export function sphereValue(x: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j] * x[j];
  return s;
}

export function rastriginValue(x: ArrayLike<number>): number {
  let s = 10 * x.length;
  for (let j = 0; j < x.length; j++) s += x[j] * x[j] - 10 * Math.cos(2 * Math.PI * x[j]);
  return s;
}

export function rosenbrockValue(x: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j + 1 < x.length; j++) s += 100 * (x[j + 1] - x[j] * x[j]) ** 2 + (1 - x[j]) ** 2;
  return s;
}

export function ackleyValue(x: ArrayLike<number>): number {
  const n = x.length;
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < n; j++) {
    s1 += x[j] * x[j];
    s2 += Math.cos(2 * Math.PI * x[j]);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(s1 / n)) - Math.exp(s2 / n) + 20 + Math.E;
}

/** Sphere, x in [-5.12, 5.12]^n, minimum 0 at x = 0. */
export const sphere = (nVar = 10): Problem => scalarProblem("sphere", nVar, -5.12, 5.12, sphereValue);
/** Rastrigin, x in [-5.12, 5.12]^n, minimum 0 at x = 0; ~10^n local minima. */
export const rastrigin = (nVar = 10): Problem =>
  scalarProblem("rastrigin", nVar, -5.12, 5.12, rastriginValue);
/** Rosenbrock, x in [-5, 10]^n, minimum 0 at x = 1; a narrow curved valley. */
export const rosenbrock = (nVar = 10): Problem => scalarProblem("rosenbrock", nVar, -5, 10, rosenbrockValue);
/** Ackley (a = 20, b = 0.2, c = 2 pi), x in [-32.768, 32.768]^n, minimum 0 at x = 0. */
export const ackley = (nVar = 10): Problem => scalarProblem("ackley", nVar, -32.768, 32.768, ackleyValue);
