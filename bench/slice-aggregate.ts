/**
 * The aggregate slice model (lib/city/sliceScenario.ts + lib/sim/sliceDispatch.ts), a fast city-level
 * evaluator: a full year (35,040 steps) of scenario generation and dispatch. Prints JSON.
 *   npx tsx bench/slice-aggregate.ts
 */
import { generateSliceScenario } from "../lib/city/sliceScenario";
import { runSliceDispatch } from "../lib/sim/sliceDispatch";
import { machine, summarise, timeRuns } from "./util";

async function main() {
  const scenario = await timeRuns(() => generateSliceScenario(365, 2026), 5);
  const sc = generateSliceScenario(365, 2026);
  const dispatch = await timeRuns(() => runSliceDispatch({ ...sc, stepH: 0.25 }, () => 0), 5);
  console.log(
    JSON.stringify(
      {
        bench: "slice-aggregate",
        steps: 35040,
        scenarioYearSeconds: summarise(scenario),
        dispatchYearSeconds: summarise(dispatch),
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
