/**
 * Speed-up of parallel population evaluation on worker threads (issue 6): NSGA-II, population 100,
 * 10 generations, on ZDT1 (30 variables) made expensive (each evaluation repeats a Rastrigin-sized
 * computation `workPerEval` times, about 1 ms at the default). Sequential `minimize` against
 * `minimizeAsync` with a `ParallelEvaluator` of 1 and 2 workers; the fronts must be identical.
 * The machine has 2 cores shared with other jobs, so the 2-worker figure is a lower bound.
 *
 *   npx tsx bench/optimise-parallel.ts [runs] [workPerEval]
 */
import path from "node:path";
import { expensiveZdt1, minimize, minimizeAsync, nsga2, ParallelEvaluator } from "../lib/optimise";
import { machine, summarise } from "./util";

async function main() {
  const runs = Number(process.argv[2] ?? 3);
  const workPerEval = Number(process.argv[3] ?? 2500);
  const args = { nVar: 30, workPerEval };
  const modulePath = path.join(__dirname, "../lib/optimise/benchmarks/expensive.ts");
  const opts = { seed: 1, maxGenerations: 10 };
  const algo = () => nsga2({ populationSize: 100 });

  const tEval0 = performance.now();
  expensiveZdt1(args).evaluate(Array.from({ length: 50 }, () => new Float64Array(30).fill(0.5)));
  const msPerEval = (performance.now() - tEval0) / 50;

  const seq: number[] = [];
  let reference: number[][] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const res = minimize(expensiveZdt1(args), algo(), opts);
    seq.push((performance.now() - t0) / 1000);
    reference = res.F.map((f) => Array.from(f));
  }
  const out: Record<string, unknown> = {};
  for (const workers of [1, 2]) {
    const ev = await ParallelEvaluator.start({ modulePath, exportName: "expensiveZdt1", args }, workers);
    const times: number[] = [];
    try {
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        const res = await minimizeAsync(expensiveZdt1(args), algo(), { ...opts, evaluator: ev });
        times.push((performance.now() - t0) / 1000);
        if (JSON.stringify(res.F.map((f) => Array.from(f))) !== JSON.stringify(reference))
          throw new Error(`${workers} workers: front differs from the sequential run`);
      }
    } finally {
      await ev.close();
    }
    const s = summarise(times);
    out[`workers${workers}`] = { seconds: { median: s.median, min: s.min, max: s.max } };
  }
  const sq = summarise(seq);
  const w2 = (out.workers2 as { seconds: { median: number } }).seconds.median;
  const w1 = (out.workers1 as { seconds: { median: number } }).seconds.median;
  console.log(
    JSON.stringify(
      {
        bench: "optimise-parallel",
        problem: "expensiveZdt1",
        workPerEval,
        msPerEvaluation: msPerEval,
        evaluations: 1100,
        sequential: { seconds: { median: sq.median, min: sq.min, max: sq.max } },
        ...out,
        speedUp2WorkersVsSequential: sq.median / w2,
        speedUp2WorkersVs1Worker: w1 / w2,
        identicalFronts: true,
        runs,
        machine: machine(),
      },
      null,
      1,
    ),
  );
}

main();
