import type { Evaluation, Problem } from "../problem";

/**
 * The ZDT bi-objective test problems (Zitzler, Deb & Thiele 2000, "Comparison of multiobjective
 * evolutionary algorithms: empirical results", Evolutionary Computation 8(2):173-195), with their
 * analytic Pareto fronts (g = 1) and the hypervolumes of those fronts. Standard sizes: 30 variables
 * (ZDT1-3), 10 (ZDT4, ZDT6).
 */

type Zdt = (x: Float64Array, out: Float64Array) => void;

function zdtProblem(name: string, nVar: number, lower: Float64Array, upper: Float64Array, f: Zdt): Problem {
  return {
    name,
    nVar,
    nObj: 2,
    nConstr: 0,
    lower,
    upper,
    evaluate(X: readonly Float64Array[]): Evaluation {
      const F: Float64Array[] = new Array(X.length);
      for (let i = 0; i < X.length; i++) {
        const o = new Float64Array(2);
        f(X[i], o);
        F[i] = o;
      }
      return { F };
    },
  };
}

const unitBox = (n: number) => [new Float64Array(n), new Float64Array(n).fill(1)] as const;

function gLinear(x: Float64Array): number {
  let s = 0;
  for (let j = 1; j < x.length; j++) s += x[j];
  return 1 + (9 * s) / (x.length - 1);
}

export function zdt1(nVar = 30): Problem {
  const [lo, hi] = unitBox(nVar);
  return zdtProblem("zdt1", nVar, lo, hi, (x, o) => {
    const g = gLinear(x);
    o[0] = x[0];
    o[1] = g * (1 - Math.sqrt(x[0] / g));
  });
}

export function zdt2(nVar = 30): Problem {
  const [lo, hi] = unitBox(nVar);
  return zdtProblem("zdt2", nVar, lo, hi, (x, o) => {
    const g = gLinear(x);
    o[0] = x[0];
    o[1] = g * (1 - (x[0] / g) ** 2);
  });
}

export function zdt3(nVar = 30): Problem {
  const [lo, hi] = unitBox(nVar);
  return zdtProblem("zdt3", nVar, lo, hi, (x, o) => {
    const g = gLinear(x);
    const r = x[0] / g;
    o[0] = x[0];
    o[1] = g * (1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * x[0]));
  });
}

export function zdt4(nVar = 10): Problem {
  const lo = new Float64Array(nVar).fill(-5);
  const hi = new Float64Array(nVar).fill(5);
  lo[0] = 0;
  hi[0] = 1;
  return zdtProblem("zdt4", nVar, lo, hi, (x, o) => {
    let g = 1 + 10 * (x.length - 1);
    for (let j = 1; j < x.length; j++) g += x[j] * x[j] - 10 * Math.cos(4 * Math.PI * x[j]);
    o[0] = x[0];
    o[1] = g * (1 - Math.sqrt(x[0] / g));
  });
}

export function zdt6(nVar = 10): Problem {
  const [lo, hi] = unitBox(nVar);
  return zdtProblem("zdt6", nVar, lo, hi, (x, o) => {
    let s = 0;
    for (let j = 1; j < x.length; j++) s += x[j];
    const g = 1 + 9 * (s / (x.length - 1)) ** 0.25;
    const f1 = 1 - Math.exp(-4 * x[0]) * Math.sin(6 * Math.PI * x[0]) ** 6;
    o[0] = f1;
    o[1] = g * (1 - (f1 / g) ** 2);
  });
}

export type ZdtName = "zdt1" | "zdt2" | "zdt3" | "zdt4" | "zdt6";

/** Smallest f1 on ZDT6's front: the root of 1 - exp(-4x) sin^6(6 pi x) minimised, at x ~ 0.0817. */
export const ZDT6_F1_MIN = 0.2807753191;

/** The front's f2 as a function of f1 (before removing ZDT3's dominated parts). */
function frontCurve(name: ZdtName): (f1: number) => number {
  switch (name) {
    case "zdt1":
    case "zdt4":
      return (f) => 1 - Math.sqrt(f);
    case "zdt2":
    case "zdt6":
      return (f) => 1 - f * f;
    case "zdt3":
      return (f) => 1 - Math.sqrt(f) - f * Math.sin(10 * Math.PI * f);
  }
}

/**
 * `n` points of the true Pareto front, evenly spaced in f1 (ZDT3: the non-dominated part of a curve
 * sampled at `n` points, so fewer points come back).
 */
export function zdtFront(name: ZdtName, n = 1000): Float64Array[] {
  const curve = frontCurve(name);
  const lo = name === "zdt6" ? ZDT6_F1_MIN : 0;
  const pts: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const f1 = lo + ((1 - lo) * i) / (n - 1);
    pts.push(Float64Array.of(f1, curve(f1)));
  }
  if (name !== "zdt3") return pts;
  // Keep points not dominated by an earlier one (f1 increases along the list).
  const out: Float64Array[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const p of pts)
    if (p[1] < best) {
      out.push(p);
      best = p[1];
    }
  return out;
}

/**
 * Hypervolume of the continuous true front with reference point (r1, r2), r1 >= 1, r2 >= the front's
 * largest f2. Closed forms: ZDT1/4: (r2 - 1) + 2/3 + (r1 - 1) r2; ZDT2: (r2 - 1) + 1/3 + (r1 - 1) r2;
 * ZDT6: integral of (r2 - 1 + f1^2) over [f1min, 1] + (r1 - 1) r2. ZDT3 (disconnected front) by the
 * midpoint rule over f1 on 2,000,000 cells of the running minimum of the curve (error < 1e-6).
 */
export function zdtTrueHypervolume(name: ZdtName, ref: readonly [number, number] = [1.1, 1.1]): number {
  const [r1, r2] = ref;
  switch (name) {
    case "zdt1":
    case "zdt4":
      return r2 - 1 + 2 / 3 + (r1 - 1) * r2;
    case "zdt2":
      return r2 - 1 + 1 / 3 + (r1 - 1) * r2;
    case "zdt6": {
      const a = ZDT6_F1_MIN;
      return (r2 - 1) * (1 - a) + (1 - a ** 3) / 3 + (r1 - 1) * r2;
    }
    case "zdt3": {
      const curve = frontCurve("zdt3");
      const cells = 2_000_000;
      let running = Number.POSITIVE_INFINITY;
      let area = 0;
      const h = 1 / cells;
      for (let i = 0; i < cells; i++) {
        const f1 = (i + 0.5) * h;
        const v = curve(f1);
        if (v < running) running = v;
        area += (r2 - running) * h;
      }
      return area + (r1 - 1) * (r2 - running);
    }
  }
}
