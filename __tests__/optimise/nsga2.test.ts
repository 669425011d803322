import { ConfigError } from "../../lib/core/errors";
import { zdt1 } from "../../lib/optimise/benchmarks/zdt";
import {
  type GenerationInfo,
  minimize,
  minimizeAsync,
  weightedSumProblem,
} from "../../lib/optimise/minimize";
import { dominates } from "../../lib/optimise/nondominatedSort";
import { nsga2 } from "../../lib/optimise/nsga2";
import { defineProblem } from "../../lib/optimise/problem";
import { pso } from "../../lib/optimise/pso";

describe("minimize + NSGA-II", () => {
  test("same seed gives identical bytes, another seed differs", () => {
    const run = (seed: number) =>
      minimize(zdt1(10), nsga2({ populationSize: 20 }), { seed, maxGenerations: 15 });
    const a = run(3);
    const b = run(3);
    expect(a.X.map((x) => Array.from(x))).toEqual(b.X.map((x) => Array.from(x)));
    expect(a.F.map((x) => Array.from(x))).toEqual(b.F.map((x) => Array.from(x)));
    expect(run(4).F.map((x) => Array.from(x))).not.toEqual(a.F.map((x) => Array.from(x)));
  });

  test("budget, callback and early stop", () => {
    const seen: number[] = [];
    const r = minimize(zdt1(5), nsga2({ populationSize: 10 }), {
      seed: 1,
      maxGenerations: 7,
      onGeneration: (info: GenerationInfo) => {
        seen.push(info.generation);
        expect(info.nEvaluations).toBe(10 * (info.generation + 1));
      },
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.nEvaluations).toBe(80);
    const stopped = minimize(zdt1(5), nsga2({ populationSize: 10 }), {
      seed: 1,
      maxGenerations: 100,
      onGeneration: (info) => info.generation < 3,
    });
    expect(stopped.nGenerations).toBe(3);
    const byEvals = minimize(zdt1(5), nsga2({ populationSize: 10 }), { seed: 1, maxEvaluations: 55 });
    expect(byEvals.nEvaluations).toBe(50);
  });

  test("the answer is the non-dominated set of the final population", () => {
    const r = minimize(zdt1(10), nsga2({ populationSize: 40 }), { seed: 2, maxGenerations: 30 });
    for (const f of r.F) for (const g of r.population.F) expect(dominates(g, f)).toBe(false);
  });

  test("async driver matches the sync one", async () => {
    const opts = { seed: 9, maxGenerations: 10 };
    const a = minimize(zdt1(6), nsga2({ populationSize: 12 }), opts);
    const b = await minimizeAsync(zdt1(6), nsga2({ populationSize: 12 }), opts);
    expect(b.F.map((x) => Array.from(x))).toEqual(a.F.map((x) => Array.from(x)));
  });

  test("constraint domination: the front lies on the constraint boundary x + y = 1", () => {
    // min (x, y) s.t. x + y >= 1, x, y in [0, 1]: the Pareto set is the segment x + y = 1.
    const p = defineProblem({
      name: "segment",
      nObj: 2,
      nConstr: 1,
      lower: [0, 0],
      upper: [1, 1],
      evaluateOne: (x) => ({ f: [x[0], x[1]], g: [1 - x[0] - x[1]] }),
    });
    const r = minimize(p, nsga2({ populationSize: 40 }), { seed: 5, maxGenerations: 100 });
    expect(r.F.length).toBeGreaterThan(20);
    let meanSum = 0;
    for (let i = 0; i < r.F.length; i++) {
      expect(r.CV[i]).toBe(0);
      const s = r.F[i][0] + r.F[i][1];
      expect(s).toBeGreaterThanOrEqual(1 - 1e-12);
      expect(s).toBeLessThan(1.1); // the ends of a finite front converge last
      meanSum += s / r.F.length;
    }
    expect(meanSum).toBeLessThan(1.01);
  });

  test("integer variables stay integral and inside their bounds", () => {
    const p = defineProblem({
      name: "mixed",
      nObj: 2,
      lower: [0, -3, 0],
      upper: [1, 7, 1],
      integer: [0, 1, 0],
      evaluateOne: (x) => [x[0] + (x[1] - 2) ** 2, 1 - x[0] + x[2] + (x[1] - 3) ** 2],
    });
    const r = minimize(p, nsga2({ populationSize: 20 }), { seed: 1, maxGenerations: 40 });
    for (const x of r.population.X) {
      expect(Number.isInteger(x[1])).toBe(true);
      expect(x[1]).toBeGreaterThanOrEqual(-3);
      expect(x[1]).toBeLessThanOrEqual(7);
    }
    // both objectives want x1 in {2, 3}: the front keeps only those
    for (const x of r.X) expect([2, 3]).toContain(x[1]);
  });

  test("errors say what to do", () => {
    expect(() => nsga2({ populationSize: 7 })).toThrow(ConfigError);
    expect(() => minimize(zdt1(), pso(), { seed: 1, maxGenerations: 1 })).toThrow(/weightedSumProblem/);
    expect(() => minimize(zdt1(), nsga2(), { seed: 1 })).toThrow(/no budget/);
    const bad = defineProblem({
      name: "nan",
      nObj: 1,
      lower: [0],
      upper: [1],
      evaluateOne: () => [Number.NaN],
    });
    expect(() => minimize(bad, pso({ populationSize: 4 }), { seed: 1, maxGenerations: 1 })).toThrow(/NaN/);
    const w = weightedSumProblem(zdt1(3), [1, 1]);
    expect(w.nObj).toBe(1);
  });
});
