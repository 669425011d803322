/**
 * Wall time to train every seed-000 forecaster (wind LSTM, PV CNN-LSTM, five demand-class LSTMs + EV, price GRU)
 * on a budget, cold (empty model cache) and then warm (everything loaded from the cache: trains nothing), with
 * the held-out skill vs persistence of each. One cold run (a cold run is minutes: no median), so quote it with
 * the load average printed beside it: the machine is shared.
 * Run: npx tsx bench/forecast-seed000.ts [ci|quick|paper]   (default quick; the goal: < 10 min cold)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { Cache } from "../lib/core/cache";
import { initForecastBackend } from "../lib/forecast/backend";
import { evaluateForecaster } from "../lib/forecast/evaluate";
import {
  SEED000_BUDGETS,
  seed000Capacity,
  seed000TrainingScenario,
  trainSeed000Forecasters,
} from "../lib/papers/s000/world/forecasters";
import { machine } from "./util";

async function main() {
  const profile = (process.argv[2] ?? "quick") as keyof typeof SEED000_BUDGETS;
  const budget = SEED000_BUDGETS[profile];
  if (!budget) throw new Error(`unknown budget ${profile}: ci, quick or paper`);
  const backend = await initForecastBackend();
  const dir = mkdtempSync(join(tmpdir(), "bench-fc000-"));
  const loadBefore = machine().loadavg;
  try {
    const t0 = performance.now();
    const sc = seed000TrainingScenario(budget, 2026);
    const scenarioS = (performance.now() - t0) / 1000;
    const cache = new Cache(dir);
    const cold = await trainSeed000Forecasters(cache, sc, budget, {
      seed: 2026,
      onModel: (name, r) => process.stderr.write(`${name}: ${r.seconds.toFixed(1)} s\n`),
    });
    const coldS = (performance.now() - t0) / 1000;
    const loadAfter = machine().loadavg;
    const t1 = performance.now();
    const warm = await trainSeed000Forecasters(cache, sc, budget, { seed: 2026 });
    const warmS = (performance.now() - t1) / 1000;
    const per = cold.map((r) => {
      const ev = evaluateForecaster(r.forecaster, r.data, {
        stride: budget.evalStride,
        capacity: r.spec.capacityNormalised ? seed000Capacity(sc, r.spec.target) : undefined,
      });
      return {
        name: r.spec.name,
        architecture: r.forecaster.config.architecture,
        trainS: r.seconds,
        epochsRun: r.forecaster.history.length,
        skillVsPersistence: ev.skillVsPersistence,
        skillVsSeasonalDay: ev.skillVsSeasonalDay,
        coverage80: ev.methods[0].coverage80,
      };
    });
    console.log(
      JSON.stringify(
        {
          bench: "forecast-seed000",
          budget: profile,
          budgetConfig: budget,
          backend,
          tfjsBackend: tf.getBackend(),
          forecasters: per.length,
          scenarioS,
          coldTotalS: coldS,
          goalS: 600,
          warmTotalS: warmS,
          warmTrainedNothing: warm.every((r) => r.hit),
          perForecaster: per,
          loadavgBefore: loadBefore,
          loadavgAfter: loadAfter,
          note: "one cold run on the shared 2-core machine (other sessions running): compare with the load average",
          machine: machine(),
        },
        null,
        2,
      ),
    );
    for (const r of [...cold, ...warm]) r.forecaster.model.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
