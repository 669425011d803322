import { z } from "zod";
import { createRng } from "../../lib/core/rng";
import type { Experiment } from "../../lib/experiments/types";

/** A no-op experiment: measures the runner's own overhead. */
export const noop: Experiment = {
  id: "toy/noop",
  title: "does nothing",
  panels: [],
  module: __filename,
  params: z.strictObject({}),
  run: async () => ({ values: {} }),
  figure: () => ({ data: [], layout: {} }),
};

export let toyRuns = 0;

/** A small seeded experiment with series, claims and a figure. */
export const toy: Experiment<{ days: number; level: number }> = {
  id: "toy/toy",
  title: "toy random walk",
  panels: ["toy"],
  module: __filename,
  params: z.strictObject({ days: z.number().int().positive(), level: z.number().default(1) }),
  run: async (ctx, p) => {
    toyRuns++;
    const rng = createRng(ctx.seed, "toy");
    const n = p.days * 96;
    const x = new Float64Array(n);
    for (let i = 1; i < n; i++) x[i] = x[i - 1] + p.level * rng.normal();
    return {
      values: { n, last: x[n - 1], mean: x.reduce((a, b) => a + b, 0) / n },
      tables: [{ name: "series", columns: { step: Float64Array.from(x, (_, i) => i), x } }],
      claims: { "toy.value": 1 + 0 * x[n - 1], "toy.none": null },
      undefinedClaims: { "toy.none": "a random walk has no such quantity" },
    };
  },
  figure: (out) => ({
    data: [{ type: "bar", x: ["a"], y: [out.values.mean as number] }],
    layout: { title: { text: "toy" } },
  }),
};

export const failing: Experiment = {
  id: "toy/boom",
  title: "always fails",
  panels: [],
  module: __filename,
  params: z.strictObject({}),
  run: async () => {
    throw new Error("deliberate failure");
  },
  figure: () => ({ data: [], layout: {} }),
};

export const registry = new Map<string, Experiment>([
  [noop.id, noop],
  [toy.id, toy as unknown as Experiment],
  [failing.id, failing],
]);
