/**
 * The five city strategies' costs on the entity-level city env (issue 5), JSON on stdout:
 *  - one MADDPG gradient step of the city's five agents (critic input 87 obs + 15 actions), batch 256,
 *    at the quick profile's 64-64 and the paper profile's 256-256 networks;
 *  - env steps per second: the env alone under the rule policy, and inside training (env + actors +
 *    one gradient step per env step) on a short run;
 *  - per strategy: one evaluation window of `days` days (decision latency mean/P50/P95, episode wall
 *    time) and the full-year evaluation cost extrapolated from it (x 365 / days);
 *  - MPC LP solve time per re-planning step on the city;
 *  - with --quick-train: the quick profile trained cold (no cache), its wall time; always: the paper
 *    profile's estimate from the measured per-step costs.
 *   npx tsx bench/control-city.ts [days=7] [--quick-train]
 */

import { Maddpg } from "../lib/control/maddpg";
import { ReplayBuffer } from "../lib/control/replayBuffer";
import { createRng } from "../lib/core/rng";
import { nnBackend } from "../lib/nn/gemm";
import { CITY_AGENT_SPECS } from "../lib/papers/s000/agents/cityMaddpg";
import { CITY_STRATEGIES, runCityStrategyEpisode } from "../lib/papers/s000/agents/cityStrategies";
import {
  CITY_TRAINING_PROFILES,
  type CityTrainingProfile,
  EQUAL_REWARD_WEIGHTS,
  trainCityMaddpg,
} from "../lib/papers/s000/agents/cityTraining";
import { CityEnv } from "../lib/papers/s000/env/cityEnv";
import { rulePolicyFor, runEpisode } from "../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../lib/papers/s000/world/cityConfig";
import { generateScenario } from "../lib/papers/s000/world/scenario";
import { machine, summarise } from "./util";

function gradStepMs(hidden: number[], runs: number): ReturnType<typeof summarise> {
  const agent = new Maddpg(CITY_AGENT_SPECS, { actorHidden: hidden, criticHidden: hidden }, 1);
  const buf = new ReplayBuffer(
    CITY_AGENT_SPECS.map((a) => a.observationSize),
    CITY_AGENT_SPECS.map((a) => a.actionSize),
    4096,
  );
  const rng = createRng(1, "bench-city", "buffer");
  for (let k = 0; k < 1024; k++) {
    const o = CITY_AGENT_SPECS.map((a) =>
      Float64Array.from({ length: a.observationSize }, () => rng.uniform(-1, 1)),
    );
    const a = CITY_AGENT_SPECS.map((s) =>
      Float64Array.from({ length: s.actionSize }, () => rng.uniform(-1, 1)),
    );
    buf.add(
      o,
      a,
      Float64Array.from({ length: 5 }, () => rng.normal()),
      o,
      false,
    );
  }
  const sr = createRng(1, "bench-city", "sample");
  for (let w = 0; w < 3; w++) agent.update(buf.sample(256, sr));
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    agent.update(buf.sample(256, sr));
    ms.push(performance.now() - t0);
  }
  return summarise(ms);
}

async function main() {
  const days = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 7);
  const quickTrain = process.argv.includes("--quick-train");
  const seed = 3;
  const start = 150;
  const out: Record<string, unknown> = {
    bench: "control-city",
    backend: nnBackend().name,
    days,
    startDay: start,
  };
  const grad64 = gradStepMs([64, 64], 30);
  const grad256 = gradStepMs([256, 256], 15);
  out.gradientStepMs = { quick64x64: grad64, paper256x256: grad256, batch: 256, agents: 5 };

  const t0 = performance.now();
  const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, days, start), seed);
  out.scenarioSeconds = (performance.now() - t0) / 1000;
  const env = new CityEnv(sc);
  const t1 = performance.now();
  const rule = runEpisode(env, rulePolicyFor(env), seed);
  out.envOnlyStepsPerSecond = rule.steps / ((performance.now() - t1) / 1000);

  // Training loop rate on a short run (1 window of 1 day, quick networks, learning from step 256).
  const short: CityTrainingProfile = {
    ...CITY_TRAINING_PROFILES.quick,
    windowDays: 1,
    windowStartDays: [start],
    training: {
      ...CITY_TRAINING_PROFILES.quick.training,
      episodes: 3,
      maxEpisodeSteps: 96,
      warmupSteps: 256,
    },
  };
  const tr = await trainCityMaddpg({
    profile: short,
    rewardWeights: EQUAL_REWARD_WEIGHTS,
    trainSeed: seed + 1,
  });
  out.trainingShortRun = {
    envSteps: tr.envSteps,
    gradientSteps: tr.curve.gradientSteps,
    envStepsPerSecond: tr.envStepsPerSecond,
    envShareOfTrainingTime: tr.envSeconds / tr.trainSeconds,
  };

  const perStrategy: Record<string, unknown> = {};
  for (const s of CITY_STRATEGIES) {
    const r = await runCityStrategyEpisode(s, env, seed, { trained: tr });
    perStrategy[s] = {
      episodeSeconds: r.episodeSeconds,
      stepsPerSecond: r.result.steps / r.episodeSeconds,
      latencyMs: r.latency,
      fullYearEvaluationSecondsEstimate: (r.episodeSeconds * 365) / days,
      details: r.details,
    };
  }
  out.strategies = perStrategy;

  // Paper profile estimate: per env step = env step + 5 actor forwards (~ env-only rate) + 1 gradient
  // step at 256-256; plus scenario generation (measured per window here, scaled by window length).
  const paper = CITY_TRAINING_PROFILES.paper;
  const paperSteps = paper.training.episodes! * paper.training.maxEpisodeSteps!;
  const envStepS = 1 / (out.envOnlyStepsPerSecond as number);
  const estimate = (steps: number, gradMs: number, gradsPerStep: number) =>
    steps * (envStepS + (gradsPerStep * gradMs) / 1000);
  out.paperProfileEstimate = {
    envSteps: paperSteps,
    hours: estimate(paperSteps, grad256.median, 1) / 3600,
    note: "env-only step time + one 256-256 gradient step per env step; scenario generation of 12 windows excluded",
  };
  const q = CITY_TRAINING_PROFILES.quick;
  const qSteps = q.training.episodes! * q.training.maxEpisodeSteps!;
  out.quickProfileEstimateMinutes = estimate(qSteps, grad64.median, 1) / 60;
  if (quickTrain) {
    const tq = performance.now();
    const r = await trainCityMaddpg({ profile: q, rewardWeights: EQUAL_REWARD_WEIGHTS, trainSeed: 1001 });
    out.quickTrainingCold = {
      wallMinutes: (performance.now() - tq) / 60000,
      trainMinutes: r.trainSeconds / 60,
      scenarioMinutes: r.scenarioSeconds / 60,
      envSteps: r.envSteps,
      gradientSteps: r.curve.gradientSteps,
      envStepsPerSecond: r.envStepsPerSecond,
      episodeReward: Array.from(r.curve.episodeReward, (x) => Math.round(x * 10) / 10),
    };
  }
  out.machine = machine();
  console.log(JSON.stringify(out, null, 1));
}
main();
