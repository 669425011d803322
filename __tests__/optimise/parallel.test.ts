import path from "node:path";
import { expensiveRastrigin, expensiveZdt1 } from "../../lib/optimise/benchmarks/expensive";
import { minimize, minimizeAsync } from "../../lib/optimise/minimize";
import { nsga2 } from "../../lib/optimise/nsga2";
import { ParallelEvaluator } from "../../lib/optimise/parallel";
import { pso } from "../../lib/optimise/pso";

const MODULE = path.join(__dirname, "../../lib/optimise/benchmarks/expensive.ts");

describe("parallel evaluation on worker threads", () => {
  test("same result as sequential evaluation, whatever the worker count", async () => {
    const args = { nVar: 8, workPerEval: 10 };
    const ev = await ParallelEvaluator.start({ modulePath: MODULE, exportName: "expensiveZdt1", args }, 2);
    try {
      expect(ev.size).toBe(2);
      const opts = { seed: 4, maxGenerations: 8 };
      const seq = minimize(expensiveZdt1(args), nsga2({ populationSize: 22 }), opts);
      const par = await minimizeAsync(expensiveZdt1(args), nsga2({ populationSize: 22 }), {
        ...opts,
        evaluator: ev,
      });
      expect(par.F.map((f) => Array.from(f))).toEqual(seq.F.map((f) => Array.from(f)));
      expect(par.X.map((f) => Array.from(f))).toEqual(seq.X.map((f) => Array.from(f)));
      // a batch smaller than the worker count, and an empty one
      const one = await ev.evaluate([new Float64Array(8).fill(0.5)]);
      expect(one.F.length).toBe(1);
      expect((await ev.evaluate([])).F.length).toBe(0);
    } finally {
      await ev.close();
    }
  });

  test("single-objective runs through the pool too", async () => {
    const args = { nVar: 5, workPerEval: 1 };
    const ev = await ParallelEvaluator.start(
      { modulePath: MODULE, exportName: "expensiveRastrigin", args },
      3,
    );
    try {
      const opts = { seed: 1, maxGenerations: 5 };
      const seq = minimize(expensiveRastrigin(args), pso({ populationSize: 10 }), opts);
      const par = await minimizeAsync(expensiveRastrigin(args), pso({ populationSize: 10 }), {
        ...opts,
        evaluator: ev,
      });
      expect(par.F[0][0]).toBe(seq.F[0][0]);
    } finally {
      await ev.close();
    }
  });

  test("a wrong export name is reported with the module and what it exports", async () => {
    await expect(
      ParallelEvaluator.start({ modulePath: MODULE, exportName: "nope", args: {} }, 1),
    ).rejects.toThrow(/nope|neither a Problem/);
  });
});
