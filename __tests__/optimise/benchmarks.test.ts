import {
  dtlz1,
  dtlz2,
  dtlzFront,
  dtlzTrueHypervolume,
  simplexLattice,
  unitBallVolume,
} from "../../lib/optimise/benchmarks/dtlz";
import {
  ackleyValue,
  rastriginValue,
  rosenbrockValue,
  sphereValue,
} from "../../lib/optimise/benchmarks/singleObjective";
import {
  ZDT6_F1_MIN,
  zdt1,
  zdt2,
  zdt3,
  zdt4,
  zdt6,
  zdtFront,
  zdtTrueHypervolume,
} from "../../lib/optimise/benchmarks/zdt";
import { hypervolume, hypervolume2d } from "../../lib/optimise/hypervolume";

describe("benchmark problems and their true fronts", () => {
  test("single-objective optima are 0 at the documented minimisers", () => {
    const z = new Float64Array(7);
    expect(sphereValue(z)).toBe(0);
    expect(rastriginValue(z)).toBe(0);
    expect(rosenbrockValue(new Float64Array(7).fill(1))).toBe(0);
    expect(ackleyValue(z)).toBeCloseTo(0, 14);
    expect(rastriginValue([1, 0])).toBeCloseTo(1, 12); // 1 - 10 cos(2 pi) + 10
  });

  test("ZDT optimal solutions (x_2..n at the g = 1 optimum) land on the analytic fronts", () => {
    const cases = [
      [zdt1(), 0, (f: number) => 1 - Math.sqrt(f)],
      [zdt2(), 0, (f: number) => 1 - f * f],
      [zdt3(), 0, (f: number) => 1 - Math.sqrt(f) - f * Math.sin(10 * Math.PI * f)],
      [zdt4(), 0, (f: number) => 1 - Math.sqrt(f)],
      [zdt6(), 0, (f: number) => 1 - f * f],
    ] as const;
    for (const [p, rest, curve] of cases) {
      const X = [0, 0.1, 0.37, 0.8, 1].map((x1) => {
        const x = new Float64Array(p.nVar).fill(rest);
        x[0] = x1;
        return x;
      });
      for (const f of p.evaluate(X).F) expect(f[1]).toBeCloseTo(curve(f[0]), 12);
    }
  });

  test("ZDT closed-form hypervolumes match the exact HV of a dense front sample", () => {
    for (const name of ["zdt1", "zdt2", "zdt4", "zdt6", "zdt3"] as const) {
      const dense = hypervolume2d(zdtFront(name, 200_001), [1.1, 1.1]);
      expect(zdtTrueHypervolume(name)).toBeCloseTo(dense, 4);
    }
    // the value in ANCHORS.md for ZDT1, ref (1.1, 1.1)
    expect(zdtTrueHypervolume("zdt1")).toBeCloseTo(0.876667, 6);
    // ZDT6's smallest f1 is the minimum of 1 - exp(-4x) sin^6(6 pi x)
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i <= 100_000; i++) {
      const x = i / 100_000;
      m = Math.min(m, 1 - Math.exp(-4 * x) * Math.sin(6 * Math.PI * x) ** 6);
    }
    expect(m).toBeCloseTo(ZDT6_F1_MIN, 6);
  });

  test("DTLZ: optimal solutions lie on the simplex / sphere, true HVs agree with exact HV of lattice fronts", () => {
    for (const M of [3, 5]) {
      const p1 = dtlz1(M);
      const p2 = dtlz2(M);
      const X = [0.1, 0.5, 0.9].map((v) => {
        const x = new Float64Array(p1.nVar).fill(0.5);
        for (let j = 0; j < M - 1; j++) x[j] = (v + j * 0.17) % 1;
        return x;
      });
      for (const f of p1.evaluate(X).F) expect(f.reduce((a, b) => a + b, 0)).toBeCloseTo(0.5, 12);
      const X2 = X.map((x) => {
        const y = new Float64Array(p2.nVar).fill(0.5);
        y.set(x.subarray(0, M - 1));
        return y;
      });
      for (const f of p2.evaluate(X2).F) expect(Math.hypot(...f)).toBeCloseTo(1, 12);
    }
    expect(simplexLattice(3, 12).length).toBe(91); // C(14, 2)
    expect(simplexLattice(5, 6).length).toBe(210); // C(10, 4)
    expect(unitBallVolume(3)).toBeCloseTo((4 / 3) * Math.PI, 12);
    expect(dtlzTrueHypervolume("dtlz2", 5, 1.1)).toBeCloseTo(1.446017, 6); // ANCHORS.md
    // a fine lattice front's exact HV approaches the analytic value from below
    const hv1 = hypervolume(dtlzFront("dtlz1", 3, 40), [0.55, 0.55, 0.55]);
    const t1 = dtlzTrueHypervolume("dtlz1", 3, 0.55);
    expect(hv1).toBeLessThan(t1);
    expect(hv1 / t1).toBeGreaterThan(0.98);
    const hv2 = hypervolume(dtlzFront("dtlz2", 3, 40), [1.1, 1.1, 1.1]);
    const t2 = dtlzTrueHypervolume("dtlz2", 3, 1.1);
    expect(hv2).toBeLessThan(t2);
    expect(hv2 / t2).toBeGreaterThan(0.97);
    // and the gap shrinks roughly as 1 / divisions (the staircase error), towards the analytic value
    const gap20 = t2 - hypervolume(dtlzFront("dtlz2", 3, 20), [1.1, 1.1, 1.1]);
    expect(t2 - hv2).toBeLessThan(0.6 * gap20);
  });
});
