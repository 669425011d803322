import { LatencyLog } from "../../../control/latency";
import { loadLpSolver } from "../../../control/mpc";
import type { Cache } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import type { CityEnv } from "../env/cityEnv";
import type { CityPolicy } from "../env/rulePolicy";
import { type EpisodeOptions, type EpisodeResult, runEpisode } from "../env/runEpisode";
import { type CityGaEmsConfig, createGaEmsCityPolicy } from "./cityGaEms";
import { maddpgCityPolicy } from "./cityMaddpg";
import { type CityMpcConfig, createMpcCityPolicy } from "./cityMpc";
import {
  type CityBtOnlyConfig,
  type CityRbemsConfig,
  createBtOnlyCityPolicy,
  createRbemsCityPolicy,
  DEFAULT_CITY_BT_ONLY,
  DEFAULT_CITY_RBEMS,
  type LatencyStats,
  latencyStats,
  timedPolicy,
} from "./cityPolicies";
import {
  CITY_TRAINING_PROFILES,
  type CityTrainingProfile,
  EQUAL_REWARD_WEIGHTS,
  type TrainedCityAgent,
  trainCityMaddpg,
} from "./cityTraining";

/**
 * The five strategies of seed 000's comparison (notes-000 §2, Fig. 4a), all acting on the same
 * entity-level city env through the same actions:
 *  - RBEMS: threshold rules (lib/control rbems.ts thresholds: charge on surplus or price <= 60 USD/MWh,
 *    discharge on price >= 120 or on deficit, SOC window 20-90 %), DR 50 % of the flexible load in
 *    the peak tariff band, EVs charge only what their deadline requires in the peak band; no P2P
 *    market (a conventional EMS; `rbems.p2p` opens it with BT-Only's bidding).
 *  - MPC: centralised receding-horizon LP with HiGHS, perfect forecasts, 24 h horizon re-planned
 *    hourly; battery and grid exchange only (no P2P, no DR, uncontrolled EVs): cityMpc.ts.
 *  - GA-EMS: day-ahead GA over the hourly battery and DR schedule on a fast aggregate: cityGaEms.ts.
 *  - BT-Only: the P2P market with fixed, non-learning bidding (cityPolicies.ts fixedBidding) and a
 *    self-consumption battery rule (charge with the surplus, discharge to cover the deficit, SOC
 *    20-90 %); no DR, uncontrolled EVs.
 *  - MADRL-MOO: MADDPG trained on a training seed (cityTraining.ts, cached), evaluated here
 *    deterministically on the episode's seed; reward weights an input (equal by default).
 * Every decision is timed (the policy call only, not the env step) for Fig. 6(f).
 */
export const CITY_STRATEGIES = ["RBEMS", "MPC", "GA-EMS", "BT-Only", "MADRL-MOO"] as const;
export type CityStrategy = (typeof CITY_STRATEGIES)[number];

export interface CityStrategyOptions {
  readonly rbems?: CityRbemsConfig;
  readonly btOnly?: CityBtOnlyConfig;
  readonly mpc?: Partial<CityMpcConfig>;
  readonly gaEms?: Partial<CityGaEmsConfig>;
  /** MADRL-MOO: a training profile name or a profile (default "quick"). */
  readonly trainingProfile?: keyof typeof CITY_TRAINING_PROFILES | CityTrainingProfile;
  /** MADRL-MOO reward weights over (econ, renew, stability, carbon, fairness); default equal (NSGA-II's compromise goes here). */
  readonly rewardWeights?: readonly number[];
  /** MADRL-MOO term scaling (cityTraining.ts): "rule" (default, for equal weights) or "raw" (for lib/papers/s000/env chosenRewardWeights). */
  readonly rewardScaling?: "rule" | "raw";
  /** MADRL-MOO training seed; default episode seed + 1 (must differ from the evaluation seed). */
  readonly trainSeed?: number;
  /** A trained agent to evaluate instead of training (or loading from the cache). */
  readonly trained?: TrainedCityAgent;
  /** Where MADRL-MOO's checkpoint and curves are cached (none: train in memory). */
  readonly cache?: Cache;
  readonly onTrainingEpisode?: (episode: number, reward: number) => void;
  readonly episode?: EpisodeOptions;
}

export interface CityStrategyRun {
  readonly strategy: CityStrategy;
  readonly seed: number;
  readonly result: EpisodeResult;
  /** Per-step decision latency (ms). */
  readonly latency: LatencyStats;
  /** Wall clock of the whole evaluation episode (s), decisions and env steps. */
  readonly episodeSeconds: number;
  /** Strategy-specific extras: LP solve or GA planning times, training summary. */
  readonly details: Record<string, unknown>;
}

function quantiles(ms: readonly number[]): { count: number; meanMs: number; p50Ms: number; p95Ms: number } {
  const v = Float64Array.from(ms).sort();
  const n = v.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i];
  const q = (p: number) => (n ? v[Math.min(n - 1, Math.floor(p * n))] : Number.NaN);
  return { count: n, meanMs: n ? s / n : Number.NaN, p50Ms: q(0.5), p95Ms: q(0.95) };
}

/** Runs one evaluation episode of `strategy` on `env` from reset(seed). */
export async function runCityStrategyEpisode(
  strategy: CityStrategy,
  env: CityEnv,
  seed: number,
  opts: CityStrategyOptions = {},
): Promise<CityStrategyRun> {
  env.reset(seed); // the city of `seed` first: policies size their buffers by its entity count
  let policy: CityPolicy;
  let details: () => Record<string, unknown> = () => ({});
  switch (strategy) {
    case "RBEMS":
      policy = createRbemsCityPolicy(env, opts.rbems ?? DEFAULT_CITY_RBEMS);
      break;
    case "BT-Only":
      policy = createBtOnlyCityPolicy(env, opts.btOnly ?? DEFAULT_CITY_BT_ONLY);
      break;
    case "MPC": {
      const m = createMpcCityPolicy(env, await loadLpSolver(), opts.mpc);
      policy = m.policy;
      details = () => ({ lpSolves: m.solves(), lpSolveMs: quantiles(m.solveMs) });
      break;
    }
    case "GA-EMS": {
      const g = createGaEmsCityPolicy(env, opts.gaEms);
      policy = g.policy;
      details = () => ({ gaRuns: g.planMs.length, gaPlanMs: quantiles(g.planMs) });
      break;
    }
    case "MADRL-MOO": {
      const trainSeed = opts.trainSeed ?? seed + 1;
      if (trainSeed === seed)
        throw new ConfigError(
          `training seed ${trainSeed} equals the evaluation seed`,
          "CityStrategyOptions.trainSeed",
          "train on a different seed than the one evaluated",
        );
      const prof = opts.trainingProfile ?? "quick";
      const trained =
        opts.trained ??
        (await trainCityMaddpg({
          profile: typeof prof === "string" ? CITY_TRAINING_PROFILES[prof] : prof,
          rewardWeights: opts.rewardWeights ?? EQUAL_REWARD_WEIGHTS,
          rewardScaling: opts.rewardScaling,
          trainSeed,
          cityConfig: env.config,
          envOptions: env.options,
          cache: opts.cache,
          onEpisode: opts.onTrainingEpisode,
        }));
      policy = maddpgCityPolicy(trained.agent, env.entityCount);
      details = () => ({
        trainSeed,
        cacheHit: trained.cacheHit,
        trainSeconds: trained.trainSeconds,
        envStepsPerSecond: trained.envStepsPerSecond,
        episodes: trained.curve.episodeReward.length,
        finalEpisodeReward: trained.curve.episodeReward[trained.curve.episodeReward.length - 1],
        backend: trained.curve.backend,
      });
      break;
    }
    default:
      throw new ConfigError(
        `unknown strategy "${strategy}"`,
        "strategy",
        `one of ${CITY_STRATEGIES.join(", ")}`,
      );
  }
  const log = new LatencyLog();
  const t0 = performance.now();
  const result = runEpisode(env, timedPolicy(policy, log), seed, opts.episode);
  const episodeSeconds = (performance.now() - t0) / 1000;
  return { strategy, seed, result, latency: latencyStats(log), episodeSeconds, details: details() };
}
