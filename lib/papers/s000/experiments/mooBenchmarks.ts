import { z } from "zod";
import type { Experiment, ExperimentOutput, SeriesTable } from "../../../experiments/types";
import type { Algorithm } from "../../../optimise/algorithm";
import { dtlz1, dtlz2, dtlzFront, dtlzTrueHypervolume } from "../../../optimise/benchmarks/dtlz";
import { ackley, rastrigin, rosenbrock, sphere } from "../../../optimise/benchmarks/singleObjective";
import {
  type ZdtName,
  zdt1,
  zdt2,
  zdt3,
  zdt4,
  zdt6,
  zdtFront,
  zdtTrueHypervolume,
} from "../../../optimise/benchmarks/zdt";
import { de } from "../../../optimise/de";
import { ga } from "../../../optimise/ga";
import { gaPso } from "../../../optimise/gaPso";
import { gwo } from "../../../optimise/gwo";
import { hypervolume } from "../../../optimise/hypervolume";
import { generationalDistance, igd, spacing } from "../../../optimise/indicators";
import { minimize } from "../../../optimise/minimize";
import { nondominatedIndices } from "../../../optimise/nondominatedSort";
import { nsga2 } from "../../../optimise/nsga2";
import type { Problem } from "../../../optimise/problem";
import { pso } from "../../../optimise/pso";
import type { PlotlyFigure } from "../../../plots/figure";

/**
 * The optimisation engines on the standard benchmark set (issue 6, ADR 0400): NSGA-II on ZDT1-4, 6
 * (2 objectives) and DTLZ1-2 (3 and 5 objectives), hypervolume against the true front's and IGD;
 * GA, PSO, GA-PSO, DE, GWO (and NSGA-II run single-objective, as seed 001's comparison includes it)
 * on Sphere, Rastrigin, Rosenbrock and Ackley, best value after an equal evaluation budget.
 */
const MULTI = ["zdt1", "zdt2", "zdt3", "zdt4", "zdt6", "dtlz1-3", "dtlz2-3", "dtlz1-5", "dtlz2-5"] as const;
const SCALAR_FUNCS = ["sphere", "rastrigin", "rosenbrock", "ackley"] as const;
const SCALAR_ALGOS = ["GA", "PSO", "GA-PSO", "DE", "GWO", "NSGA-II"] as const;

const Params = z.strictObject({
  problems: z
    .array(z.enum(MULTI))
    .min(1)
    .default([...MULTI]),
  nsgaPopulation: z.number().int().min(4).default(100),
  /** Generations for ZDT1-3 and DTLZ2; ZDT4, ZDT6 and DTLZ1 get `hardGenerations` (multimodal / biased). */
  nsgaGenerations: z.number().int().min(1).default(250),
  hardGenerations: z.number().int().min(1).default(400),
  /** Independent repetitions (seeds seed, seed+1, ...). */
  repetitions: z.number().int().min(1).max(50).default(3),
  /** Record the hypervolume every this many generations (repetition 0 only). */
  historyEvery: z.number().int().min(1).default(10),
  functions: z
    .array(z.enum(SCALAR_FUNCS))
    .min(1)
    .default([...SCALAR_FUNCS]),
  algorithms: z
    .array(z.enum(SCALAR_ALGOS))
    .min(1)
    .default([...SCALAR_ALGOS]),
  dimensions: z.number().int().min(1).default(10),
  scalarPopulation: z.number().int().min(4).default(50),
  scalarEvaluations: z.number().int().min(100).default(20000),
});
type Params = z.infer<typeof Params>;

interface MultiSpec {
  make: () => Problem;
  ref: number[];
  trueHv: number;
  front: () => Float64Array[];
  hard: boolean;
}

function multiSpec(name: (typeof MULTI)[number]): MultiSpec {
  if (name.startsWith("zdt")) {
    const z = name as ZdtName;
    const make = { zdt1, zdt2, zdt3, zdt4, zdt6 }[z];
    return {
      make: () => make(),
      ref: [1.1, 1.1],
      trueHv: zdtTrueHypervolume(z),
      front: () => zdtFront(z, 1000),
      hard: z === "zdt4" || z === "zdt6",
    };
  }
  const [base, m] = name.split("-");
  const nObj = Number(m);
  const dname = base as "dtlz1" | "dtlz2";
  const r = dname === "dtlz1" ? 0.55 : 1.1;
  return {
    make: () => (dname === "dtlz1" ? dtlz1(nObj) : dtlz2(nObj)),
    ref: new Array(nObj).fill(r),
    trueHv: dtlzTrueHypervolume(dname, nObj, r),
    front: () => dtlzFront(dname, nObj, nObj === 3 ? 20 : 8),
    hard: dname === "dtlz1",
  };
}

function scalarProblem(f: (typeof SCALAR_FUNCS)[number], n: number): Problem {
  return { sphere, rastrigin, rosenbrock, ackley }[f](n);
}

function scalarAlgorithm(a: (typeof SCALAR_ALGOS)[number], pop: number): Algorithm {
  switch (a) {
    case "GA":
      return ga({ populationSize: pop });
    case "PSO":
      return pso({ populationSize: pop });
    case "GA-PSO":
      return gaPso({ populationSize: pop });
    case "DE":
      return de({ populationSize: pop });
    case "GWO":
      return gwo({ populationSize: pop });
    case "NSGA-II":
      return nsga2({ populationSize: pop % 2 === 0 ? pop : pop + 1 });
  }
}

export interface MultiRow {
  problem: string;
  repetition: number;
  generations: number;
  hypervolume: number;
  trueHypervolume: number;
  hvRatio: number;
  igd: number;
  gd: number;
  spacing: number;
  frontSize: number;
}

export interface ScalarRow {
  function: string;
  algorithm: string;
  repetition: number;
  best: number;
  evaluations: number;
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
};

/** The values of the benchmark experiment: every run, its medians over repetitions, and the histories of repetition 0. */
export type MooBenchmarksValues = {
  problems: Params["problems"];
  multi: MultiRow[];
  multiSummary: {
    problem: string;
    generations: number;
    medianHvRatio: number;
    minHvRatio: number;
    medianIgd: number;
  }[];
  /** Per problem, HV / true front's HV per generation. */
  hvHistory: Record<string, { generation: number; hvRatio: number }[]>;
  scalar: ScalarRow[];
  scalarSummary: { function: string; algorithm: string; medianBest: number; worstBest: number }[];
  /** Per "function/algorithm", the best value so far per generation. */
  bestHistory: Record<string, number[]>;
  scalarPopulation: number;
};

export const mooBenchmarks: Experiment<Params, MooBenchmarksValues> = {
  id: "s000/moo-benchmarks",
  title:
    "Optimisation engines on the benchmark set: NSGA-II on ZDT/DTLZ, GA/PSO/GA-PSO/DE/GWO on classic functions",
  panels: [],
  notebook: "s000-12-optimisation",
  module: __filename,
  params: Params,
  async run(ctx, p): Promise<ExperimentOutput<MooBenchmarksValues>> {
    const multi: MultiRow[] = [];
    const hvHistory: Record<string, { generation: number; hvRatio: number }[]> = {};
    const progress = ctx.progress(
      "benchmarks",
      p.problems.length * p.repetitions + p.functions.length * p.algorithms.length * p.repetitions,
      "runs",
    );
    let done = 0;
    for (const name of p.problems) {
      const spec = multiSpec(name);
      const gens = spec.hard ? p.hardGenerations : p.nsgaGenerations;
      for (let r = 0; r < p.repetitions; r++) {
        const hist: { generation: number; hvRatio: number }[] = [];
        const res = minimize(spec.make(), nsga2({ populationSize: p.nsgaPopulation }), {
          seed: ctx.seed + r,
          streamKey: ["moo-benchmarks", name],
          maxGenerations: gens,
          onGeneration:
            r === 0
              ? (g) => {
                  if (g.generation % p.historyEvery === 0 || g.generation === gens) {
                    const F = g.population.F;
                    const nd = Array.from(nondominatedIndices(F), (i) => F[i]);
                    hist.push({ generation: g.generation, hvRatio: hypervolume(nd, spec.ref) / spec.trueHv });
                  }
                }
              : undefined,
        });
        if (r === 0) hvHistory[name] = hist;
        const hv = hypervolume(res.F, spec.ref);
        const front = spec.front();
        multi.push({
          problem: name,
          repetition: r,
          generations: res.nGenerations,
          hypervolume: hv,
          trueHypervolume: spec.trueHv,
          hvRatio: hv / spec.trueHv,
          igd: igd(res.F, front),
          gd: generationalDistance(res.F, front),
          spacing: res.F.length > 1 ? spacing(res.F) : 0,
          frontSize: res.F.length,
        });
        progress.set(++done);
      }
    }
    const scalar: ScalarRow[] = [];
    const bestHistory: Record<string, number[]> = {};
    for (const f of p.functions) {
      for (const a of p.algorithms) {
        for (let r = 0; r < p.repetitions; r++) {
          const res = minimize(scalarProblem(f, p.dimensions), scalarAlgorithm(a, p.scalarPopulation), {
            seed: ctx.seed + r,
            streamKey: ["moo-benchmarks", f],
            maxEvaluations: p.scalarEvaluations,
          });
          if (r === 0) bestHistory[`${f}/${a}`] = Array.from(res.bestHistory);
          scalar.push({
            function: f,
            algorithm: a,
            repetition: r,
            best: res.F[0][0],
            evaluations: res.nEvaluations,
          });
          progress.set(++done);
        }
      }
    }
    progress.finish();
    const multiSummary = p.problems.map((name) => {
      const rows = multi.filter((m) => m.problem === name);
      return {
        problem: name,
        generations: rows[0].generations,
        medianHvRatio: median(rows.map((r) => r.hvRatio)),
        minHvRatio: Math.min(...rows.map((r) => r.hvRatio)),
        medianIgd: median(rows.map((r) => r.igd)),
      };
    });
    const scalarSummary = p.functions.flatMap((f) =>
      p.algorithms.map((a) => {
        const rows = scalar.filter((s) => s.function === f && s.algorithm === a);
        return {
          function: f,
          algorithm: a,
          medianBest: median(rows.map((r) => r.best)),
          worstBest: Math.max(...rows.map((r) => r.best)),
        };
      }),
    );
    const tables: SeriesTable[] = [
      {
        name: "nsga2-runs",
        columns: {
          problem: multi.map((m) => p.problems.indexOf(m.problem as (typeof MULTI)[number])),
          repetition: multi.map((m) => m.repetition),
          hvRatio: multi.map((m) => m.hvRatio),
          igd: multi.map((m) => m.igd),
          gd: multi.map((m) => m.gd),
          spacing: multi.map((m) => m.spacing),
          frontSize: multi.map((m) => m.frontSize),
        },
      },
    ];
    return {
      values: {
        problems: p.problems,
        multi,
        multiSummary,
        hvHistory,
        scalar,
        scalarSummary,
        bestHistory,
        scalarPopulation: p.scalarPopulation,
      },
      tables,
    };
  },
  figure(out): PlotlyFigure {
    const hist = out.values.hvHistory;
    return {
      data: Object.entries(hist).map(([name, h]) => ({
        type: "scatter",
        mode: "lines",
        name,
        x: h.map((r) => r.generation),
        y: h.map((r) => r.hvRatio),
      })),
      layout: {
        title: { text: "NSGA-II hypervolume / true front's, per generation (repetition 0)" },
        xaxis: { title: { text: "generation" } },
        yaxis: { title: { text: "HV ratio" }, range: [0, 1.02] },
      },
    };
  },
  notes(out) {
    const ms = out.values.multiSummary;
    const ss = out.values.scalarSummary;
    const lines = ms.map(
      (r) =>
        `- ${r.problem}: HV ${(100 * r.medianHvRatio).toFixed(2)} % of the true front's, IGD ${r.medianIgd.toExponential(2)} (median)`,
    );
    const fns = [...new Set(ss.map((s) => s.function))];
    for (const f of fns) {
      const rows = ss.filter((s) => s.function === f).sort((a, b) => a.medianBest - b.medianBest);
      lines.push(`- ${f}: ${rows.map((r) => `${r.algorithm} ${r.medianBest.toExponential(2)}`).join(" < ")}`);
    }
    return lines.join("\n");
  },
};
