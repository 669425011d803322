/**
 * moo-energy and moo-benchmarks end to end at toy budgets: the artefact's shape, the compromise and
 * weights recomputed independently from the cached front, one cache entry shared by repeated calls, and the
 * benchmark experiment's quality indicators.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { makeContext } from "../../../../lib/experiments/runner";
import { kneePoint } from "../../../../lib/optimise/compromise";
import { dominates } from "../../../../lib/optimise/nondominatedSort";
import { mooBenchmarks } from "../../../../lib/papers/s000/experiments/mooBenchmarks";
import {
  energyParetoFront,
  MooEnergyParams,
  mooEnergy,
} from "../../../../lib/papers/s000/experiments/mooEnergy";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "moo-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TOY = {
  startDays: [196],
  blockDays: 1,
  populationSize: 16,
  generations: 4,
  bins: 16,
  hvEvery: 2,
  validateOnEnv: true,
};

describe("moo-energy", () => {
  test("front, knee, weights and validation; cached on the second call", async () => {
    const cache = new Cache(join(root, "cache"));
    const ctx = makeContext("moo-energy", "ci", 11, cache, null);
    const a = await energyParetoFront(ctx, TOY);
    expect(a.X.length).toBe(a.F.length);
    expect(a.F.length).toBeGreaterThan(1);
    // The front is mutually non-dominated.
    for (const f of a.F) for (const g of a.F) expect(dominates(f, g)).toBe(false);
    // Knee and weights, independently: the knee of the cached front, weights proportional to 1/range.
    expect(a.chosen.index).toBe(kneePoint(a.F));
    const ranges = [0, 1, 2, 3, 4].map(
      (k) => Math.max(...a.F.map((f) => f[k])) - Math.min(...a.F.map((f) => f[k])),
    );
    const raw = ranges.map((r) => (r > 1e-12 ? 1 / r : 0));
    const s = raw.reduce((x, y) => x + y, 0);
    raw.forEach((v, k) => {
      expect(a.chosen.weightsArray[k]).toBeCloseTo(v / s, 12);
    });
    expect(a.chosen.optimalOnFront).toBe(true);
    expect(a.validation.map((v) => v.label)).toEqual([
      "chosen (knee)",
      "reference rule policy",
      "best econ",
      "best renew",
      "best stability",
      "best carbon",
      "best fairness",
    ]);
    // Physics terms agree with the env exactly enough; fairness within a few % of the front's range.
    for (const v of a.validation) {
      for (const k of [1, 2, 3]) expect(Math.abs(v.aggregate.terms[k] - v.env.terms[k])).toBeLessThan(1e-6);
      expect(Math.abs(v.aggregate.terms[0] - v.env.terms[0])).toBeLessThan(1e-3);
    }
    expect(a.hv.map((h) => h.generation)).toEqual([0, 2, 4]);
    expect(cache.ls().filter((e) => e.component === "moo.energy-front")).toHaveLength(1);
    const again = await energyParetoFront(ctx, TOY);
    expect(again).toEqual(a);
    expect(cache.ls().filter((e) => e.component === "moo.energy-front")).toHaveLength(1);
    const out = await mooEnergy.run(ctx, MooEnergyParams.parse(TOY));
    expect((out.values.chosen as { index: number }).index).toBe(a.chosen.index);
    expect(mooEnergy.figure(out, [], MooEnergyParams.parse(TOY)).data[0].type).toBe("parcoords");
  }, 120_000);
});

describe("moo-benchmarks", () => {
  test("toy budget: indicators in range, one row per run", async () => {
    const ctx = makeContext("moo-benchmarks", "ci", 3, new Cache(join(root, "cache-b")), null);
    const p = mooBenchmarks.params.parse({
      problems: ["zdt1", "dtlz2-3"],
      nsgaPopulation: 40,
      nsgaGenerations: 30,
      hardGenerations: 30,
      repetitions: 2,
      functions: ["sphere"],
      algorithms: ["GA", "PSO", "GA-PSO", "DE", "GWO"],
      dimensions: 5,
      scalarPopulation: 20,
      scalarEvaluations: 2000,
    });
    const out = await mooBenchmarks.run(ctx, p as never);
    const multi = out.values.multi as { hvRatio: number; igd: number }[];
    expect(multi).toHaveLength(4);
    for (const r of multi) {
      expect(r.hvRatio).toBeGreaterThan(0.1);
      expect(r.hvRatio).toBeLessThanOrEqual(1);
      expect(r.igd).toBeGreaterThan(0);
    }
    const scalar = out.values.scalar as { best: number; evaluations: number }[];
    expect(scalar).toHaveLength(10);
    for (const r of scalar) {
      expect(r.best).toBeGreaterThanOrEqual(0);
      expect(r.best).toBeLessThan(1);
      expect(r.evaluations).toBeLessThanOrEqual(2000);
    }
  }, 60_000);
});
