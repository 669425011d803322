import { z } from "zod";
import { loadLpSolver, type MpcConfig } from "../../../control/mpc";
import { jsonCodec } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import { moduleFingerprint } from "../../../core/fingerprint";
import type { ExperimentContext } from "../../../experiments/types";
import { forecastAtAccuracy } from "../../../forecast/provider";
import { DEFAULT_MARKET_CONFIG } from "../../../market/config";
import { computeKpis } from "../../../metrics/kpis";
import { monteCarloRng } from "../../../profiles/uncertainty";
import { createMpcCityPolicy } from "../agents/cityMpc";
import { runCityStrategyEpisode } from "../agents/cityStrategies";
import {
  CITY_TRAINING_PROFILES,
  type CityTrainingProfile,
  type TrainedCityAgent,
  trainCityMaddpg,
} from "../agents/cityTraining";
import { CityEnv } from "../env/cityEnv";
import type { CityPolicy } from "../env/rulePolicy";
import { runEpisode } from "../env/runEpisode";
import { type CityConfig, DEFAULT_CITY_CONFIG, withHorizon } from "../world/cityConfig";
import { generateScenario, type Scenario } from "../world/scenario";
import { paretoRewardWeights } from "./cityRuns";
import { cityOf } from "./cityWorld";
import { MOO_PROFILE_PARAMS } from "./mooEnergy";

/**
 * Shared machinery of the Figure 9 sensitivity panels (notes-000 Fig. 9; one-at-a-time variation of five
 * parameters around their nominal values). A "sweep point" is one strategy on one city variant; it runs on a few
 * representative windows of the evaluation seed's city (lib/papers/s000/env CityEnv, entity level) and is cached on its own
 * (ctx.cache, one entry per point), so every Fig. 9 panel that needs the same point shares one computation and
 * any order of computation (shards, notebooks) gives the same numbers.
 *
 * The five parameters and where each acts [our reading; the paper defines none of them]:
 *  - forecast accuracy: the renewable (wind and PV) forecasts of the forecast-driven MPC (the only controller of
 *    ours that plans on forecasts; our MADDPG agents observe no forecasts, lib/papers/s000/env agents.ts), via lib/forecast's
 *    documented knob `forecastAtAccuracy` (expected absolute percentage error = 1 - accuracy). Demand and prices
 *    are known to the MPC, as in its benchmark form. Baseline 90 % (the paper's). Monte Carlo over the forecast
 *    error: realisation k draws its noise from monteCarloRng(seed, k, "fig9.forecast.<quantity>").
 *  - battery capacity: the BESS energy capacity (120 MWh x scale), power rating kept at 60 MW.
 *  - price volatility: lib/papers/s000/world prices.ts `volatility` (the scenario's tariff position inside each band).
 *  - transaction fee: the P2P fee structure, grid-usage (5) + platform (1) USD/MWh x scale (lib/market config).
 *  - learning rate: MADDPG's actor learning rate (nominal 1e-4, the paper's), critic kept at its 1e-3; the agent
 *    is retrained for every rate.
 * MADRL-MOO (MADDPG on the reward weights of the moo-energy compromise, as in Figs. 4-6) is trained once at nominal
 * conditions (a training seed, cityTraining.ts) and evaluated on each variant
 * without retraining (the deployed policy facing changed conditions); only the learning-rate points retrain.
 * Savings = the operating cost of RBEMS (the conventional reference, lib/control) on the same city variant minus
 * the strategy's operating cost (lib/metrics computeKpis), annualised by 365 / simulated days.
 */

export const FIG9_STRATEGIES = ["RBEMS", "MPC", "MADRL-MOO"] as const;
export type Fig9Strategy = (typeof FIG9_STRATEGIES)[number];

/** MADDPG training budgets: the lib/control profiles plus "reduced" (the quick profile of Fig. 9). */
export const FIG9_TRAINING_PROFILES: Readonly<
  Record<"ci" | "reduced" | "quick" | "paper", CityTrainingProfile>
> = {
  ci: CITY_TRAINING_PROFILES.ci,
  /**
   * 2 windows of 2 days (days 14 and 196: winter and summer), 12 episodes (2,304 env steps), 32-32 networks,
   * batch 64, one gradient step every 2 env steps after 384 warm-up steps: a reward curve that rises within a
   * couple of minutes, so four learning rates fit the quick budget. [choice]
   */
  reduced: {
    windowDays: 2,
    windowStartDays: [14, 196],
    training: { episodes: 12, maxEpisodeSteps: 192, warmupSteps: 384, updateEvery: 2, gradientSteps: 1 },
    maddpg: { actorHidden: [32, 32], criticHidden: [32, 32], batchSize: 64, bufferSize: 20_000 },
  },
  quick: CITY_TRAINING_PROFILES.quick,
  paper: CITY_TRAINING_PROFILES.paper,
};
export type Fig9Training = keyof typeof FIG9_TRAINING_PROFILES;

/** Nominal operating point (the centre of every one-at-a-time variation). */
export const NOMINAL = {
  accuracy: 0.9,
  batteryScale: 1,
  volatility: DEFAULT_CITY_CONFIG.prices.volatility,
  feeScale: 1,
  actorLr: 1e-4,
} as const;

/** Params every Fig. 9 panel shares: the evaluation windows, the training budget, the Monte Carlo count. */
export const windowsShape = {
  /** First day of each evaluation window (day of year): default four seasonal weeks. */
  windowStartDays: z.array(z.number().int().min(0).max(364)).min(1).default([14, 105, 196, 287]),
  /** Days per window. */
  windowDays: z.number().int().min(1).max(31).default(7),
  /** MADDPG training budget (FIG9_TRAINING_PROFILES). */
  training: z.enum(["ci", "reduced", "quick", "paper"]).default("reduced"),
  /** Monte Carlo realisations of the forecast error per accuracy point (the paper: 5,000). */
  realisations: z.number().int().min(1).max(5000).default(3),
};
export interface WindowsParams {
  windowStartDays: number[];
  windowDays: number;
  training: Fig9Training;
  realisations: number;
}

/** One sweep point: a strategy on a city variant. Fields a strategy ignores are normalised away. */
export interface SensitivityPoint {
  readonly strategy: Fig9Strategy;
  /** Battery energy capacity as a multiple of 120 MWh. */
  readonly batteryScale: number;
  readonly volatility: number;
  /** P2P fees (grid usage + platform) as a multiple of the defaults. */
  readonly feeScale: number;
  /** MPC's renewable forecast accuracy in [0, 1] (1 = perfect foresight, the MPC benchmark). */
  readonly accuracy: number;
  /** Monte Carlo realisation of the forecast error (accuracy < 1 only). */
  readonly realisation: number;
  /** MADDPG actor learning rate. */
  readonly actorLr: number;
}

export function point(strategy: Fig9Strategy, over: Partial<Omit<SensitivityPoint, "strategy">> = {}) {
  const p: SensitivityPoint = {
    strategy,
    batteryScale: NOMINAL.batteryScale,
    volatility: NOMINAL.volatility,
    feeScale: NOMINAL.feeScale,
    accuracy: NOMINAL.accuracy,
    realisation: 0,
    actorLr: NOMINAL.actorLr,
    ...over,
  };
  return normalisePoint(p);
}

/** Drops what a strategy cannot see, so equivalent points share one cache entry. */
export function normalisePoint(p: SensitivityPoint): SensitivityPoint {
  const q = { ...p };
  if (!FIG9_STRATEGIES.includes(q.strategy))
    throw new ConfigError(
      `unknown strategy "${q.strategy}"`,
      "strategy",
      `one of ${FIG9_STRATEGIES.join(", ")}`,
    );
  if (!(q.batteryScale > 0)) throw new ConfigError(`must be > 0, got ${q.batteryScale}`, "batteryScale");
  if (!(q.feeScale >= 0)) throw new ConfigError(`must be >= 0, got ${q.feeScale}`, "feeScale");
  if (!(q.accuracy >= 0 && q.accuracy <= 1))
    throw new ConfigError(`must be in [0, 1], got ${q.accuracy}`, "accuracy", "give accuracy as a fraction");
  if (q.strategy !== "MPC" || q.accuracy === 1) {
    q.accuracy = q.strategy === "MPC" ? 1 : NOMINAL.accuracy;
    q.realisation = 0;
  }
  if (q.strategy !== "MADRL-MOO") {
    q.actorLr = NOMINAL.actorLr;
    q.feeScale = NOMINAL.feeScale; // RBEMS and MPC place no P2P orders: fees cannot act
  }
  return q;
}

/**
 * The city of a point: the run's world (`base`) with the point's battery scale and price volatility
 * (an absolute value, like the sweep's); the horizon is set per window.
 */
export function cityConfigOf(p: SensitivityPoint, base: CityConfig = DEFAULT_CITY_CONFIG): CityConfig {
  const c = base;
  return {
    ...c,
    battery: { ...c.battery, capacityMwh: c.battery.capacityMwh * p.batteryScale },
    prices: { ...c.prices, volatility: p.volatility },
  };
}

/** Summed over the windows (money USD, energy MWh; annualise with 365 / days). */
export interface PointResult {
  readonly days: number;
  readonly operatingCostUsd: number;
  readonly tradingRevenueUsd: number;
  readonly p2pVolumeMwh: number;
  readonly transactionCount: number;
  readonly renewableGeneratedMwh: number;
  readonly curtailedMwh: number;
  readonly gridPurchaseMwh: number;
  readonly demandMwh: number;
  readonly batteryDischargeMwh: number;
  /** Mean over windows. */
  readonly rampingMw: number;
  /** null when the controller commits no schedule to track (lib/metrics balanceAccuracy is NaN). */
  readonly balanceAccuracy: number | null;
  readonly peakImportMw: number;
}

/** Renewable utilisation (fraction) of a point. */
export const utilisationOf = (r: PointResult): number =>
  r.renewableGeneratedMwh > 0 ? 1 - r.curtailedMwh / r.renewableGeneratedMwh : Number.NaN;
/** Battery utilisation: equivalent full cycles per day of the usable (10-90 %) window. */
export function batteryCyclesPerDay(
  r: PointResult,
  batteryScale: number,
  b: CityConfig["battery"] = DEFAULT_CITY_CONFIG.battery,
): number {
  const usable = b.capacityMwh * batteryScale * (b.socMaxFrac - b.socMinFrac);
  return r.batteryDischargeMwh / usable / r.days;
}
export const annual = (r: PointResult, usd: number): number => (usd * 365) / r.days;

// In-process memo of generated scenarios (a window generates its whole year, ~1-3 s): battery capacity does not
// enter generation, so only the price volatility, window and seed key it.
const scenarios = new Map<string, Scenario>();
function scenarioFor(
  cfg: CityConfig,
  base: CityConfig,
  startDay: number,
  days: number,
  seed: number,
): Scenario {
  const genCfg = withHorizon({ ...cfg, battery: base.battery }, days, startDay);
  const key = JSON.stringify([genCfg, startDay, days, seed]);
  let sc = scenarios.get(key);
  if (!sc) {
    sc = generateScenario(genCfg, seed);
    scenarios.set(key, sc);
    while (scenarios.size > 8) scenarios.delete(scenarios.keys().next().value as string);
  }
  return { ...sc, config: withHorizon(cfg, days, startDay) };
}

/** A numeric seed for forecastAtAccuracy from the keyed Monte Carlo stream of realisation k. */
function forecastSeed(seed: number, k: number, quantity: string): number {
  return monteCarloRng(seed, k, `fig9.forecast.${quantity}`).int(2 ** 31 - 1);
}

/**
 * The MPC benchmark (lib/control cityMpc.ts: hourly re-planned 24 h dispatch LP with HiGHS, battery and grid only,
 * no P2P, no DR) planning on wind and PV forecasts of the given accuracy instead of the truth (its
 * `renewableForecast` hook; each forecast issued at the step it is used); demand and prices as in the benchmark
 * (known). At accuracy 1 the forecasts are the truth and the policy is the benchmark's (a test checks it).
 */
export async function createForecastMpcPolicy(
  env: CityEnv,
  accuracy: number,
  noiseSeeds: { wind: number; pv: number },
  mpc: Partial<MpcConfig> = {},
): Promise<CityPolicy> {
  let scenario: Scenario | null = null;
  let wind = forecastAtAccuracy(new Float64Array(1), 1, 0);
  let pv = wind;
  return createMpcCityPolicy(env, await loadLpSolver(), {
    mpc,
    renewableForecast: (sc, t, h) => {
      if (scenario !== sc) {
        scenario = sc;
        wind = forecastAtAccuracy(sc.renewables.windMw, accuracy, noiseSeeds.wind);
        pv = forecastAtAccuracy(sc.renewables.pvMw, accuracy, noiseSeeds.pv);
      }
      return { windMw: wind.forecast(t, h).p50, pvMw: pv.forecast(t, h).p50 };
    },
  }).policy;
}

// In-process memo of trained agents (the cache holds them across processes).
const agents = new Map<string, TrainedCityAgent>();

/**
 * The reward weights MADRL-MOO trains on: the moo-energy front's compromise for the run's profile (the closed
 * loop of Fig. 2, as lib/experiments cityRuns.ts does for Figs. 4-6; cached and shared with moo-energy), applied
 * to the env's raw reward terms.
 */
export async function fig9RewardWeights(ctx: ExperimentContext): Promise<number[]> {
  return paretoRewardWeights(ctx, ctx.profile in MOO_PROFILE_PARAMS ? ctx.profile : "quick");
}

/** MADRL-MOO trained at nominal conditions with the given actor learning rate (cached in ctx.cache). */
export async function trainedAgent(
  ctx: ExperimentContext,
  training: Fig9Training,
  actorLr: number,
): Promise<TrainedCityAgent> {
  const base = FIG9_TRAINING_PROFILES[training];
  const profile: CityTrainingProfile = { ...base, maddpg: { ...base.maddpg, actorLr } };
  const rewardWeights = await fig9RewardWeights(ctx);
  const key = JSON.stringify([profile, rewardWeights, ctx.seed, ctx.cache.root, cityOf(ctx)]);
  let tr = agents.get(key);
  if (!tr) {
    const progress = ctx.progress(
      `train MADDPG (actor lr ${actorLr})`,
      base.training.episodes ?? 1,
      "episodes",
    );
    tr = await trainCityMaddpg({
      profile,
      rewardWeights,
      rewardScaling: "raw",
      trainSeed: ctx.seed + 1,
      cityConfig: cityOf(ctx),
      cache: ctx.cache,
      onEpisode: (e) => progress.set(e + 1),
    });
    progress.finish();
    agents.set(key, tr);
  }
  return tr;
}

async function runWindow(
  ctx: ExperimentContext,
  pt: SensitivityPoint,
  training: Fig9Training,
  startDay: number,
  days: number,
) {
  const sc = scenarioFor(cityConfigOf(pt, cityOf(ctx)), cityOf(ctx), startDay, days, ctx.seed);
  const market = {
    ...DEFAULT_MARKET_CONFIG,
    gridUsageFeeUsdPerMwh: DEFAULT_MARKET_CONFIG.gridUsageFeeUsdPerMwh * pt.feeScale,
    platformFeeUsdPerMwh: DEFAULT_MARKET_CONFIG.platformFeeUsdPerMwh * pt.feeScale,
  };
  const env = new CityEnv(sc, { market, trackBenefits: false });
  let flows: ReturnType<typeof runEpisode>["flows"];
  if (pt.strategy === "MPC") {
    env.reset(ctx.seed);
    const policy = await createForecastMpcPolicy(env, pt.accuracy, {
      wind: forecastSeed(ctx.seed, pt.realisation, `wind.${startDay}`),
      pv: forecastSeed(ctx.seed, pt.realisation, `pv.${startDay}`),
    });
    flows = runEpisode(env, policy, ctx.seed).flows;
  } else if (pt.strategy === "MADRL-MOO") {
    const trained = await trainedAgent(ctx, training, pt.actorLr);
    flows = (await runCityStrategyEpisode("MADRL-MOO", env, ctx.seed, { trained })).result.flows;
  } else {
    flows = (await runCityStrategyEpisode(pt.strategy, env, ctx.seed)).result.flows;
  }
  let discharge = 0;
  for (let t = 0; t < flows.batteryDischargeMwh.length; t++) discharge += flows.batteryDischargeMwh[t];
  return { kpis: computeKpis(flows, { startDayOfYear: startDay }), discharge };
}

/** Version of the point computation below (part of its cache key). */
const POINT_VERSION = "fig9-point-2";

/** One sweep point over every window, cached (one entry per point, windows, training and seed). */
export async function runPoint(
  ctx: ExperimentContext,
  w: WindowsParams,
  pt0: SensitivityPoint,
): Promise<PointResult> {
  const pt = normalisePoint(pt0);
  const parts = {
    component: "experiment.fig9.point",
    // The import closure of this file: the env, agents and engines a point runs, not the figure code.
    version: `${POINT_VERSION}+${moduleFingerprint(__filename)}`,
    params: {
      point: pt,
      windowStartDays: w.windowStartDays,
      windowDays: w.windowDays,
      training: pt.strategy === "MADRL-MOO" ? w.training : null,
      rewardWeights: pt.strategy === "MADRL-MOO" ? await fig9RewardWeights(ctx) : null,
      city: withHorizon(cityOf(ctx), 1, 0),
    },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, jsonCodec, async () => {
    let days = 0;
    const sum = {
      operatingCostUsd: 0,
      tradingRevenueUsd: 0,
      p2pVolumeMwh: 0,
      transactionCount: 0,
      renewableGeneratedMwh: 0,
      curtailedMwh: 0,
      gridPurchaseMwh: 0,
      demandMwh: 0,
      batteryDischargeMwh: 0,
      rampingMw: 0,
      balanceAccuracy: 0,
      peakImportMw: 0,
    };
    for (const d of w.windowStartDays) {
      const { kpis: k, discharge } = await runWindow(ctx, pt, w.training, d, w.windowDays);
      days += w.windowDays;
      sum.operatingCostUsd += k.operatingCostUsd;
      sum.tradingRevenueUsd += k.tradingRevenueUsd;
      sum.p2pVolumeMwh += k.p2pVolumeMwh;
      sum.transactionCount += k.transactionCount;
      sum.renewableGeneratedMwh += k.renewableGeneratedMwh;
      sum.curtailedMwh += k.renewableGeneratedMwh * k.curtailment;
      sum.gridPurchaseMwh += k.gridPurchaseMwh;
      sum.demandMwh += k.demandMwh;
      sum.batteryDischargeMwh += discharge;
      sum.rampingMw += k.rampingMw / w.windowStartDays.length;
      sum.balanceAccuracy += k.balanceAccuracy / w.windowStartDays.length;
      sum.peakImportMw = Math.max(sum.peakImportMw, k.peakImportMw);
    }
    const out: PointResult = {
      days,
      ...sum,
      balanceAccuracy: Number.isFinite(sum.balanceAccuracy) ? sum.balanceAccuracy : null,
    };
    return out;
  });
  return value as PointResult;
}

/** The RBEMS reference of a point: same battery and prices (the city), no market parameters. */
export function referenceOf(p: SensitivityPoint): SensitivityPoint {
  return point("RBEMS", { batteryScale: p.batteryScale, volatility: p.volatility });
}

/** Annual savings (M$/yr) of a point against its RBEMS reference, and the operating cost reduction (%). */
export async function savingsOf(
  ctx: ExperimentContext,
  w: WindowsParams,
  p: SensitivityPoint,
): Promise<{ savingsMusd: number; costReductionPct: number; result: PointResult }> {
  const r = await runPoint(ctx, w, p);
  const ref = await runPoint(ctx, w, referenceOf(p));
  const s = ref.operatingCostUsd - r.operatingCostUsd;
  return {
    savingsMusd: annual(r, s) / 1e6,
    costReductionPct: ref.operatingCostUsd !== 0 ? (100 * s) / Math.abs(ref.operatingCostUsd) : Number.NaN,
    result: r,
  };
}

/** Mean, sample sd and the 2.5/97.5 % quantiles of Monte Carlo values (sd 0 and band = mean for one value). */
export function mcSummary(v: readonly number[]): {
  mean: number;
  sd: number;
  lo: number;
  hi: number;
  n: number;
} {
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const sorted = [...v].sort((a, b) => a - b);
  const q = (p: number) => {
    const i = p * (n - 1);
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
  };
  return { mean, sd, lo: q(0.025), hi: q(0.975), n };
}

/** Savings of the forecast-driven MPC at `accuracy`, over `realisations` Monte Carlo draws of the forecast error. */
export async function mpcSavingsMc(
  ctx: ExperimentContext,
  w: WindowsParams,
  accuracy: number,
): Promise<{ savings: ReturnType<typeof mcSummary>; costReduction: ReturnType<typeof mcSummary> }> {
  const n = accuracy >= 1 ? 1 : w.realisations;
  const s: number[] = [];
  const c: number[] = [];
  for (let k = 0; k < n; k++) {
    const r = await savingsOf(ctx, w, point("MPC", { accuracy, realisation: k }));
    s.push(r.savingsMusd);
    c.push(r.costReductionPct);
  }
  return { savings: mcSummary(s), costReduction: mcSummary(c) };
}

/** Rounds for JSON (values compare byte-identically run to run). */
export function r4(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : Number.NaN;
}
