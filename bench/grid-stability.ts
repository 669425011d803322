/**
 * Bench: the stability wiring (lib/papers/s000/env/stability.ts cityStability) on a year of city flows: the
 * imbalance drive (forecast-error processes, schedule steps, events, headroom), the frequency model at
 * 0.1 s, 35,040 power flows on the representative feeders, imbalance and ramp metrics.
 * The flows come from one untimed episode of the env under the rule policy (default 365 days;
 * `npx tsx bench/grid-stability.ts 30` for a shorter horizon). Prints JSON.
 */

import { simulateFrequency } from "../lib/grid/frequency";
import { CityEnv } from "../lib/papers/s000/env/cityEnv";
import { rulePolicyFor, runEpisode } from "../lib/papers/s000/env/runEpisode";
import { cityGridSeries, cityStability, stabilityDrive } from "../lib/papers/s000/env/stability";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../lib/papers/s000/world/cityConfig";
import { cityFeederVoltages } from "../lib/papers/s000/world/cityFeeder";
import { generateScenario } from "../lib/papers/s000/world/scenario";
import { machine, summarise } from "./util";

const days = Number(process.argv[2] ?? 365);
const t0 = performance.now();
const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, days, 0), 2026);
const env = new CityEnv(sc);
const ep = runEpisode(env, rulePolicyFor(env), sc.seed);
const setupS = (performance.now() - t0) / 1000;
const input = { flows: ep.flows, scenario: sc, decisionLatencyMs: 0.1, classFlows: ep.classFlows };

const time = (fn: () => unknown, runs: number): number[] => {
  fn();
  const out: number[] = [];
  for (let k = 0; k < runs; k++) {
    const a = performance.now();
    fn();
    out.push((performance.now() - a) / 1000);
  }
  return out;
};
const drive = stabilityDrive(input);
const r = cityStability(input);
const out = {
  bench: "grid-stability",
  days,
  steps: r.steps,
  targetS: { wiringYear: 5 },
  setupS_untimed: setupS,
  wiringS: summarise(time(() => cityStability(input), 5)),
  parts: {
    driveS: summarise(time(() => stabilityDrive(input), 5)),
    frequencyS: summarise(
      time(
        () =>
          simulateFrequency({
            imbalanceMw: drive.imbalanceMw,
            correctionMw: drive.correctionMw,
            responseLatencyS: r.response.totalS,
          }),
        5,
      ),
    ),
    feedersS: summarise(time(() => cityFeederVoltages(cityGridSeries(input), { feederCount: 49 }), 5)),
  },
  result: {
    responseS: r.response.totalS,
    meanAbsHz: r.frequency.meanAbsHz,
    p95AbsHz: r.frequency.p95AbsHz,
    maxAbsHz: r.frequency.maxAbsHz,
    voltageMaxPct: r.voltage.maxPct,
    voltageP95Pct: r.voltage.p95Pct,
    imbalancePct: r.imbalance.meanPct,
    imbalanceBeforeControlPct: r.imbalance.meanBeforeControlPct,
    rampPerDay: r.ramp.perDay,
    windRampEvents: r.drive.events.windRamp.length,
    cloudDropEvents: r.drive.events.cloudDrop.length,
  },
  machine: machine(),
};
console.log(JSON.stringify(out));
