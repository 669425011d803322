/** Bench: a year (35,040 x 15 min) of the single-area frequency model at 0.1 s and 1 s sub-steps. */
import { createRng } from "../lib/core/rng";
import { STEPS_PER_YEAR } from "../lib/core/time";
import { simulateFrequency } from "../lib/grid/frequency";
import { machine, summarise } from "./util";

const rng = createRng(8, "bench", "grid-frequency");
// imbalance: forecast-error-like noise (sigma 10 MW on a 2 GW area) with occasional 60 MW disturbances
const imbalanceMw = Float64Array.from(
  { length: STEPS_PER_YEAR },
  () => rng.normal() * 10 + (rng.uniform() < 0.01 ? 60 : 0),
);
const out: Record<string, unknown> = { bench: "grid-frequency", steps: STEPS_PER_YEAR, targetS: 10 };
for (const subStepS of [0.1, 1]) {
  const times: number[] = [];
  let r = simulateFrequency({ imbalanceMw, responseLatencyS: 1.7 }, { subStepS });
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    r = simulateFrequency({ imbalanceMw, responseLatencyS: 1.7, correctedFraction: 0.9 }, { subStepS });
    times.push((performance.now() - t0) / 1000);
  }
  out[`yearS_subStep${subStepS}s`] = summarise(times);
  out[`stats_subStep${subStepS}s`] = {
    meanAbsHz: r.meanAbsHz,
    p95AbsHz: r.p95AbsHz,
    maxAbsHz: r.maxAbsHz,
    subSteps: r.subSteps,
  };
}
out.machine = machine();
console.log(JSON.stringify(out));
