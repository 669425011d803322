import { createRng } from "../../lib/core/rng";
import { rastrigin } from "../../lib/optimise/benchmarks/singleObjective";
import { positionalEntropy } from "../../lib/optimise/diversity";
import { type GaPsoStep, gaPso } from "../../lib/optimise/gaPso";
import { constraintViolation } from "../../lib/optimise/problem";

describe("GA-PSO diversity switching", () => {
  test("positional entropy: 1 for an even spread, 0 for a collapsed population", () => {
    const lo = Float64Array.of(0, 0);
    const hi = Float64Array.of(1, 1);
    // 4 members, 2 bins per variable, two members per bin in each variable
    const even = [
      Float64Array.of(0.1, 0.1),
      Float64Array.of(0.2, 0.9),
      Float64Array.of(0.8, 0.2),
      Float64Array.of(0.9, 0.8),
    ];
    expect(positionalEntropy(even, lo, hi, 2)).toBeCloseTo(1, 12);
    const same = even.map(() => Float64Array.of(0.3, 0.3));
    expect(positionalEntropy(same, lo, hi, 2)).toBe(0);
    // one variable split 3:1 -> H = -(0.75 ln 0.75 + 0.25 ln 0.25) / ln 2, the other even
    const skew = [
      Float64Array.of(0.1, 0.1),
      Float64Array.of(0.2, 0.9),
      Float64Array.of(0.3, 0.2),
      Float64Array.of(0.9, 0.8),
    ];
    const h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
    expect(positionalEntropy(skew, lo, hi, 2)).toBeCloseTo((h + 1) / 2, 12);
  });

  test("starts with PSO moves on a diverse swarm and switches to GA once diversity falls below H_min", () => {
    const problem = rastrigin(5);
    const algo = gaPso({ populationSize: 30, entropyThreshold: 0.5 });
    const opt = algo.create(problem, createRng(1, "gapso-test"), 60) as unknown as {
      ask(): Float64Array[];
      tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void;
      steps: GaPsoStep[];
    };
    for (let g = 0; g <= 60; g++) {
      const X = opt.ask();
      const ev = problem.evaluate(X);
      opt.tell(X, ev.F, constraintViolation(ev.G, X.length));
    }
    expect(opt.steps[0].phase).toBe("pso");
    expect(opt.steps.some((s) => s.phase === "ga")).toBe(true);
    for (const s of opt.steps) expect(s.phase).toBe(s.entropy >= 0.5 ? "pso" : "ga");
  });
});
