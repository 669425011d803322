import type { z } from "zod";
import type { Cache } from "../core/cache";
import type { Progress } from "../core/progress";
import type { PlotlyFigure } from "../plots/figure";
import type { ClaimRow } from "./claims";

/** What an experiment gets from the runner. */
export interface ExperimentContext {
  readonly id: string;
  readonly profile: string;
  readonly seed: number;
  /**
   * The experiment's paper's world after every experiments.yaml override (seed 000: its CityConfig
   * without the horizon). Part of the experiment's cache key; a paper reads it through its own typed
   * accessor (e.g. s000's `cityOf(ctx)`).
   */
  readonly world: unknown;
  readonly cache: Cache;
  /**
   * Worker threads an experiment may use for independent sweep points and Monte Carlo draws (1: all
   * in this thread). Results do not depend on it: every point is keyed and cached on its own.
   */
  readonly workers: number;
  /** A progress display for a long loop (prints only if the loop runs longer than a couple of seconds). */
  progress(label: string, total: number, unit?: string): Progress;
  log(message: string): void;
}

/** A table of equal-length numeric columns, written as CSV (e.g. the step series of a run). */
export interface SeriesTable {
  readonly name: string;
  readonly columns: Readonly<Record<string, ArrayLike<number>>>;
}

/** The values of an experiment's output: a JSON object (declare it as a type alias, so it fits this). */
export type ExperimentValues = Record<string, unknown>;

/**
 * What an experiment returns: everything here must follow from the seed and params alone. `V` is the
 * experiment's values type (its `values` object); `ExperimentOutput` alone is the erased form the
 * runner and the cache handle.
 */
export interface ExperimentOutput<V extends ExperimentValues = ExperimentValues> {
  /** The numbers (JSON). Deterministic: no timings, no host names. */
  readonly values: Readonly<V>;
  /** Step series and other tables, one CSV each. */
  readonly tables?: readonly SeriesTable[];
  /** Our value for each paper claim id this experiment answers (null: not computed). */
  readonly claims?: Readonly<Record<string, number | null>>;
  /**
   * Claims whose quantity does not exist in our run, with the reason (verdict "undefined"), e.g. a
   * payback when the method saves nothing, or a schedule-tracking accuracy for a controller that
   * commits no schedule. Only for claims whose value above is null.
   */
  readonly undefinedClaims?: Readonly<Record<string, string>>;
  /** Numeric backend used (e.g. "js", "blas", "tfjs-wasm"): identical bytes are promised per backend. */
  readonly backend?: string;
}

/**
 * One figure panel or table of a paper, with its params type `P` and its values type `V` (what
 * `run` returns in `values`, what `figure` and `notes` read). The registry holds the erased form
 * `Experiment` (both defaulted); a notebook gets the typed one back with
 * `reproduce(lib.s000.fig4a, ...)` (lib/papers/reproduce.ts).
 */
export interface Experiment<
  P extends Record<string, unknown> = Record<string, unknown>,
  V extends ExperimentValues = ExperimentValues,
> {
  /** `<paper>/<name>`, used in experiments.yaml and on the command line, e.g. "s000/fig4a". */
  readonly id: string;
  readonly title: string;
  /** Claim panels of its paper (data/paper/<paper>/*.json `panel`) this experiment answers, e.g. ["fig4a"]. */
  readonly panels: readonly string[];
  /** The notebook that views it, e.g. "s000-01-utilisation". */
  readonly notebook?: string;
  /**
   * The experiment's own module file (`__filename` where it is defined): the fingerprint of its import
   * closure (every module it transitively imports) is part of the cache key, so an edit recomputes
   * exactly the experiments whose code imports the edited file (lib/core/fingerprint.ts).
   */
  readonly module: string;
  /** Schema of the experiment's params (a strict zod object; unknown keys are errors). */
  readonly params: z.ZodObject;
  run(ctx: ExperimentContext, params: P): Promise<ExperimentOutput<V>>;
  /** The figure, from the output and the claims ledger rows. Pure. */
  figure(output: ExperimentOutput<V>, ledger: readonly ClaimRow[], params: P): PlotlyFigure;
  /** Optional text shown under the figure (what the panel shows, how ours differs and why). */
  notes?(output: ExperimentOutput<V>, ledger: readonly ClaimRow[], params: P): string;
}

/** Any typed experiment (what `reproduce` accepts in place of an id). */
export type AnyExperiment = Experiment<never, ExperimentValues>;

/** The values type of an experiment, e.g. `ValuesOf<typeof fig4a>`. */
export type ValuesOf<E> = E extends {
  run(ctx: ExperimentContext, params: never): Promise<ExperimentOutput<infer V>>;
}
  ? V
  : never;

/** The params type of an experiment (after its schema's defaults), e.g. `ParamsOf<typeof fig9a>`. */
export type ParamsOf<E> = E extends { run(ctx: ExperimentContext, params: infer P): unknown }
  ? P extends Record<string, unknown>
    ? P
    : never
  : never;
