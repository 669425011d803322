import { ConfigError } from "../../core/errors";
import type { Evaluation, Problem } from "../problem";

/**
 * DTLZ1 and DTLZ2 (Deb, Thiele, Laumanns & Zitzler 2005, "Scalable test problems for evolutionary
 * multiobjective optimization", in Evolutionary Multiobjective Optimization, Springer, pp. 105-145),
 * nVar = nObj + k - 1 with k = 5 (DTLZ1) and k = 10 (DTLZ2) as the paper recommends.
 * Fronts: DTLZ1 the simplex sum f = 0.5, f >= 0; DTLZ2 the unit sphere's positive orthant.
 */

function dtlzProblem(
  name: string,
  nObj: number,
  k: number,
  body: (x: Float64Array, o: Float64Array) => void,
): Problem {
  if (!Number.isInteger(nObj) || nObj < 2)
    throw new ConfigError(`must be an integer >= 2, got ${nObj}`, `${name}.nObj`);
  const nVar = nObj + k - 1;
  return {
    name: `${name}-${nObj}`,
    nVar,
    nObj,
    nConstr: 0,
    lower: new Float64Array(nVar),
    upper: new Float64Array(nVar).fill(1),
    evaluate(X: readonly Float64Array[]): Evaluation {
      const F: Float64Array[] = new Array(X.length);
      for (let i = 0; i < X.length; i++) {
        const o = new Float64Array(nObj);
        body(X[i], o);
        F[i] = o;
      }
      return { F };
    },
  };
}

export function dtlz1(nObj = 3, k = 5): Problem {
  return dtlzProblem("dtlz1", nObj, k, (x, o) => {
    const M = nObj;
    let g = 0;
    for (let j = M - 1; j < x.length; j++) g += (x[j] - 0.5) ** 2 - Math.cos(20 * Math.PI * (x[j] - 0.5));
    g = 100 * (x.length - M + 1 + g);
    for (let i = 0; i < M; i++) {
      let v = 0.5 * (1 + g);
      for (let j = 0; j < M - 1 - i; j++) v *= x[j];
      if (i > 0) v *= 1 - x[M - 1 - i];
      o[i] = v;
    }
  });
}

export function dtlz2(nObj = 3, k = 10): Problem {
  return dtlzProblem("dtlz2", nObj, k, (x, o) => {
    const M = nObj;
    let g = 0;
    for (let j = M - 1; j < x.length; j++) g += (x[j] - 0.5) ** 2;
    for (let i = 0; i < M; i++) {
      let v = 1 + g;
      for (let j = 0; j < M - 1 - i; j++) v *= Math.cos((x[j] * Math.PI) / 2);
      if (i > 0) v *= Math.sin((x[M - 1 - i] * Math.PI) / 2);
      o[i] = v;
    }
  });
}

/**
 * Das & Dennis (1998) simplex-lattice points: all w >= 0 with sum w = 1 and w_k multiples of
 * 1/divisions; C(divisions + m - 1, m - 1) points.
 */
export function simplexLattice(m: number, divisions: number): Float64Array[] {
  const out: Float64Array[] = [];
  const cur = new Int32Array(m);
  const rec = (k: number, left: number) => {
    if (k === m - 1) {
      cur[k] = left;
      out.push(Float64Array.from(cur, (c) => c / divisions));
      return;
    }
    for (let c = 0; c <= left; c++) {
      cur[k] = c;
      rec(k + 1, left - c);
    }
  };
  rec(0, divisions);
  return out;
}

/** Points of the true front: the lattice scaled to sum 0.5 (DTLZ1) or projected onto the unit sphere (DTLZ2). */
export function dtlzFront(name: "dtlz1" | "dtlz2", nObj: number, divisions: number): Float64Array[] {
  const w = simplexLattice(nObj, divisions);
  if (name === "dtlz1") return w.map((p) => p.map((v) => v / 2));
  return w.map((p) => {
    const norm = Math.hypot(...p);
    return p.map((v) => v / norm);
  });
}

/**
 * Hypervolume of the continuous true front with reference point (r, ..., r):
 * DTLZ1 (r >= 0.5): r^M - 0.5^M / M!  (the box minus the simplex below the front);
 * DTLZ2 (r >= 1): r^M - V_M / 2^M with V_M = pi^(M/2) / Gamma(M/2 + 1) the unit M-ball's volume.
 */
export function dtlzTrueHypervolume(name: "dtlz1" | "dtlz2", nObj: number, r: number): number {
  const M = nObj;
  if (name === "dtlz1") {
    if (r < 0.5) throw new ConfigError(`reference must be >= 0.5, got ${r}`, "dtlzTrueHypervolume");
    let fact = 1;
    for (let i = 2; i <= M; i++) fact *= i;
    return r ** M - 0.5 ** M / fact;
  }
  if (r < 1) throw new ConfigError(`reference must be >= 1, got ${r}`, "dtlzTrueHypervolume");
  return r ** M - unitBallVolume(M) / 2 ** M;
}

/** Volume of the unit ball in M dimensions (recurrence V_M = 2 pi / M * V_{M-2}, V_0 = 1, V_1 = 2). */
export function unitBallVolume(M: number): number {
  if (M === 0) return 1;
  if (M === 1) return 2;
  return ((2 * Math.PI) / M) * unitBallVolume(M - 2);
}
