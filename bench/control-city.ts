/**
 * The city's MADDPG training costs and the five strategies' costs (ADR 0701, 0702), JSON on stdout:
 *  - trainingThroughput (always): MADDPG training on the ci window (1 day from day 2 of the training
 *    seed's city) with the city's own settings (data/control/s000-maddpg.yaml): env steps per second WITH
 *    their gradient steps (gradientStepsPerEnvStep each), over the learning phase (episodes after the
 *    warm-up, no held-out evaluation) and for the ci profile exactly as it trains (warm-up, held-out
 *    evaluation after every episode included); one gradient step of the five agents at the settings'
 *    sizes; the quick and paper budgets' training time estimated from the learning-phase rate;
 *  - with --strategies [days=7]: per strategy one evaluation window of `days` days (decision latency,
 *    episode wall time, full-year extrapolation), the env alone under the rule policy;
 *  - with --quick-train: the quick profile trained cold (no cache), its wall time.
 *   npx tsx bench/control-city.ts [--strategies [days]] [--quick-train] [--episodes 6]
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
  S000_MADDPG,
  S000_MADDPG_SETTINGS_FILE,
  trainCityMaddpg,
} from "../lib/papers/s000/agents/cityTraining";
import { CityEnv } from "../lib/papers/s000/env/cityEnv";
import { rulePolicyFor, runEpisode } from "../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../lib/papers/s000/world/cityConfig";
import { generateScenario } from "../lib/papers/s000/world/scenario";
import { machine, summarise } from "./util";

function gradStepMs(hidden: number[], runs: number, batch: number): ReturnType<typeof summarise> {
  const agent = new Maddpg(
    CITY_AGENT_SPECS,
    { actorHidden: hidden, criticHidden: hidden, batchSize: batch },
    1,
  );
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
  for (let w = 0; w < 20; w++) agent.update(buf.sample(batch, sr));
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    agent.update(buf.sample(batch, sr));
    ms.push(performance.now() - t0);
  }
  return summarise(ms);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Training throughput on the ci window with the city's settings. */
async function trainingThroughput(seed: number, episodes: number) {
  const ci = CITY_TRAINING_PROFILES.ci;
  const settings = S000_MADDPG.settings;
  // the learning phase: the ci window, `episodes` episodes, no held-out evaluation (budget changed only)
  const steady: CityTrainingProfile = {
    ...ci,
    heldOut: undefined,
    training: { ...ci.training, episodes, warmupSteps: settings.batchSize },
  };
  const stamps: number[] = [];
  const tr = await trainCityMaddpg({
    profile: steady,
    rewardWeights: EQUAL_REWARD_WEIGHTS,
    trainSeed: seed,
    onEpisode: () => stamps.push(performance.now()),
    progress: null,
  });
  const perEpisodeS = stamps.slice(1).map((t, i) => (t - stamps[i]) / 1000);
  const stepsPerEpisode = ci.training.maxEpisodeSteps!;
  const g = tr.curve.gradientSteps / Math.max(1, tr.envSteps - settings.batchSize);
  const learnRate = summarise(perEpisodeS.map((s) => stepsPerEpisode / s));
  // the ci profile exactly as it trains (warm-up share, held-out evaluation after every episode)
  const t0 = performance.now();
  const asIs = await trainCityMaddpg({
    profile: ci,
    rewardWeights: EQUAL_REWARD_WEIGHTS,
    trainSeed: seed,
    progress: null,
  });
  const asIsWall = (performance.now() - t0) / 1000;
  const grad = gradStepMs(settings.actorHidden as number[], 40, settings.batchSize);
  const estimate = (name: "quick" | "paper") => {
    const p = CITY_TRAINING_PROFILES[name];
    const steps = p.training.episodes! * p.training.maxEpisodeSteps!;
    return { envSteps: steps, hoursAtLearningRate: steps / learnRate.median / 3600 };
  };
  return {
    settingsFile: S000_MADDPG_SETTINGS_FILE,
    hidden: settings.actorHidden,
    batchSize: settings.batchSize,
    gradientStepsPerEnvStep: settings.gradientStepsPerEnvStep,
    learningPhase: {
      episodes,
      envStepsPerSecond: learnRate,
      gradientStepsPerSecond: learnRate.median * g,
      measuredGradientStepsPerEnvStep: g,
      envShareOfTrainingTime: tr.envSeconds / tr.trainSeconds,
      note: "per-episode wall time after the first episode (warm-up = one batch), env + actors + noise + gradient steps",
    },
    ciProfileAsIs: {
      episodes: asIs.curve.episodeReward.length,
      envSteps: asIs.envSteps,
      gradientSteps: asIs.curve.gradientSteps,
      trainSeconds: asIs.trainSeconds,
      envStepsPerSecond: asIs.envStepsPerSecond,
      wallSecondsWithScenarios: asIsWall,
      heldOutEvaluations: asIs.curve.evalReward?.length ?? 0,
      episodeReward: Array.from(asIs.curve.episodeReward),
      heldOutReward: asIs.curve.evalReward,
      heldOutRuleReward: asIs.heldOutRuleReward,
      stopReason: asIs.curve.stopReason,
    },
    gradientStepMs: grad,
    estimates: { quick: estimate("quick"), paper: estimate("paper") },
  };
}

async function main() {
  const out: Record<string, unknown> = { bench: "control-city", backend: nnBackend().name };
  out.trainingThroughput = await trainingThroughput(4, Number(arg("--episodes") ?? 6));
  if (process.argv.includes("--strategies")) await strategies(out);
  if (process.argv.includes("--quick-train")) {
    const q = CITY_TRAINING_PROFILES.quick;
    const tq = performance.now();
    const r = await trainCityMaddpg({ profile: q, rewardWeights: EQUAL_REWARD_WEIGHTS, trainSeed: 1001 });
    out.quickTrainingCold = {
      wallMinutes: (performance.now() - tq) / 60000,
      trainMinutes: r.trainSeconds / 60,
      scenarioMinutes: r.scenarioSeconds / 60,
      episodes: r.curve.episodeReward.length,
      stopReason: r.curve.stopReason,
      envSteps: r.envSteps,
      gradientSteps: r.curve.gradientSteps,
      envStepsPerSecond: r.envStepsPerSecond,
      episodeReward: Array.from(r.curve.episodeReward, (x) => Math.round(x * 10) / 10),
      ruleReferenceReward: r.ruleReferenceReward,
      heldOutEpisodes: r.curve.evalEpisode,
      heldOutReward: r.curve.evalReward,
      heldOutRuleReward: r.heldOutRuleReward,
    };
  }
  out.machine = machine();
  console.log(JSON.stringify(out, null, 1));
}

async function strategies(out: Record<string, unknown>) {
  const i = process.argv.indexOf("--strategies");
  const days = /^\d+$/.test(process.argv[i + 1] ?? "") ? Number(process.argv[i + 1]) : 7;
  const seed = 3;
  const start = 150;
  out.days = days;
  out.startDay = start;
  const t0 = performance.now();
  const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, days, start), seed);
  out.scenarioSeconds = (performance.now() - t0) / 1000;
  const env = new CityEnv(sc);
  const t1 = performance.now();
  const rule = runEpisode(env, rulePolicyFor(env), seed);
  out.envOnlyStepsPerSecond = rule.steps / ((performance.now() - t1) / 1000);

  // an agent to evaluate: the ci profile (the strategies' costs do not depend on how well it learned)
  const tr = await trainCityMaddpg({
    profile: CITY_TRAINING_PROFILES.ci,
    rewardWeights: EQUAL_REWARD_WEIGHTS,
    trainSeed: seed + 1,
    progress: null,
  });

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
}
main();
