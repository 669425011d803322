/**
 * Issue 3's performance figures: a full year (35,040 15-min steps) of the entity-level city, all
 * 38,835 entities individually in the P2P market every daylight step, under the fixed rule policy
 * (lib/sim rulePolicy.ts). Reports scenario generation and episode wall time (median of `RUNS`),
 * market steps, trades, steps/s and peak resident memory. Prints JSON.
 *   npx tsx bench/city-year.ts            (RUNS=3 by default; RUNS=1 for a quick look)
 */
import { DEFAULT_CITY_CONFIG } from "../lib/city/cityConfig";
import { generateScenario } from "../lib/city/scenario";
import { CityEnv } from "../lib/sim/cityEnv";
import { runRulePolicyEpisode } from "../lib/sim/runEpisode";
import { machine, summarise } from "./util";

async function main() {
  const runs = Number(process.env.RUNS ?? 3);
  const gen: number[] = [];
  const episode: number[] = [];
  let info = { entities: 0, steps: 0, marketSteps: 0, trades: 0 };
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    const sc = generateScenario(DEFAULT_CITY_CONFIG, 2026 + r);
    gen.push((performance.now() - t0) / 1000);
    const env = new CityEnv(sc);
    t0 = performance.now();
    const res = runRulePolicyEpisode(env, sc.seed);
    episode.push((performance.now() - t0) / 1000);
    info = { entities: env.entityCount, steps: res.steps, marketSteps: res.marketSteps, trades: res.trades };
  }
  const ep = summarise(episode);
  console.log(
    JSON.stringify(
      {
        bench: "city-year",
        ...info,
        scenarioYearSeconds: summarise(gen),
        episodeYearSeconds: ep,
        stepsPerSecond: Math.round(info.steps / ep.median),
        goalEpisodeSeconds: 30,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        goalPeakRssMb: 2048,
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
