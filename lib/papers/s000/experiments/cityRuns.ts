import { seriesCodec } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import { moduleFingerprint } from "../../../core/fingerprint";
import type { ExperimentContext } from "../../../experiments/types";
import { CITY_FLOW_COLUMNS, type CityFlows } from "../../../metrics/flows";
import { createRbemsCityPolicy } from "../agents/cityPolicies";
import { CITY_STRATEGIES as CONTROL_STRATEGIES, runCityStrategyEpisode } from "../agents/cityStrategies";
import { CITY_TRAINING_PROFILES } from "../agents/cityTraining";
import { CityEnv } from "../env/cityEnv";
import type { EpisodeOptions } from "../env/runEpisode";
import { runEpisode } from "../env/runEpisode";
import { withHorizon } from "../world/cityConfig";
import { CLASS_PROSUMER } from "../world/entityClasses";
import { generateScenario } from "../world/scenario";
import { cityOf } from "./cityWorld";
import { energyParetoFront, MOO_PROFILE_PARAMS } from "./mooEnergy";

/**
 * Strategies every city experiment can run on the entity-level env (lib/papers/s000/env CityEnv): seed 000's
 * five (lib/control cityStrategies.ts) and "No storage", our reference (RBEMS's rules with the
 * battery idle), which shows what the battery itself contributes under RBEMS.
 */
export const SLICE_STRATEGIES = [...CONTROL_STRATEGIES, "No storage"] as const;
export type SliceStrategy = (typeof SLICE_STRATEGIES)[number];

/** Everything one strategy's run leaves for the experiments (cached as one entry). */
export interface CityRun {
  readonly strategy: SliceStrategy;
  readonly flows: CityFlows;
  /** Per-prosumer P2P trading benefit (USD) over the run, for the fairness KPIs. */
  readonly prosumerBenefitUsd: Float64Array;
  readonly trades: number;
  readonly marketSteps: number;
  readonly evUnservedMwh: number;
  /** Per-agent sums of the reward terms (econ, renew, stability, carbon, fairness). */
  readonly rewardTermSums: Readonly<Record<string, readonly number[]>>;
  /**
   * Wall-clock measurements of the run that produced the cache entry (decision latency per step,
   * episode seconds, LP/GA/training details): machine-dependent, so never part of results.json.
   */
  readonly timing: Readonly<Record<string, unknown>>;
}

const FLOW_EXTRAS = ["p2pFeeUsd", "batteryDegradationUsd"] as const;

/** The MADDPG training profile of an experiment profile (unknown profiles train as quick). */
export function trainingProfileOf(profile: string): keyof typeof CITY_TRAINING_PROFILES {
  return profile in CITY_TRAINING_PROFILES ? (profile as keyof typeof CITY_TRAINING_PROFILES) : "quick";
}

/**
 * One strategy's run of the seed-000 city over `days` from `startDay`, cached (keyed by strategy,
 * horizon, seed, MADDPG training profile and the code of every layer the run touches) so that every
 * experiment and notebook that needs it shares one computation.
 */
export async function runCityStrategyCached(
  ctx: ExperimentContext,
  strategy: SliceStrategy,
  opts: { days: number; startDay: number },
): Promise<CityRun> {
  if (!(SLICE_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new ConfigError(
      `unknown strategy "${strategy}"`,
      "strategies",
      `use one of ${SLICE_STRATEGIES.join(", ")}`,
    );
  }
  const training = strategy === "MADRL-MOO" ? trainingProfileOf(ctx.profile) : null;
  // The closed loop: MADRL-MOO trains on the reward weights NSGA-II's compromise picks (moo-energy).
  const rewardWeights = training ? await paretoRewardWeights(ctx, training) : undefined;
  const city = cityOf(ctx);
  const parts = {
    component: "sim.cityRun",
    version: moduleFingerprint(__filename),
    params: { strategy, ...opts, training, rewardWeights, city: withHorizon(city, 1, 0) },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, seriesCodec, async () => {
    const sc = generateScenario(withHorizon(city, opts.days, opts.startDay), ctx.seed);
    const env = new CityEnv(sc);
    const n = sc.time.length;
    const progress = ctx.progress(`simulate ${strategy}`, n, "steps");
    const episode: EpisodeOptions = {
      onStep: (s) => {
        if (s.info.t % 96 === 0) progress.set(s.info.t);
      },
    };
    let result: ReturnType<typeof runEpisode>;
    let timing: Record<string, unknown>;
    if (strategy === "No storage") {
      env.reset(ctx.seed);
      const rule = createRbemsCityPolicy(env);
      const t0 = performance.now();
      result = runEpisode(
        env,
        (o) => {
          const a = rule(o);
          a.storage[0] = 0;
          return a;
        },
        ctx.seed,
        episode,
      );
      timing = { episodeSeconds: (performance.now() - t0) / 1000 };
    } else {
      const run = await runCityStrategyEpisode(strategy, env, ctx.seed, {
        episode,
        cache: ctx.cache,
        trainingProfile: training ?? undefined,
        rewardWeights,
        // The front's weights apply to the env's raw reward terms (lib/papers/s000/env/mooRewardWeights.ts).
        rewardScaling: "raw",
      });
      result = run.result;
      timing = { latency: run.latency, episodeSeconds: run.episodeSeconds, details: run.details };
    }
    progress.set(n);
    progress.finish();
    const series: Record<string, Float64Array> = {};
    for (const c of CITY_FLOW_COLUMNS) series[c] = Float64Array.from(result.flows[c]);
    for (const c of FLOW_EXTRAS) {
      const v = result.flows[c];
      if (v) series[c] = Float64Array.from(v);
    }
    const e = sc.entities;
    series.prosumerBenefitUsd = result.benefitUsdByEntity.slice(
      e.classStart[CLASS_PROSUMER],
      e.classStart[CLASS_PROSUMER + 1],
    );
    const rewardTermSums: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(result.rewardTermSums)) rewardTermSums[k] = Array.from(v);
    return {
      json: {
        stepH: result.flows.stepH,
        trades: result.trades,
        marketSteps: result.marketSteps,
        evUnservedMwh: result.evUnservedMwh,
        rewardTermSums,
        timing,
      },
      series,
    };
  });
  const j = value.json as {
    stepH: number;
    trades: number;
    marketSteps: number;
    evUnservedMwh: number;
    rewardTermSums: Record<string, number[]>;
    timing: Record<string, unknown>;
  };
  const { prosumerBenefitUsd, ...flowSeries } = value.series;
  return {
    strategy,
    flows: { stepH: j.stepH, ...flowSeries } as unknown as CityFlows,
    prosumerBenefitUsd,
    trades: j.trades,
    marketSteps: j.marketSteps,
    evUnservedMwh: j.evUnservedMwh,
    rewardTermSums: j.rewardTermSums,
    timing: j.timing,
  };
}

/**
 * The reward weights (econ, renew, stability, carbon, fairness) of the moo-energy front's compromise for
 * `profile`'s budget (cached; computed once and shared with the moo-energy experiment).
 */
export async function paretoRewardWeights(ctx: ExperimentContext, profile: string): Promise<number[]> {
  const front = await energyParetoFront(ctx, MOO_PROFILE_PARAMS[profile] ?? MOO_PROFILE_PARAMS.quick);
  return front.chosen.weightsArray;
}

/** The flows of one strategy's cached run (see runCityStrategyCached). */
export async function runCityStrategy(
  ctx: ExperimentContext,
  strategy: SliceStrategy,
  opts: { days: number; startDay: number },
): Promise<CityFlows> {
  return (await runCityStrategyCached(ctx, strategy, opts)).flows;
}
