import { join } from "node:path";
import { z } from "zod";
import { Maddpg, type MaddpgConfig } from "../../../control/maddpg";
import {
  loadMaddpgSettingsFile,
  type MaddpgBudget,
  type MaddpgSettingsFile,
  maddpgBudgetShape,
  resolveMaddpgTraining,
} from "../../../control/maddpgSettings";
import { DEFAULT_NOISE } from "../../../control/noise";
import {
  evaluateMaddpg,
  type LearningCurve,
  type TrainingConfig,
  type TrainingProgressOptions,
  trainMaddpg,
} from "../../../control/train";
import { type Cache, filesCodec } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import { moduleFingerprint } from "../../../core/fingerprint";
import { repoRoot } from "../../../core/paths";
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
 * Hyper-parameters: data/control/s000-maddpg.yaml `settings` (lib/control/maddpgSettings.ts MaddpgSettings),
 * the setting that reaches >= 95 % of the LP optimum on the arbitrage validation day on every seed tried
 * (bench/control-validate.ts, __tests__/control/maddpg.test.ts reads the same file; ADR 0701 "Validated
 * settings"). The profiles differ only in budget (`budgets.<profile>`): episodes, training windows,
 * held-out windows and the stopping patience; warm-up and every schedule are shares of the budget.
 *
 * Training windows: `windowDays`-day windows of the TRAINING seed's city starting at `windowStartDays`
 * (spread over the year so every season is seen); episodes cycle through them. Held-out windows: other
 * days of the same city (`heldOutStartDays`, disjoint from the training windows). After every
 * `evalEveryEpisodes`-th episode the noise-free policy runs every held-out window; training stops when that
 * evaluation reward has not improved for `patienceEpisodes` episodes (or at the budget) and keeps the
 * weights of the best evaluation. The curve records the episode reward, the held-out evaluation reward and
 * the rule policy's reward on the same held-out windows (the reference line); the rule's reward on each
 * training window is `ruleReferenceReward`. Evaluation of the strategy runs on another seed
 * (cityStrategies.ts).
 */
export const S000_MADDPG_SETTINGS_FILE = "data/control/s000-maddpg.yaml";

/** The parsed settings file (hyper-parameters and budgets). */
export const S000_MADDPG: MaddpgSettingsFile = loadMaddpgSettingsFile(
  join(repoRoot(), S000_MADDPG_SETTINGS_FILE),
);

/** Env steps per day of the city (15-min steps). */
const STEPS_PER_DAY = 96;

const cityBudgetShape = {
  ...maddpgBudgetShape,
  windowDays: z.number().int().min(1).max(60),
  windowStartDays: z.array(z.number().int().min(0).max(364)).min(1),
  heldOutWindowDays: z.number().int().min(1).max(60),
  heldOutStartDays: z.array(z.number().int().min(0).max(364)).min(1),
};

const validationBudgetShape = {
  ...maddpgBudgetShape,
  seeds: z.array(z.number().int().min(0)).min(1),
  minShareOfOptimum: z.number().min(0).max(1),
};

/** The arbitrage validation budget (budgets.validation): episodes, stopping, seeds and the pass mark. */
export function validationBudget(): MaddpgBudget & { seeds: number[]; minShareOfOptimum: number } {
  return S000_MADDPG.budget("validation", validationBudgetShape);
}

export interface CityTrainingProfile {
  readonly windowDays: number;
  readonly windowStartDays: readonly number[];
  readonly training: Partial<TrainingConfig>;
  readonly maddpg: Partial<MaddpgConfig>;
  /** Held-out windows of the training seed's city for the evaluation reward and early stopping (none: no evaluation). */
  readonly heldOut?: { readonly windowDays: number; readonly startDays: readonly number[] };
}

/** The city profile of budget `name` with the file's settings (ConfigError naming the key when invalid). */
export function cityTrainingProfile(
  name: string,
  file: MaddpgSettingsFile = S000_MADDPG,
): CityTrainingProfile {
  const b = file.budget(name, cityBudgetShape);
  const overlap = b.heldOutStartDays.find((h) =>
    b.windowStartDays.some((d) => h < d + b.windowDays && d < h + b.heldOutWindowDays),
  );
  if (overlap !== undefined)
    throw new ConfigError(
      `held-out window from day ${overlap} overlaps a training window`,
      file.where(["budgets", name, "heldOutStartDays"]),
      "held-out days must not be trained on: move them between the training windows",
    );
  const r = resolveMaddpgTraining(file.settings, b, b.windowDays * STEPS_PER_DAY);
  return {
    windowDays: b.windowDays,
    windowStartDays: b.windowStartDays,
    training: r.training,
    maddpg: r.maddpg,
    heldOut: { windowDays: b.heldOutWindowDays, startDays: b.heldOutStartDays },
  };
}

export const CITY_TRAINING_PROFILES: Readonly<Record<"ci" | "quick" | "paper", CityTrainingProfile>> = {
  ci: cityTrainingProfile("ci"),
  quick: cityTrainingProfile("quick"),
  paper: cityTrainingProfile("paper"),
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
  /**
   * Progress lines of the training (episode, reward against the rule reference, held-out evaluation against
   * the rule on the same windows, steps/s, ETA), at most every 10 s, on stderr; none for trainings shorter
   * than 10 s. null: silent.
   */
  readonly progress?: Partial<TrainingProgressOptions> | null;
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
  /** The rule policy's reward summed over the held-out windows (curve.evalReward's reference); null without held-out windows. */
  readonly heldOutRuleReward: number | null;
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
  heldOutRuleReward: number | null;
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
    const ruleReward = (e: CityEnv) => {
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
    };
    const ruleReferenceReward = envs.map(ruleReward);
    const held = p.heldOut;
    const heldEnvs = (held?.startDays ?? []).map(
      (d) =>
        new CityEnv(
          generateScenario(withHorizon(city, held!.windowDays, d), opts.trainSeed),
          opts.envOptions,
        ),
    );
    const heldOutRuleReward = heldEnvs.length ? heldEnvs.map(ruleReward).reduce((a, b) => a + b, 0) : null;
    const scenarioSeconds = (performance.now() - t0) / 1000;
    const menv = new CityMaddpgEnv(envs, scales);
    const heldEnv = heldEnvs.length ? new CityMaddpgEnv(heldEnvs, scales) : null;
    const agent = build();
    const curve = trainMaddpg(
      menv,
      agent,
      opts.rewardWeights,
      { noise: DEFAULT_NOISE, ...p.training },
      opts.trainSeed,
      {
        onEpisode: opts.onEpisode,
        // one reset per held-out window: CityMaddpgEnv cycles through them in order
        evaluate: heldEnv
          ? (a) => {
              let total = 0;
              for (const e of heldEnvs)
                total += evaluateMaddpg(heldEnv, a, opts.rewardWeights, 0, e.length).totalReward;
              return total;
            }
          : undefined,
        evalReference: heldOutRuleReward ?? undefined,
        restoreBest: true,
        progress:
          opts.progress === null
            ? undefined
            : {
                label: `s000 MADDPG (train seed ${opts.trainSeed})`,
                episodeReference: (e) => ruleReferenceReward[e % ruleReferenceReward.length],
                ...opts.progress,
              },
      },
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
      heldOutRuleReward,
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
    heldOutRuleReward: meta.heldOutRuleReward,
    cacheHit: hit,
  };
}
