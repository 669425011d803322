/**
 * The energy problem's evaluators (issue 6): evaluations per second of the class-aggregate model the
 * NSGA-II search uses, against the entity-level CityEnv it stands in for, on one block of `days`
 * days (a July week by default), and the implied cost of seed 000's budget (300 x 500 evaluations)
 * at the paper profile's 4 blocks x 7 days. Decisions: random within the bounds (seeded).
 *
 *   npx tsx bench/optimise-energy.ts [runs] [days] [startDay]
 */

import path from "node:path";
import { createRng } from "../lib/core/rng";
import { minimize, minimizeAsync, nsga2, ParallelEvaluator } from "../lib/optimise";
import {
  buildEnergyEvalData,
  ENERGY_VARIABLES,
  energyOutcome,
  energyProblem,
  energyScratch,
  evaluateEnergyOnEnv,
  referenceEnergyDecision,
} from "../lib/papers/s000/env/energyProblem";
import { DEFAULT_CITY_CONFIG, generateScenario, withHorizon } from "../lib/papers/s000/world";
import { machine, summarise, timeRuns } from "./util";

async function main() {
  const runs = Number(process.argv[2] ?? 5);
  const days = Number(process.argv[3] ?? 7);
  const startDay = Number(process.argv[4] ?? 196);
  const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, days, startDay), 2026);
  const data = buildEnergyEvalData([sc], { bins: 32 });
  const rng = createRng(1, "bench", "energy");
  const X = Array.from({ length: 200 }, () =>
    Float64Array.from(ENERGY_VARIABLES, (v) => rng.uniform(v.lower, v.upper)),
  );
  const scratch = energyScratch(data);
  const agg = await timeRuns(
    () => {
      for (const x of X) energyOutcome(data, x, scratch);
    },
    runs,
    1,
  );
  const perEval = summarise(agg.map((s) => s / X.length));
  const env = await timeRuns(
    () => evaluateEnergyOnEnv([sc], referenceEnergyDecision()),
    Math.min(3, runs),
    0,
  );
  const envPerEval = summarise(env);
  // NSGA-II (population 300, `gens` generations) in process vs on 2 worker threads: same front.
  const gens = 5;
  const algo = () => nsga2({ populationSize: 300, mutation: { eta: 20, probabilityVar: 0.1 } });
  let reference = "";
  const seq = await timeRuns(
    () => {
      const r = minimize(energyProblem(data), algo(), { seed: 1, maxGenerations: gens });
      reference = JSON.stringify(r.F.map((f) => Array.from(f)));
    },
    Math.min(3, runs),
    0,
  );
  const ev = await ParallelEvaluator.start(
    {
      modulePath: path.join(__dirname, "../lib/papers/s000/env/energyProblem.ts"),
      exportName: "energyProblem",
      args: data,
    },
    2,
  );
  let par: number[] = [];
  try {
    par = await timeRuns(
      async () => {
        const r = await minimizeAsync(energyProblem(data), algo(), {
          seed: 1,
          maxGenerations: gens,
          evaluator: ev,
        });
        if (JSON.stringify(r.F.map((f) => Array.from(f))) !== reference)
          throw new Error("2-worker front differs");
      },
      Math.min(3, runs),
      0,
    );
  } finally {
    await ev.close();
  }
  const steps = data.totalSteps;
  const usPerStep = (1e6 * perEval.median) / steps;
  const paperSteps = 4 * 7 * 96;
  const paperEvals = 300 * 501;
  console.log(
    JSON.stringify(
      {
        bench: "optimise-energy",
        block: { days, startDay, steps },
        aggregate: {
          msPerEvaluation: { median: 1e3 * perEval.median, min: 1e3 * perEval.min, max: 1e3 * perEval.max },
          usPerStep,
          evaluationsPerSecond: 1 / perEval.median,
        },
        cityEnv: {
          secondsPerEvaluation: { median: envPerEval.median, min: envPerEval.min, max: envPerEval.max },
          msPerStep: (1e3 * envPerEval.median) / steps,
        },
        speedup: envPerEval.median / perEval.median,
        nsga2TwoWorkers: {
          population: 300,
          generations: gens,
          sequentialSeconds: summarise(seq).median,
          twoWorkerSeconds: summarise(par).median,
          speedup: summarise(seq).median / summarise(par).median,
          identicalFront: true,
        },
        paperProfileEstimate: {
          stepsPerEvaluation: paperSteps,
          evaluations: paperEvals,
          aggregateSeconds: (paperEvals * paperSteps * usPerStep) / 1e6,
          cityEnvHours: (paperEvals * paperSteps * (envPerEval.median / steps)) / 3600,
        },
        runs,
        machine: machine(),
        note: "2 cores shared with other jobs: figures are upper bounds on the time",
      },
      null,
      1,
    ),
  );
}

main();
