import { ConfigError, requireInRange, requirePositiveInt } from "../core/errors";
import { fmtDuration, fmtInt } from "../core/progress";
import { createRng } from "../core/rng";
import { type MultiAgentEnv, scalariseRewards } from "./env";
import { LatencyLog, timed } from "./latency";
import type { Maddpg, MaddpgConfig } from "./maddpg";
import { ActionNoise, DEFAULT_NOISE, type NoiseConfig, type ScheduleKind, scheduleValue } from "./noise";
import { ReplayBuffer } from "./replayBuffer";

/**
 * A learning-rate schedule as a factor on the configured rate (MaddpgConfig.actorLr / criticLr, times
 * lrScale): 1 at the end of the warm-up, `finalFactor` after `decaySteps` further env steps, by `kind`.
 */
export interface LrSchedule {
  readonly kind: ScheduleKind;
  readonly finalFactor: number;
  readonly decaySteps: number;
}

export const CONSTANT_LR: LrSchedule = { kind: "constant", finalFactor: 1, decaySteps: 1 };

/** The training schedule; the paper leaves all of it open (notes-000 §1.5 "[unspecified]"). */
export interface TrainingConfig {
  /** The budget: episodes at most. */
  readonly episodes: number;
  /** Steps per episode at most (the env may end earlier with done). */
  readonly maxEpisodeSteps: number;
  /** Uniform-random actions for this many env steps before learning starts (TD3 uses 25,000; ours is task-sized). */
  readonly warmupSteps: number;
  /** Gradient steps every `updateEvery` env steps (`gradientSteps` each). */
  readonly updateEvery: number;
  readonly gradientSteps: number;
  readonly noise: NoiseConfig;
  readonly actorLrSchedule: LrSchedule;
  readonly criticLrSchedule: LrSchedule;
  /**
   * Early stopping (needs `TrainingHooks.evaluate`): the policy is evaluated without noise after every
   * `evalEveryEpisodes`-th episode once learning has started; training stops when the evaluation reward
   * has not improved on its best by more than `minImprovement` x |best| for `patienceEpisodes` episodes
   * counted from the later of the best evaluation and the end of the exploration-noise decay (no stop
   * while the noise still decays: on the arbitrage day a patience counted from the best alone stopped a
   * seed in a 67 % local optimum that the rest of the budget would have left, ADR 0701).
   * 0 = no evaluation / no early stopping.
   */
  readonly evalEveryEpisodes: number;
  readonly patienceEpisodes: number;
  readonly minImprovement: number;
}

export const DEFAULT_TRAINING: TrainingConfig = {
  episodes: 100,
  maxEpisodeSteps: 96,
  warmupSteps: 1000,
  updateEvery: 1,
  gradientSteps: 1,
  noise: DEFAULT_NOISE,
  actorLrSchedule: CONSTANT_LR,
  criticLrSchedule: CONSTANT_LR,
  evalEveryEpisodes: 0,
  patienceEpisodes: 0,
  minImprovement: 0,
};

/** Per-episode learning curve (Figs 7(b), 9(e)): weighted reward and every reward term, summed over agents and steps. */
export interface LearningCurve {
  /** One entry per episode run (fewer than the budget when training stopped early). */
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
  /** Episodes of the budget (episodeReward.length is the number run). */
  readonly budgetEpisodes?: number;
  /** "budget": ran every episode; "plateau": the evaluation reward stopped improving (TrainingConfig.patienceEpisodes). */
  readonly stopReason?: "budget" | "plateau";
  /** Held-out evaluations: after episode evalEpisode[k] (0-based) the noise-free policy earned evalReward[k]. */
  readonly evalEpisode?: number[];
  readonly evalReward?: number[];
  /** Episode of the best evaluation (-1: none). */
  readonly bestEvalEpisode?: number;
  /** The reference policy's reward on the same evaluation task (e.g. the rule policy on the held-out windows). */
  readonly evalReferenceReward?: number | null;
}

/** Progress lines of a long training (stderr by default). */
export interface TrainingProgressOptions {
  readonly label: string;
  /** null: silent. Default process.stderr. */
  readonly stream?: NodeJS.WritableStream | null;
  /** At most this many seconds between lines (default 10). */
  readonly intervalS?: number;
  /** No line before this many seconds (default 10: short trainings print nothing). */
  readonly quietS?: number;
  /** Reference reward of episode e's task (e.g. the rule policy on that training window), shown next to it. */
  readonly episodeReference?: (episode: number) => number;
}

export interface TrainingHooks {
  readonly onEpisode?: (episode: number, reward: number) => void;
  /** Noise-free evaluation reward of the current policy (e.g. summed over held-out windows); enables early stopping. */
  readonly evaluate?: (agent: Maddpg) => number;
  /** The reference policy's reward on the evaluation task (recorded in the curve, shown in progress lines). */
  readonly evalReference?: number;
  /** Return the weights of the best evaluation instead of the last ones (default false). */
  readonly restoreBest?: boolean;
  readonly progress?: TrainingProgressOptions;
  /** Wall clock (ms); injectable for tests. */
  readonly now?: () => number;
}

/** Validates a training schedule; errors name the field and the fix. */
export function validateTrainingConfig(t: TrainingConfig): void {
  requirePositiveInt(t.episodes, "TrainingConfig.episodes");
  requirePositiveInt(t.maxEpisodeSteps, "TrainingConfig.maxEpisodeSteps");
  requirePositiveInt(t.updateEvery, "TrainingConfig.updateEvery");
  if (!Number.isInteger(t.gradientSteps) || t.gradientSteps < 0)
    throw new ConfigError(`must be an integer >= 0, got ${t.gradientSteps}`, "TrainingConfig.gradientSteps");
  if (!Number.isInteger(t.warmupSteps) || t.warmupSteps < 0)
    throw new ConfigError(`must be an integer >= 0, got ${t.warmupSteps}`, "TrainingConfig.warmupSteps");
  for (const [name, s] of [
    ["actorLrSchedule", t.actorLrSchedule],
    ["criticLrSchedule", t.criticLrSchedule],
  ] as const) {
    if (!(s.finalFactor > 0) || !Number.isFinite(s.finalFactor))
      throw new ConfigError(
        `finalFactor must be > 0, got ${s.finalFactor}`,
        `TrainingConfig.${name}.finalFactor`,
        "a learning rate that decays to 0 or below stops (or reverses) learning: use a positive floor",
      );
    requirePositiveInt(s.decaySteps, `TrainingConfig.${name}.decaySteps`);
  }
  for (const k of ["evalEveryEpisodes", "patienceEpisodes"] as const)
    if (!Number.isInteger(t[k]) || t[k] < 0)
      throw new ConfigError(`must be an integer >= 0, got ${t[k]}`, `TrainingConfig.${k}`);
  requireInRange(t.minImprovement, 0, 1, "TrainingConfig.minImprovement");
}

class TrainingProgress {
  private last: number;
  private readonly start: number;
  private readonly stream: NodeJS.WritableStream | null;

  constructor(
    private readonly opts: TrainingProgressOptions,
    private readonly totalSteps: number,
    private readonly episodes: number,
    private readonly now: () => number,
  ) {
    this.start = now();
    this.last = this.start;
    this.stream = opts.stream === undefined ? process.stderr : opts.stream;
  }

  maybe(line: () => string): void {
    if (!this.stream) return;
    const t = this.now();
    const quiet = (this.opts.quietS ?? 10) * 1000;
    if (t - this.start < quiet || t - this.last < (this.opts.intervalS ?? 10) * 1000) return;
    this.last = t;
    this.stream.write(`${line()}\n`);
  }

  final(text: string): void {
    if (this.stream && this.last > this.start) this.stream.write(`${text}\n`);
  }

  /** "label ep 12/300 | reward -1.2 (rule -1.4) | held-out -1.1 (rule -1.3) | 1,234 steps/s | ETA 5m10s" */
  line(
    episode: number,
    steps: number,
    lastReward: number | null,
    evalReward: number | null,
    evalRef?: number,
  ) {
    const elapsed = Math.max(1e-9, (this.now() - this.start) / 1000);
    const rate = steps / elapsed;
    const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(4));
    const parts = [`${this.opts.label} ep ${episode}/${this.episodes}`];
    if (lastReward !== null) {
      const ref = this.opts.episodeReference?.(episode - 1);
      parts.push(`last ep reward ${f(lastReward)}${ref === undefined ? "" : ` (rule ${f(ref)})`}`);
    }
    if (evalReward !== null)
      parts.push(`held-out ${f(evalReward)}${evalRef === undefined ? "" : ` (rule ${f(evalRef)})`}`);
    const frac = Math.min(1, steps / Math.max(1, this.totalSteps));
    const eta = frac > 0 && frac < 1 ? ` ETA ${fmtDuration((elapsed * (1 - frac)) / frac)}` : "";
    parts.push(`${fmtInt(rate)} steps/s${eta} (budget; may stop earlier)`);
    return parts.join(" | ");
  }
}

/**
 * Trains `agent` on `env` with rewards r_i = weights . terms_i. Episode e is reset with a seed drawn
 * from (seed, "episode", e); exploration and replay sampling have their own streams of `seed`.
 * Learning rates and exploration sigma follow their schedules, counted in env steps after the warm-up.
 * Stops after `episodes` or, with `hooks.evaluate`, when the evaluation reward stops improving.
 */
export function trainMaddpg(
  env: MultiAgentEnv,
  agent: Maddpg,
  rewardWeights: ArrayLike<number>,
  training: Partial<TrainingConfig>,
  seed: number,
  hooks: TrainingHooks | ((episode: number, reward: number) => void) = {},
): LearningCurve {
  const h: TrainingHooks = typeof hooks === "function" ? { onEpisode: hooks } : hooks;
  const t: TrainingConfig = { ...DEFAULT_TRAINING, ...training };
  validateTrainingConfig(t);
  if (rewardWeights.length !== env.rewardTermNames.length) {
    throw new ConfigError(
      `${rewardWeights.length} weights for ${env.rewardTermNames.length} reward terms (${env.rewardTermNames.join(", ")})`,
      "trainMaddpg(rewardWeights)",
    );
  }
  const now = h.now ?? (() => performance.now());
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
  const episodeReward = new Float64Array(t.episodes);
  const agentReward = env.agents.map(() => new Float64Array(t.episodes));
  const termTotals = env.rewardTermNames.map(() => new Float64Array(t.episodes));
  const evalEpisode: number[] = [];
  const evalReward: number[] = [];
  const evaluating = h.evaluate !== undefined && t.evalEveryEpisodes > 0;
  let best = Number.NEGATIVE_INFINITY;
  let bestEpisode = -1;
  let bestSnapshot: ReturnType<Maddpg["snapshot"]> | null = null;
  let stopReason: "budget" | "plateau" = "budget";
  const progress = h.progress
    ? new TrainingProgress(h.progress, t.episodes * t.maxEpisodeSteps, t.episodes, now)
    : null;
  const t0 = process.hrtime.bigint();
  let steps = 0;
  let grads = 0;
  let episodesRun = 0;
  const rewards = new Float64Array(n);
  const setLr = (learnStep: number) => {
    const a = t.actorLrSchedule;
    const c = t.criticLrSchedule;
    agent.setLrFactors(
      scheduleValue(a.kind, 1, a.finalFactor, learnStep, a.decaySteps),
      scheduleValue(c.kind, 1, c.finalFactor, learnStep, c.decaySteps),
    );
  };
  setLr(0);
  const n0 = t.noise;
  const noiseEndStep =
    t.warmupSteps +
    ((n0.schedule ?? "linear") === "constant" || n0.sigma === n0.sigmaFinal ? 0 : n0.decaySteps);
  let noiseEndEpisode = -1;
  const lastEval = () => (evalReward.length ? evalReward[evalReward.length - 1] : null);
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
        agentReward[i][e] += rewards[i];
        episodeReward[e] += rewards[i];
        for (let k = 0; k < nTerms; k++) termTotals[k][e] += res.rewardTerms[i][k];
      }
      steps++;
      if (steps >= t.warmupSteps && buffer.size >= cfg.batchSize && steps % t.updateEvery === 0) {
        setLr(steps - t.warmupSteps);
        for (let g = 0; g < t.gradientSteps; g++) {
          agent.update(buffer.sample(cfg.batchSize, sampleRng));
          grads++;
        }
      }
      obs = res.observations;
      progress?.maybe(() =>
        progress.line(e, steps, e > 0 ? episodeReward[e - 1] : null, lastEval(), h.evalReference),
      );
      if (last) break;
    }
    episodesRun = e + 1;
    if (noiseEndEpisode < 0 && steps >= noiseEndStep) noiseEndEpisode = e;
    h.onEpisode?.(e, episodeReward[e]);
    if (evaluating && grads > 0 && (e + 1) % t.evalEveryEpisodes === 0) {
      const v = h.evaluate!(agent);
      evalEpisode.push(e);
      evalReward.push(v);
      if (bestEpisode < 0 || v > best + t.minImprovement * Math.abs(best)) {
        best = v;
        bestEpisode = e;
        if (h.restoreBest) bestSnapshot = agent.snapshot();
      } else if (
        t.patienceEpisodes > 0 &&
        noiseEndEpisode >= 0 &&
        e - Math.max(bestEpisode, noiseEndEpisode) >= t.patienceEpisodes &&
        e < t.episodes - 1
      ) {
        stopReason = "plateau";
        break;
      }
    }
    progress?.maybe(() => progress.line(e + 1, steps, episodeReward[e], lastEval(), h.evalReference));
  }
  if (h.restoreBest && bestSnapshot) agent.restore(bestSnapshot);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  progress?.final(
    `${h.progress!.label} stopped (${stopReason}) after ${episodesRun}/${t.episodes} episodes, ${fmtInt(steps)} env steps, ${fmtInt(grads)} gradient steps in ${fmtDuration(wallSeconds)}`,
  );
  return {
    episodeReward: episodeReward.slice(0, episodesRun),
    agentReward: agentReward.map((a) => a.slice(0, episodesRun)),
    termTotals: termTotals.map((a) => a.slice(0, episodesRun)),
    termNames: env.rewardTermNames,
    envSteps: steps,
    gradientSteps: grads,
    wallSeconds,
    backend: agent.backend,
    budgetEpisodes: t.episodes,
    stopReason,
    evalEpisode,
    evalReward,
    bestEvalEpisode: bestEpisode,
    evalReferenceReward: h.evalReference ?? null,
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
