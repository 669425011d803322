import { ConfigError, requirePositiveInt } from "../core/errors";
import { createRng } from "../core/rng";
import { type MultiAgentEnv, scalariseRewards } from "./env";
import { LatencyLog, timed } from "./latency";
import type { Maddpg, MaddpgConfig } from "./maddpg";
import { ActionNoise, DEFAULT_NOISE, type NoiseConfig } from "./noise";
import { ReplayBuffer } from "./replayBuffer";

/** The training schedule; the paper leaves all of it open (notes-000 §1.5 "[unspecified]"). */
export interface TrainingConfig {
  readonly episodes: number;
  /** Steps per episode at most (the env may end earlier with done). */
  readonly maxEpisodeSteps: number;
  /** Uniform-random actions for this many env steps before learning starts (TD3 uses 25,000; ours is task-sized). */
  readonly warmupSteps: number;
  /** Gradient steps every `updateEvery` env steps (`gradientSteps` each). */
  readonly updateEvery: number;
  readonly gradientSteps: number;
  readonly noise: NoiseConfig;
}

export const DEFAULT_TRAINING: TrainingConfig = {
  episodes: 100,
  maxEpisodeSteps: 96,
  warmupSteps: 1000,
  updateEvery: 1,
  gradientSteps: 1,
  noise: DEFAULT_NOISE,
};

/** Per-episode learning curve (Figs 7(b), 9(e)): weighted reward and every reward term, summed over agents and steps. */
export interface LearningCurve {
  readonly episodeReward: Float64Array;
  /** [agent][episode] weighted reward. */
  readonly agentReward: Float64Array[];
  /** [term][episode], summed over agents. */
  readonly termTotals: Float64Array[];
  readonly termNames: readonly string[];
  readonly envSteps: number;
  readonly gradientSteps: number;
  readonly wallSeconds: number;
  /** GEMM backend the networks ran on. */
  readonly backend: string;
}

/**
 * Trains `agent` on `env` with rewards r_i = weights . terms_i. Episode e is reset with a seed drawn
 * from (seed, "episode", e); exploration and replay sampling have their own streams of `seed`.
 */
export function trainMaddpg(
  env: MultiAgentEnv,
  agent: Maddpg,
  rewardWeights: ArrayLike<number>,
  training: Partial<TrainingConfig>,
  seed: number,
  onEpisode?: (episode: number, reward: number) => void,
): LearningCurve {
  const t = { ...DEFAULT_TRAINING, ...training };
  requirePositiveInt(t.episodes, "TrainingConfig.episodes");
  requirePositiveInt(t.maxEpisodeSteps, "TrainingConfig.maxEpisodeSteps");
  requirePositiveInt(t.updateEvery, "TrainingConfig.updateEvery");
  if (rewardWeights.length !== env.rewardTermNames.length) {
    throw new ConfigError(
      `${rewardWeights.length} weights for ${env.rewardTermNames.length} reward terms (${env.rewardTermNames.join(", ")})`,
      "trainMaddpg(rewardWeights)",
    );
  }
  const n = env.agents.length;
  const cfg: MaddpgConfig = agent.config;
  const buffer = new ReplayBuffer(
    env.agents.map((a) => a.observationSize),
    env.agents.map((a) => a.actionSize),
    cfg.bufferSize,
  );
  const sampleRng = createRng(seed, "train", "replay");
  const warmRng = createRng(seed, "train", "warmup");
  const noises = env.agents.map(
    (a, i) => new ActionNoise(t.noise, a.actionSize, createRng(seed, "train", "noise", i)),
  );
  const nTerms = env.rewardTermNames.length;
  const curve: LearningCurve = {
    episodeReward: new Float64Array(t.episodes),
    agentReward: env.agents.map(() => new Float64Array(t.episodes)),
    termTotals: env.rewardTermNames.map(() => new Float64Array(t.episodes)),
    termNames: env.rewardTermNames,
    envSteps: 0,
    gradientSteps: 0,
    wallSeconds: 0,
    backend: agent.backend,
  };
  const t0 = process.hrtime.bigint();
  let steps = 0;
  let grads = 0;
  const rewards = new Float64Array(n);
  for (let e = 0; e < t.episodes; e++) {
    let obs = env.reset(createRng(seed, "episode", e).int(2 ** 31));
    for (const nz of noises) nz.reset();
    for (let s = 0; s < t.maxEpisodeSteps; s++) {
      let actions: Float64Array[];
      if (steps < t.warmupSteps) {
        actions = env.agents.map((a) =>
          Float64Array.from({ length: a.actionSize }, () => warmRng.uniform(-1, 1)),
        );
      } else {
        actions = agent.act(obs);
        for (let i = 0; i < n; i++) noises[i].apply(actions[i], steps - t.warmupSteps);
      }
      const res = env.step(actions);
      scalariseRewards(res.rewardTerms, rewardWeights, rewards);
      const last = res.done || s === t.maxEpisodeSteps - 1;
      buffer.add(obs, actions, rewards, res.observations, res.done && !res.truncated);
      for (let i = 0; i < n; i++) {
        curve.agentReward[i][e] += rewards[i];
        curve.episodeReward[e] += rewards[i];
        for (let k = 0; k < nTerms; k++) curve.termTotals[k][e] += res.rewardTerms[i][k];
      }
      steps++;
      if (steps >= t.warmupSteps && buffer.size >= cfg.batchSize && steps % t.updateEvery === 0) {
        for (let g = 0; g < t.gradientSteps; g++) {
          agent.update(buffer.sample(cfg.batchSize, sampleRng));
          grads++;
        }
      }
      obs = res.observations;
      if (last) break;
    }
    onEpisode?.(e, curve.episodeReward[e]);
  }
  return {
    ...curve,
    envSteps: steps,
    gradientSteps: grads,
    wallSeconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

/** Result of running a policy without exploration. */
export interface EvaluationResult {
  readonly totalReward: number;
  readonly termTotals: Float64Array;
  readonly steps: number;
  readonly latency: ReturnType<LatencyLog["summary"]>;
}

/** Runs the deterministic policy for one episode, timing every decision. */
export function evaluateMaddpg(
  env: MultiAgentEnv,
  agent: Maddpg,
  rewardWeights: ArrayLike<number>,
  seed: number,
  maxSteps: number,
): EvaluationResult {
  const log = new LatencyLog();
  const terms = new Float64Array(env.rewardTermNames.length);
  const rewards = new Float64Array(env.agents.length);
  let total = 0;
  let obs = env.reset(seed);
  let s = 0;
  for (; s < maxSteps; s++) {
    const { value: actions, latencyMs } = timed(() => agent.act(obs));
    log.add(latencyMs);
    const res = env.step(actions);
    scalariseRewards(res.rewardTerms, rewardWeights, rewards);
    for (let i = 0; i < rewards.length; i++) {
      total += rewards[i];
      for (let k = 0; k < terms.length; k++) terms[k] += res.rewardTerms[i][k];
    }
    obs = res.observations;
    if (res.done) {
      s++;
      break;
    }
  }
  return { totalReward: total, termTotals: terms, steps: s, latency: log.summary() };
}
