import type { Rng } from "../core/rng";
import type { Population } from "./population";
import type { Problem } from "./problem";

/**
 * One running optimisation in ask/tell form: `ask` proposes a batch to evaluate, `tell` hands back
 * its objectives and constraint violations. The driver (`minimize`, `minimizeAsync`) owns the loop,
 * the evaluation and the termination, so every algorithm shares the same budget rules and callbacks,
 * and evaluation can be synchronous or on worker threads without the algorithm knowing.
 */
export interface Optimizer {
  /** Candidates to evaluate next (the first call returns the initial population). */
  ask(): Float64Array[];
  /** Results of the last `ask`, in the same order. */
  tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void;
  /** The current population (a live view; copy before mutating). */
  population(): Population;
  /**
   * The answer: for a multi-objective algorithm, the feasible non-dominated members of the
   * population (the least-violating ones when none is feasible); for a single-objective one,
   * the best candidate found so far (one row).
   */
  result(): Population;
}

/** An algorithm with its settings; `create` starts one run on a problem with a random stream. */
export interface Algorithm {
  readonly name: string;
  /** Candidates per generation (the size of each `ask`). */
  readonly populationSize: number;
  /** True when the algorithm handles several objectives (NSGA-II); false for the scalar ones. */
  readonly multiObjective: boolean;
  /**
   * Starts a run. `horizonGenerations` is the number of generations the budget allows (Infinity when
   * unknown); algorithms with schedules (PSO's inertia, GWO's `a`) scale them to it.
   */
  create(problem: Problem, rng: Rng, horizonGenerations: number): Optimizer;
}
