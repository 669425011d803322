import { ConfigError, DataError } from "../core/errors";

/**
 * An optimisation problem: every objective is minimised (negate an objective to maximise it),
 * constraints are `g_j(x) <= 0` when satisfied. Evaluation is batched: the algorithm hands over a
 * whole population at once so that a problem can vectorise, cache or farm it out to workers
 * (`ParallelEvaluator`). Problems are plain objects so that a worker can `require` them by module
 * path and export name.
 */
export interface Problem {
  /** Short name used in error messages and random-stream keys. */
  readonly name: string;
  /** Number of decision variables. */
  readonly nVar: number;
  /** Number of objectives (1 for the single-objective algorithms). */
  readonly nObj: number;
  /** Number of inequality constraints g(x) <= 0; 0 or absent when unconstrained. */
  readonly nConstr?: number;
  /** Lower bounds, length nVar. */
  readonly lower: Float64Array;
  /** Upper bounds, length nVar. */
  readonly upper: Float64Array;
  /** 1 where the variable is an integer (kept integral by rounding repair, as pymoo's RoundingRepair). */
  readonly integer?: Uint8Array;
  /** Evaluates a batch of candidates (each a Float64Array of length nVar). */
  evaluate(X: readonly Float64Array[]): Evaluation;
}

/** Objectives and constraint values of a batch, row i for candidate i. */
export interface Evaluation {
  /** Objective vectors, length nObj each, minimised. */
  readonly F: Float64Array[];
  /** Constraint values g_j(x), length nConstr each; feasible when every g_j <= 0. */
  readonly G?: Float64Array[];
}

/** Something that evaluates a batch asynchronously (a worker pool, a remote service). */
export interface AsyncEvaluator {
  evaluate(X: readonly Float64Array[]): Promise<Evaluation>;
}

export interface ProblemSpec {
  readonly name: string;
  readonly nObj: number;
  readonly nConstr?: number;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly integer?: ArrayLike<number | boolean>;
  /** Batch evaluation; give either this or `evaluateOne`. */
  readonly evaluate?: (X: readonly Float64Array[]) => Evaluation;
  /** Evaluation of one candidate: objectives, and constraints when nConstr > 0. */
  readonly evaluateOne?: (
    x: Float64Array,
  ) => { f: ArrayLike<number>; g?: ArrayLike<number> } | ArrayLike<number>;
}

/** Builds a validated `Problem` from plain arrays and either a batch or a per-candidate function. */
export function defineProblem(spec: ProblemSpec): Problem {
  const where = `problem "${spec.name}"`;
  const nVar = spec.lower.length;
  if (nVar === 0) throw new ConfigError("lower bounds are empty; give one bound per variable", where);
  if (spec.upper.length !== nVar)
    throw new ConfigError(`upper has ${spec.upper.length} bounds but lower has ${nVar}`, where);
  if (!Number.isInteger(spec.nObj) || spec.nObj < 1)
    throw new ConfigError(`nObj must be a positive integer, got ${spec.nObj}`, where);
  const nConstr = spec.nConstr ?? 0;
  if (!Number.isInteger(nConstr) || nConstr < 0)
    throw new ConfigError(`nConstr must be a non-negative integer, got ${nConstr}`, where);
  const lower = Float64Array.from(spec.lower);
  const upper = Float64Array.from(spec.upper);
  for (let j = 0; j < nVar; j++) {
    if (!Number.isFinite(lower[j]) || !Number.isFinite(upper[j]) || lower[j] > upper[j])
      throw new ConfigError(
        `bounds of variable ${j} must be finite with lower <= upper, got [${lower[j]}, ${upper[j]}]`,
        where,
      );
  }
  let integer: Uint8Array | undefined;
  if (spec.integer) {
    if (spec.integer.length !== nVar)
      throw new ConfigError(`integer mask has ${spec.integer.length} entries, expected ${nVar}`, where);
    integer = Uint8Array.from(Array.from(spec.integer, (v) => (v ? 1 : 0)));
  }
  let evaluate = spec.evaluate;
  if (!evaluate) {
    const one = spec.evaluateOne;
    if (!one) throw new ConfigError("give evaluate (batch) or evaluateOne", where);
    evaluate = (X) => {
      const F: Float64Array[] = new Array(X.length);
      const G: Float64Array[] | undefined = nConstr > 0 ? new Array(X.length) : undefined;
      for (let i = 0; i < X.length; i++) {
        const r = one(X[i]);
        if (isObjectiveOnly(r)) {
          F[i] = Float64Array.from(r);
          if (G) throw new DataError(`evaluateOne returned no constraints but nConstr = ${nConstr}`, where);
        } else {
          F[i] = Float64Array.from(r.f);
          if (G) G[i] = Float64Array.from(r.g ?? []);
        }
      }
      return G ? { F, G } : { F };
    };
  }
  return { name: spec.name, nVar, nObj: spec.nObj, nConstr, lower, upper, integer, evaluate };
}

function isObjectiveOnly(
  r: { f: ArrayLike<number>; g?: ArrayLike<number> } | ArrayLike<number>,
): r is ArrayLike<number> {
  return (r as { f?: unknown }).f === undefined;
}

/** Total constraint violation per candidate: sum_j max(0, g_j) (Deb 2000, the CV of constraint-domination). */
export function constraintViolation(G: readonly Float64Array[] | undefined, n: number): Float64Array {
  const cv = new Float64Array(n);
  if (!G) return cv;
  for (let i = 0; i < n; i++) {
    const g = G[i];
    let s = 0;
    for (let j = 0; j < g.length; j++) if (g[j] > 0) s += g[j];
    cv[i] = s;
  }
  return cv;
}

/** Checks an evaluation's shape and values; throws a DataError naming the candidate and column. */
export function checkEvaluation(problem: Problem, ev: Evaluation, n: number): void {
  const where = `problem "${problem.name}".evaluate`;
  if (ev.F.length !== n)
    throw new DataError(`returned ${ev.F.length} objective rows for ${n} candidates`, where);
  for (let i = 0; i < n; i++) {
    const f = ev.F[i];
    if (f.length !== problem.nObj)
      throw new DataError(`row ${i} has ${f.length} objectives, expected nObj = ${problem.nObj}`, where);
    for (let k = 0; k < f.length; k++)
      if (Number.isNaN(f[k]))
        throw new DataError(
          `objective ${k} of candidate ${i} is NaN`,
          where,
          "return a large finite penalty or a constraint for invalid regions",
        );
  }
  const nc = problem.nConstr ?? 0;
  if (nc > 0) {
    if (!ev.G || ev.G.length !== n)
      throw new DataError(
        `nConstr = ${nc} but ${ev.G ? ev.G.length : 0} constraint rows were returned`,
        where,
      );
    for (let i = 0; i < n; i++)
      if (ev.G[i].length !== nc)
        throw new DataError(`constraint row ${i} has ${ev.G[i].length} values, expected ${nc}`, where);
  }
}

/** Clips each variable into its bounds and rounds integer variables (in place). */
export function repairInPlace(problem: Problem, x: Float64Array): Float64Array {
  const { lower, upper, integer } = problem;
  for (let j = 0; j < x.length; j++) {
    let v = x[j];
    if (integer && integer[j] === 1) v = Math.round(v) + 0;
    if (v < lower[j]) v = integer && integer[j] === 1 ? Math.ceil(lower[j]) + 0 : lower[j];
    else if (v > upper[j]) v = integer && integer[j] === 1 ? Math.floor(upper[j]) : upper[j];
    x[j] = v;
  }
  return x;
}
