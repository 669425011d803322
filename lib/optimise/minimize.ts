import { ConfigError } from "../core/errors";
import { createRng, type StreamKey } from "../core/rng";
import type { Algorithm, Optimizer } from "./algorithm";
import { bestIndex, type Population } from "./population";
import {
  type AsyncEvaluator,
  checkEvaluation,
  constraintViolation,
  type Evaluation,
  type Problem,
} from "./problem";

/** What the per-generation callback sees. Generation 0 is the evaluated initial population. */
export interface GenerationInfo {
  readonly generation: number;
  readonly nEvaluations: number;
  /** The algorithm's current population (live view: do not mutate). */
  readonly population: Population;
  /** Single-objective problems: best feasible-first objective seen so far; NaN for nObj > 1. */
  readonly bestF: number;
  /** Constraint violation of that best candidate (0 = feasible); NaN for nObj > 1. */
  readonly bestCV: number;
}

export interface MinimizeOptions {
  /** Seed of the run; the random stream is `createRng(seed, "optimise", algorithm.name, ...streamKey)`. */
  readonly seed: number;
  /** Extra stream keys (e.g. a repetition index) so that runs of one seed stay independent. */
  readonly streamKey?: readonly StreamKey[];
  /** Generations after the initial population (NSGA-II's "500 generations" = 500 here). */
  readonly maxGenerations?: number;
  /** Evaluation budget; the run stops before a generation that would exceed it. */
  readonly maxEvaluations?: number;
  /** Called after every generation; return `false` (exactly) to stop early, anything else continues. */
  readonly onGeneration?: (info: GenerationInfo) => unknown;
}

export interface MinimizeResult {
  readonly algorithm: string;
  readonly problem: string;
  /** The answer set (see `Optimizer.result`). */
  readonly X: Float64Array[];
  readonly F: Float64Array[];
  readonly CV: Float64Array;
  /** The final population. */
  readonly population: Population;
  readonly nGenerations: number;
  readonly nEvaluations: number;
  /** Single-objective: best objective after each generation (index 0 = initial population). */
  readonly bestHistory: Float64Array;
}

interface Budget {
  maxGenerations: number;
  maxEvaluations: number;
}

function budgetOf(problem: Problem, algorithm: Algorithm, options: MinimizeOptions): Budget {
  if (!Number.isInteger(options.seed))
    throw new ConfigError(`must be an integer, got ${options.seed}`, "seed");
  if (problem.nObj > 1 && !algorithm.multiObjective)
    throw new ConfigError(
      `${algorithm.name} is single-objective but problem "${problem.name}" has ${problem.nObj} objectives`,
      "minimize(problem, algorithm)",
      "scalarise it with weightedSumProblem(problem, weights) or use nsga2()",
    );
  const maxGenerations = options.maxGenerations ?? Number.POSITIVE_INFINITY;
  const maxEvaluations = options.maxEvaluations ?? Number.POSITIVE_INFINITY;
  if (!(maxGenerations >= 0) || !(maxEvaluations > 0))
    throw new ConfigError("give maxGenerations >= 0 and/or maxEvaluations > 0", "minimize options");
  if (maxGenerations === Number.POSITIVE_INFINITY && maxEvaluations === Number.POSITIVE_INFINITY)
    throw new ConfigError("no budget: give maxGenerations or maxEvaluations", "minimize options");
  return { maxGenerations, maxEvaluations };
}

/** Book-keeping shared by the sync and async drivers. */
class Run {
  generation = 0;
  nEvaluations = 0;
  bestF = Number.POSITIVE_INFINITY;
  bestCV = Number.POSITIVE_INFINITY;
  readonly history: number[] = [];
  constructor(
    readonly problem: Problem,
    readonly algorithm: Algorithm,
    readonly opt: Optimizer,
    readonly options: MinimizeOptions,
    readonly budget: Budget,
  ) {}

  /** Whether another generation fits in the budget. */
  canContinue(): boolean {
    return (
      this.generation < this.budget.maxGenerations &&
      this.nEvaluations + this.algorithm.populationSize <= this.budget.maxEvaluations
    );
  }

  /** Feeds one evaluated batch back; returns false when the callback asked to stop. */
  tell(X: Float64Array[], ev: Evaluation, first: boolean): boolean {
    checkEvaluation(this.problem, ev, X.length);
    const CV = constraintViolation(ev.G, X.length);
    this.opt.tell(X, ev.F, CV);
    this.nEvaluations += X.length;
    if (!first) this.generation++;
    if (this.problem.nObj === 1) {
      const b = bestIndex(ev.F, CV);
      const f = ev.F[b][0];
      const cv = CV[b];
      if (cv < this.bestCV || (cv === this.bestCV && f < this.bestF)) {
        this.bestF = f;
        this.bestCV = cv;
      }
      this.history.push(this.bestF);
    }
    const cb = this.options.onGeneration;
    if (!cb) return true;
    const single = this.problem.nObj === 1;
    return (
      cb({
        generation: this.generation,
        nEvaluations: this.nEvaluations,
        population: this.opt.population(),
        bestF: single ? this.bestF : Number.NaN,
        bestCV: single ? this.bestCV : Number.NaN,
      }) !== false
    );
  }

  result(): MinimizeResult {
    const r = this.opt.result();
    return {
      algorithm: this.algorithm.name,
      problem: this.problem.name,
      X: r.X,
      F: r.F,
      CV: r.CV,
      population: this.opt.population(),
      nGenerations: this.generation,
      nEvaluations: this.nEvaluations,
      bestHistory: Float64Array.from(this.history),
    };
  }
}

function startRun(problem: Problem, algorithm: Algorithm, options: MinimizeOptions): Run {
  const budget = budgetOf(problem, algorithm, options);
  const rng = createRng(options.seed, "optimise", algorithm.name, ...(options.streamKey ?? []));
  const horizon = Math.min(
    budget.maxGenerations,
    Math.floor((budget.maxEvaluations - algorithm.populationSize) / algorithm.populationSize),
  );
  return new Run(problem, algorithm, algorithm.create(problem, rng, horizon), options, budget);
}

/**
 * Runs `algorithm` on `problem` until the budget is spent or the callback returns false.
 * Same seed, problem and settings give identical results.
 *
 * @example
 *   const r = minimize(zdt1(), nsga2({ populationSize: 100 }), { seed: 1, maxGenerations: 250 });
 *   hypervolume(r.F, [1.1, 1.1]); // ~0.87
 */
export function minimize(problem: Problem, algorithm: Algorithm, options: MinimizeOptions): MinimizeResult {
  const run = startRun(problem, algorithm, options);
  let X = run.opt.ask();
  if (!run.tell(X, problem.evaluate(X), true)) return run.result();
  while (run.canContinue()) {
    X = run.opt.ask();
    if (!run.tell(X, problem.evaluate(X), false)) break;
  }
  return run.result();
}

/**
 * As `minimize`, with the batches evaluated by an asynchronous evaluator (e.g. a
 * `ParallelEvaluator` on worker threads). The result is identical to `minimize` with the same
 * seed, since evaluation order does not touch the random stream.
 */
export async function minimizeAsync(
  problem: Problem,
  algorithm: Algorithm,
  options: MinimizeOptions & { readonly evaluator?: AsyncEvaluator },
): Promise<MinimizeResult> {
  const run = startRun(problem, algorithm, options);
  const evaluate = (X: Float64Array[]) =>
    options.evaluator ? options.evaluator.evaluate(X) : Promise.resolve(problem.evaluate(X));
  let X = run.opt.ask();
  if (!run.tell(X, await evaluate(X), true)) return run.result();
  while (run.canContinue()) {
    X = run.opt.ask();
    if (!run.tell(X, await evaluate(X), false)) break;
  }
  return run.result();
}

/** Scalarises a multi-objective problem to sum_k w_k f_k (for the single-objective algorithms). */
export function weightedSumProblem(problem: Problem, weights: ArrayLike<number>): Problem {
  if (weights.length !== problem.nObj)
    throw new ConfigError(`${weights.length} weights for ${problem.nObj} objectives`, "weightedSumProblem");
  const w = Float64Array.from(weights);
  return {
    ...problem,
    name: `${problem.name}:weighted`,
    nObj: 1,
    evaluate(X) {
      const ev = problem.evaluate(X);
      const F = ev.F.map((f) => {
        let s = 0;
        for (let k = 0; k < w.length; k++) s += w[k] * f[k];
        return Float64Array.of(s);
      });
      return ev.G ? { F, G: ev.G } : { F };
    },
  };
}
