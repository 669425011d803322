/**
 * NSGA-II quality on the standard problems at budgets that run in CI time (each run < 0.5 s).
 * Thresholds: the final population's hypervolume (ref (1.1, 1.1)) is within 1 % of the continuous
 * true front's (issue 6); IGD against 1,000 front points is reported in the assertion message.
 * Population 200 for the concave ZDT2/ZDT6, whose 100-point staircase alone loses ~0.9 % of the HV.
 */
import { dtlz1, dtlz2, dtlzFront, dtlzTrueHypervolume } from "../../lib/optimise/benchmarks/dtlz";
import {
  type ZdtName,
  zdt1,
  zdt2,
  zdt3,
  zdt4,
  zdt6,
  zdtFront,
  zdtTrueHypervolume,
} from "../../lib/optimise/benchmarks/zdt";
import { hypervolume } from "../../lib/optimise/hypervolume";
import { igd } from "../../lib/optimise/indicators";
import { minimize } from "../../lib/optimise/minimize";
import { nsga2 } from "../../lib/optimise/nsga2";

const ZDT: [ZdtName, () => ReturnType<typeof zdt1>, number, number][] = [
  ["zdt1", zdt1, 100, 200],
  ["zdt2", zdt2, 200, 250],
  ["zdt3", zdt3, 100, 200],
  ["zdt4", zdt4, 100, 400],
  ["zdt6", zdt6, 200, 400],
];

describe("NSGA-II on ZDT: HV within 1 % of the true front", () => {
  test.each(ZDT)("%s (pop %i... )", (name, make, pop, gens) => {
    const r = minimize(make(), nsga2({ populationSize: pop }), { seed: 1, maxGenerations: gens });
    const ratio = hypervolume(r.F, [1.1, 1.1]) / zdtTrueHypervolume(name);
    const igdValue = igd(r.F, zdtFront(name, 1000));
    expect({ name, ratio, igdValue, ok: ratio > 0.99 && ratio <= 1 }).toMatchObject({ ok: true });
    expect(igdValue).toBeLessThan(0.01);
  });
});

describe("NSGA-II on DTLZ (3 objectives: converged; 5 objectives: reported, known weakness)", () => {
  test("DTLZ1 and DTLZ2 with 3 objectives", () => {
    const r1 = minimize(dtlz1(3), nsga2({ populationSize: 92 }), { seed: 1, maxGenerations: 300 });
    const hv1 = hypervolume(r1.F, [0.55, 0.55, 0.55]) / dtlzTrueHypervolume("dtlz1", 3, 0.55);
    expect(hv1).toBeGreaterThan(0.85);
    expect(igd(r1.F, dtlzFront("dtlz1", 3, 20))).toBeLessThan(0.06);
    const r2 = minimize(dtlz2(3), nsga2({ populationSize: 92 }), { seed: 1, maxGenerations: 200 });
    const hv2 = hypervolume(r2.F, [1.1, 1.1, 1.1]) / dtlzTrueHypervolume("dtlz2", 3, 1.1);
    expect(hv2).toBeGreaterThan(0.8);
    expect(igd(r2.F, dtlzFront("dtlz2", 3, 20))).toBeLessThan(0.1);
    for (const f of r2.F) expect(Math.hypot(...f)).toBeLessThan(1.1);
  });

  test("DTLZ2 with 5 objectives: points stay near the sphere", () => {
    const r = minimize(dtlz2(5), nsga2({ populationSize: 100 }), { seed: 1, maxGenerations: 100 });
    const norms = r.population.F.map((f) => Math.hypot(...f));
    const mean = norms.reduce((a, b) => a + b, 0) / norms.length;
    // DEAP 1.3 at pop 300 x 200 gens: mean ||f|| - 1 = 0.50 (ANCHORS.md); NSGA-II drifts off the front
    // with 5 objectives, so only a loose bound is asserted.
    expect(mean).toBeLessThan(2);
    expect(hypervolume(r.population.F, [1.1, 1.1, 1.1, 1.1, 1.1])).toBeGreaterThan(0);
  });
});
