import type { Evaluation, Problem } from "../problem";
import { rastriginValue } from "./singleObjective";
import { zdt1 } from "./zdt";

/**
 * Stand-ins for expensive simulations, for measuring parallel evaluation: each evaluation repeats a
 * deterministic computation `workPerEval` times and returns the plain value, so results equal the
 * cheap problem's. Exported as factories so a worker can build them from `args`.
 */
export interface ExpensiveArgs {
  readonly nVar: number;
  /** Repetitions of the objective per evaluation (about 1 microsecond each for nVar = 10). */
  readonly workPerEval: number;
}

function burn(x: Float64Array, reps: number): number {
  let acc = 0;
  for (let r = 0; r < reps; r++) acc += rastriginValue(x) * 1e-300;
  return acc;
}

/** Rastrigin, with `workPerEval` repetitions of its computation per evaluation. */
export function expensiveRastrigin(args: ExpensiveArgs): Problem {
  const { nVar, workPerEval } = args;
  return {
    name: `expensive-rastrigin${nVar}`,
    nVar,
    nObj: 1,
    nConstr: 0,
    lower: new Float64Array(nVar).fill(-5.12),
    upper: new Float64Array(nVar).fill(5.12),
    evaluate(X: readonly Float64Array[]): Evaluation {
      return { F: X.map((x) => Float64Array.of(rastriginValue(x) + 0 * burn(x, workPerEval))) };
    },
  };
}

/** ZDT1 with `workPerEval` Rastrigin-sized computations of dead weight per evaluation. */
export function expensiveZdt1(args: ExpensiveArgs): Problem {
  const base = zdt1(args.nVar);
  return {
    ...base,
    name: `expensive-zdt1-${args.nVar}`,
    evaluate(X: readonly Float64Array[]): Evaluation {
      let sink = 0;
      for (const x of X) sink += burn(x, args.workPerEval);
      const ev = base.evaluate(X);
      if (sink === Number.POSITIVE_INFINITY) ev.F[0][0] += 0; // keeps the work from being optimised away
      return ev;
    },
  };
}
