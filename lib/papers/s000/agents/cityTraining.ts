import { Maddpg, type MaddpgConfig } from "../../../control/maddpg";
import { DEFAULT_NOISE } from "../../../control/noise";
import { type LearningCurve, type TrainingConfig, trainMaddpg } from "../../../control/train";
import { type Cache, filesCodec } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import { moduleFingerprint } from "../../../core/fingerprint";
import { nnBackend } from "../../../nn/gemm";
import { AGENT_IDS, REWARD_TERM_COUNT, REWARD_TERMS } from "../env/agents";
import { CityEnv, type CityEnvOptions } from "../env/cityEnv";
import { runEpisode } from "../env/runEpisode";
import { type CityConfig, DEFAULT_CITY_CONFIG, withHorizon } from "../world/cityConfig";
import { generateScenario } from "../world/scenario";
import { CITY_AGENT_SPECS, CityMaddpgEnv, rewardScalesOf, scalePolicyFor } from "./cityMaddpg";

/**
 * MADRL-MOO training on the entity-level city (notes-000 §1.5), cached.
 *
 * Training windows: `windowDays`-day windows of the TRAINING seed's city starting at `windowStartDays`
 * (spread over the year so every season is seen); episodes cycle through them. Evaluation runs on
 * another seed (cityStrategies.ts). MADDPG keeps the paper's values (actor lr 1e-4, critic lr 1e-3,
 * gamma 0.99, tau 0.005, batch 256, buffer 1e6); network sizes, episode count and length, warm-up
 * and update cadence are ours, per profile:
 *  - ci:    1 window of 1 day, 2 episodes, 32-32 networks, batch 64 (a smoke run: it does not learn);
 *  - quick: 4 windows of 7 days (days 14, 105, 196, 287), 24 episodes (16,128 env steps), 64-64
 *           networks, batch 256, 1 gradient step per env step after 2,000 warm-up steps;
 *  - paper: 12 windows of 14 days (one per month), 300 episodes (403,200 env steps), 256-256 networks
 *           (ADR 0700 sizes), 1 gradient step per env step. Its wall time is estimated by the bench.
 * Plain MADDPG (no TD3 pieces) by default, as the paper states; `maddpg.twinCritics` etc. switch them on.
 * Exploration: Gaussian sigma 0.1 (lib/control DEFAULT_NOISE).
 */
export interface CityTrainingProfile {
  readonly windowDays: number;
  readonly windowStartDays: readonly number[];
  readonly training: Partial<TrainingConfig>;
  readonly maddpg: Partial<MaddpgConfig>;
}

export const CITY_TRAINING_PROFILES: Readonly<Record<"ci" | "quick" | "paper", CityTrainingProfile>> = {
  ci: {
    windowDays: 1,
    windowStartDays: [2],
    training: { episodes: 2, maxEpisodeSteps: 96, warmupSteps: 64, updateEvery: 4, gradientSteps: 1 },
    maddpg: { actorHidden: [32, 32], criticHidden: [32, 32], batchSize: 64, bufferSize: 10_000 },
  },
  quick: {
    windowDays: 7,
    windowStartDays: [14, 105, 196, 287],
    training: { episodes: 24, maxEpisodeSteps: 7 * 96, warmupSteps: 2000, updateEvery: 1, gradientSteps: 1 },
    maddpg: { actorHidden: [64, 64], criticHidden: [64, 64] },
  },
  paper: {
    windowDays: 14,
    windowStartDays: [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
    training: {
      episodes: 300,
      maxEpisodeSteps: 14 * 96,
      warmupSteps: 10_000,
      updateEvery: 1,
      gradientSteps: 1,
    },
    maddpg: {},
  },
};

/** Equal weights over (econ, renew, stability, carbon, fairness): the default until NSGA-II's compromise is passed in. */
export const EQUAL_REWARD_WEIGHTS: readonly number[] = Array(REWARD_TERM_COUNT).fill(1 / REWARD_TERM_COUNT);

export interface CityTrainingOptions {
  readonly profile: CityTrainingProfile;
  readonly rewardWeights: readonly number[];
  /**
   * How the per-step terms are scaled before the weights apply. "rule" (default): each agent's term
   * divided by its mean |term| under the rule policy (equal weights then mean equal importance).
   * "raw": the env's terms as they are; use it with weights that already carry the units, e.g. lib/papers/s000/env
   * chosenRewardWeights (NSGA-II's compromise, w_k proportional to preference / front range, "apply to
   * the env's per-step terms").
   */
  readonly rewardScaling?: "rule" | "raw";
  readonly trainSeed: number;
  /** The city trained on (its horizon is replaced by the profile's windows); default DEFAULT_CITY_CONFIG. */
  readonly cityConfig?: CityConfig;
  /** Env options of the training windows (must match the evaluation env's for a meaningful policy). */
  readonly envOptions?: Partial<CityEnvOptions>;
  readonly cache?: Cache;
  readonly onEpisode?: (episode: number, reward: number) => void;
}

/** What training produced: the agent, its curve and the measured costs. */
export interface TrainedCityAgent {
  readonly agent: Maddpg;
  readonly rewardScales: Float64Array[];
  readonly curve: LearningCurve;
  /** Wall time of training (s), scenario generation and the reference runs excluded; and the env's share of it. */
  readonly trainSeconds: number;
  readonly envSeconds: number;
  readonly envSteps: number;
  /** Env steps per second of the whole training loop (env + actors + gradient steps). */
  readonly envStepsPerSecond: number;
  readonly scenarioSeconds: number;
  /**
   * The fixed rule policy's (lib/papers/s000/env rulePolicy) episode reward on each training window, with the
   * same normalisation and weights: the reference line for the learning curve (episode e runs
   * window e mod windows).
   */
  readonly ruleReferenceReward: number[];
  readonly cacheHit: boolean;
}

interface Meta {
  rewardScales: number[][];
  curve: Omit<LearningCurve, "episodeReward" | "agentReward" | "termTotals"> & {
    episodeReward: number[];
    agentReward: number[][];
    termTotals: number[][];
  };
  trainSeconds: number;
  envSeconds: number;
  envSteps: number;
  scenarioSeconds: number;
  ruleReferenceReward: number[];
  networks: string[];
}

function validateWeights(w: readonly number[]): void {
  if (w.length !== REWARD_TERM_COUNT || w.some((x) => !(x >= 0) || !Number.isFinite(x)))
    throw new ConfigError(
      `needs ${REWARD_TERM_COUNT} finite weights >= 0 (${REWARD_TERMS.join(", ")}), got [${w.join(", ")}]`,
      "rewardWeights",
    );
}

/** Trains (or loads from the cache) the city's MADDPG agents. */
export async function trainCityMaddpg(opts: CityTrainingOptions): Promise<TrainedCityAgent> {
  validateWeights(opts.rewardWeights);
  const p = opts.profile;
  const city = opts.cityConfig ?? DEFAULT_CITY_CONFIG;
  const build = () => new Maddpg(CITY_AGENT_SPECS, p.maddpg, opts.trainSeed);
  const compute = (): Record<string, Uint8Array> => {
    const t0 = performance.now();
    const envs = p.windowStartDays.map(
      (d) =>
        new CityEnv(generateScenario(withHorizon(city, p.windowDays, d), opts.trainSeed), opts.envOptions),
    );
    const scales =
      (opts.rewardScaling ?? "rule") === "rule"
        ? rewardScalesOf(envs[0], scalePolicyFor(envs[0]))
        : AGENT_IDS.map(() => new Float64Array(REWARD_TERM_COUNT).fill(1));
    const ruleReferenceReward = envs.map((e) => {
      let total = 0;
      runEpisode(e, scalePolicyFor(e), e.scenario.seed, {
        onStep: (st) => {
          AGENT_IDS.forEach((id, i) => {
            const r = st.rewardTerms[id];
            for (let k = 0; k < REWARD_TERM_COUNT; k++)
              total += (opts.rewardWeights[k] * r[k]) / scales[i][k];
          });
        },
      });
      return total;
    });
    const scenarioSeconds = (performance.now() - t0) / 1000;
    const menv = new CityMaddpgEnv(envs, scales);
    const agent = build();
    const curve = trainMaddpg(
      menv,
      agent,
      opts.rewardWeights,
      { noise: DEFAULT_NOISE, ...p.training },
      opts.trainSeed,
      opts.onEpisode,
    );
    const snap = agent.snapshot();
    const meta: Meta = {
      rewardScales: scales.map((s) => Array.from(s)),
      curve: {
        ...curve,
        episodeReward: Array.from(curve.episodeReward),
        agentReward: curve.agentReward.map((a) => Array.from(a)),
        termTotals: curve.termTotals.map((a) => Array.from(a)),
      },
      trainSeconds: curve.wallSeconds,
      envSeconds: menv.envStepMs / 1000,
      envSteps: menv.envSteps,
      scenarioSeconds,
      ruleReferenceReward,
      networks: snap.map((s) => s.name),
    };
    const files: Record<string, Uint8Array> = {
      "meta.json": Buffer.from(JSON.stringify(meta), "utf8"),
    };
    snap.forEach((s, i) => {
      files[`net${String(i).padStart(3, "0")}`] = new Uint8Array(s.params.buffer.slice(0));
    });
    return files;
  };
  let files: Record<string, Uint8Array>;
  let hit = false;
  if (opts.cache) {
    const parts = {
      component: "control.maddpg-city",
      version: moduleFingerprint(__filename),
      params: {
        profile: p,
        rewardWeights: opts.rewardWeights,
        rewardScaling: opts.rewardScaling ?? "rule",
        city: withHorizon(city, 1, 0),
        envOptions: opts.envOptions ?? null,
        backend: nnBackend().name,
      },
      seed: opts.trainSeed,
    };
    const r = await opts.cache.getOrCompute(parts, filesCodec, compute);
    files = r.value;
    hit = r.hit;
  } else files = compute();
  const meta = JSON.parse(Buffer.from(files["meta.json"]).toString("utf8")) as Meta;
  const agent = build();
  agent.restore(
    meta.networks.map((name, i) => {
      const b = files[`net${String(i).padStart(3, "0")}`];
      return { name, params: new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)) };
    }),
  );
  const c = meta.curve;
  const curve: LearningCurve = {
    ...c,
    episodeReward: Float64Array.from(c.episodeReward),
    agentReward: c.agentReward.map((a) => Float64Array.from(a)),
    termTotals: c.termTotals.map((a) => Float64Array.from(a)),
  };
  return {
    agent,
    rewardScales: meta.rewardScales.map((s) => Float64Array.from(s)),
    curve,
    trainSeconds: meta.trainSeconds,
    envSeconds: meta.envSeconds,
    envSteps: meta.envSteps,
    envStepsPerSecond: meta.envSteps / Math.max(1e-9, meta.trainSeconds),
    scenarioSeconds: meta.scenarioSeconds,
    ruleReferenceReward: meta.ruleReferenceReward,
    cacheHit: hit,
  };
}
