import { z } from "zod";
import { loadEvmCalibration, simulatePoa } from "../../../chain/poa";
import { seriesCodec } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import { moduleFingerprint } from "../../../core/fingerprint";
import { hashValue } from "../../../core/hash";
import { STEPS_PER_DAY } from "../../../core/time";
import type { ExperimentContext } from "../../../experiments/types";
import { CITY_STRATEGIES, type CityStrategy, runCityStrategyEpisode } from "../agents/cityStrategies";
import { CITY_TRAINING_PROFILES, EQUAL_REWARD_WEIGHTS, trainCityMaddpg } from "../agents/cityTraining";
import { CityEnv } from "../env/cityEnv";
import { classSeries } from "../env/classFlows";
import { type CityConfig, withHorizon } from "../world/cityConfig";
import { PROFILE_CLASS_COUNT } from "../world/entityClasses";
import { generateScenario, type Scenario } from "../world/scenario";
import { type StressEvent, withStress } from "../world/stress";
import { paretoRewardWeights } from "./cityRuns";
import { cityOf } from "./cityWorld";

/**
 * Figure 8 (robustness) runs: every strategy of lib/control on a few days of the seed-000 city around
 * a stress event (lib/papers/s000/world/stress.ts withStress) and on the same days without it, one cache entry per
 * (strategy, scenario, window, seed); the 15 % validator failure on lib/chain's PoA model. Every
 * Fig. 8 panel reads `robustnessOf(ctx, params)`, so the panels are consistent with each other.
 *
 * Choices where the paper is silent (notes-000 §5 items 27, 30): the storm window is mid-September
 * (equinox gales; PV still matters), the heatwave mid-July, both 48 h starting two days into a
 * 7-day window; prices, EV sessions and the interconnector are those of the unstressed city.
 */
export const Fig8Params = z.strictObject({
  /** Days simulated per window (the event plus the days before and after it). */
  windowDays: z.number().int().min(3).max(28).default(7),
  /** Day of year of the storm window's first day. */
  stormStartDay: z.number().int().min(0).max(364).default(258),
  /** Day of year of the heatwave window's first day. */
  heatStartDay: z.number().int().min(0).max(364).default(196),
  /** The event starts this many hours into the window. */
  eventOffsetHours: z.number().int().min(0).default(48),
  /** Event length (h): the paper's 48 h storm; the heatwave's length is not stated (same 48 h). */
  eventHours: z.number().int().min(1).default(48),
  /** Storm: PV x 0.3 (-70 %), wind x 0.6 (-40 %). */
  stormPvFactor: z.number().min(0).max(10).default(0.3),
  stormWindFactor: z.number().min(0).max(10).default(0.6),
  /** Heatwave: demand of every profile class x 1.35 (+35 %). */
  heatDemandFactor: z.number().min(0).max(10).default(1.35),
  /** Grid import limit (MW) in every run (null: the city's 250 MW). The paper states none. */
  importLimitMw: z.number().nonnegative().nullable().default(null),
  strategies: z
    .array(z.enum(CITY_STRATEGIES))
    .min(1)
    .default([...CITY_STRATEGIES]),
  /** PoA model of the 15 % validator failure (lib/chain/poa.ts). */
  validators: z.number().int().min(1).default(50),
  failureShare: z.number().min(0).max(0.99).default(0.15),
  blockIntervalS: z.number().positive().default(5),
  latencyMedianMs: z.number().positive().default(50),
  latencyLogSd: z.number().nonnegative().default(0.5),
  /** Simulated seconds of chain operation per seed, and seeds (their mean is reported). */
  chainDurationS: z.number().positive().default(3600),
  chainSeeds: z.number().int().min(1).default(3),
  /** Recovery: performance back to this share of the unstressed run's ... */
  recoveryThreshold: z.number().min(0).max(1).default(0.95),
  /** ... and staying there for this many hours (the "no secondary disturbance" condition). */
  recoveryHoldHours: z.number().min(0).default(6),
  /** Write per-step series as CSV. */
  exportSeries: z.boolean().default(true),
});
export type Fig8Params = z.infer<typeof Fig8Params>;

export const SCENARIOS = ["storm", "heatwave"] as const;
export type StressScenario = (typeof SCENARIOS)[number];

/** Per-step series a Fig. 8 run keeps (MWh per step unless named otherwise). */
export const STRESS_RUN_COLUMNS = [
  "demandMwh",
  "demandServedMwh",
  "unservedMwh",
  "windMwh",
  "pvMwh",
  "renewLocalMwh",
  "renewP2pMwh",
  "curtailedMwh",
  "gridImportMwh",
  "gridToBatteryMwh",
  "batteryDischargeMwh",
  "batteryToLoadMwh",
  "batterySocMwh",
  "importPriceUsdPerMwh",
  "tradeCount",
] as const;

export interface StressRun {
  readonly series: Readonly<Record<(typeof STRESS_RUN_COLUMNS)[number], Float64Array>>;
  /** DR-deferred flexible load (sum over the profile classes) and the flexible load available (MWh/step). */
  readonly drDeferredMwh: Float64Array;
  readonly flexibleMwh: Float64Array;
  readonly entities: number;
  readonly marketSteps: number;
  readonly trades: number;
  readonly episodeSeconds: number;
}

/** Event window in steps of a scenario window. */
export function eventSteps(p: Fig8Params): { from: number; to: number; n: number } {
  const per = STEPS_PER_DAY / 24;
  const from = p.eventOffsetHours * per;
  const to = from + p.eventHours * per;
  const n = p.windowDays * STEPS_PER_DAY;
  if (to > n)
    throw new ConfigError(
      `event (${p.eventOffsetHours} h + ${p.eventHours} h) ends after the ${p.windowDays}-day window`,
      "fig8.eventOffsetHours/eventHours",
      "shorten the event or lengthen windowDays",
    );
  return { from, to, n };
}

function stressOf(p: Fig8Params, scenario: StressScenario | "normal"): StressEvent {
  const { from, to } = eventSteps(p);
  const ev: StressEvent =
    scenario === "normal"
      ? { fromStep: from, toStep: to }
      : scenario === "storm"
        ? { fromStep: from, toStep: to, pvFactor: p.stormPvFactor, windFactor: p.stormWindFactor }
        : { fromStep: from, toStep: to, demandFactor: p.heatDemandFactor };
  return { ...ev, importLimitMw: p.importLimitMw };
}

const scenarioMemo = new Map<string, Scenario>();

/** Forgets the in-process memos (generated windows, chain results): a bench's "cold" starts here. */
export function resetRobustnessMemos(): void {
  scenarioMemo.clear();
  chainMemo.clear();
}

function baseScenario(city: CityConfig, days: number, startDay: number, seed: number): Scenario {
  const key = `${days}:${startDay}:${seed}:${hashValue(city)}`;
  let sc = scenarioMemo.get(key);
  if (!sc) {
    if (scenarioMemo.size >= 2) scenarioMemo.delete(scenarioMemo.keys().next().value as string);
    sc = generateScenario(withHorizon(city, days, startDay), seed);
    scenarioMemo.set(key, sc);
  }
  return sc;
}

function trainingOf(ctx: ExperimentContext): "ci" | "quick" {
  return ctx.profile === "ci" ? "ci" : "quick";
}

/**
 * One strategy on one window (`window` = the storm's or the heatwave's), with the event applied or
 * not ("normal"), cached per (strategy, scenario, window, stress factors, seed, training profile).
 */
export async function runStressCached(
  ctx: ExperimentContext,
  strategy: CityStrategy,
  p: Fig8Params,
  window: StressScenario,
  scenario: StressScenario | "normal",
): Promise<StressRun> {
  const startDay = window === "storm" ? p.stormStartDay : p.heatStartDay;
  const stress = stressOf(p, scenario);
  const training = strategy === "MADRL-MOO" ? trainingOf(ctx) : null;
  // The same agent as every other figure: trained on moo-energy's chosen weights (cityRuns.ts).
  const rewardWeights = training ? await paretoRewardWeights(ctx, training) : undefined;
  const city = cityOf(ctx);
  const parts = {
    component: "sim.stressRun",
    version: moduleFingerprint(__filename),
    params: {
      strategy,
      days: p.windowDays,
      startDay,
      scenario,
      stress,
      training,
      rewardWeights,
      city: withHorizon(city, 1, 0),
    },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, seriesCodec, async () => {
    const base = baseScenario(city, p.windowDays, startDay, ctx.seed);
    const sc = withStress(base, stress);
    const env = new CityEnv(sc);
    let trained: Awaited<ReturnType<typeof trainCityMaddpg>> | undefined;
    if (strategy === "MADRL-MOO" && sc.config !== base.config) {
      // a changed interconnector changes the config: evaluate the agent trained on the unchanged city
      trained = await trainCityMaddpg({
        profile: CITY_TRAINING_PROFILES[trainingOf(ctx)],
        rewardWeights: rewardWeights ?? EQUAL_REWARD_WEIGHTS,
        rewardScaling: "raw",
        trainSeed: ctx.seed + 1,
        cityConfig: base.config,
        envOptions: new CityEnv(base).options,
        cache: ctx.cache,
      });
    }
    const n = sc.time.length;
    const progress = ctx.progress(`${strategy} ${scenario} (${window} window)`, n, "steps");
    const run = await runCityStrategyEpisode(strategy, env, sc.seed, {
      cache: ctx.cache,
      trainingProfile: training ?? undefined,
      trained,
      rewardWeights,
      rewardScaling: "raw",
      episode: {
        onStep: (s) => {
          if (s.info.t % 96 === 0) progress.set(s.info.t);
        },
      },
    });
    progress.set(n);
    progress.finish();
    const r = run.result;
    const series: Record<string, Float64Array> = {};
    for (const c of STRESS_RUN_COLUMNS) series[c] = Float64Array.from(r.flows[c]);
    const dr = new Float64Array(n);
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
      const s = classSeries(r.classFlows, "drDeferredMwh", c);
      for (let t = 0; t < n; t++) dr[t] += s[t];
    }
    const flex = new Float64Array(n);
    const h = sc.time.stepH;
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
      const s = sc.demand.flexibleMwByClass[c];
      for (let t = 0; t < n; t++) flex[t] += s[t] * h;
    }
    series.drDeferredMwh = dr;
    series.flexibleMwh = flex;
    return {
      json: {
        entities: sc.entities.n,
        marketSteps: r.marketSteps,
        trades: r.trades,
        episodeSeconds: run.episodeSeconds,
      },
      series,
    };
  });
  const j = value.json as { entities: number; marketSteps: number; trades: number; episodeSeconds: number };
  const { drDeferredMwh, flexibleMwh, ...rest } = value.series;
  return {
    series: rest as StressRun["series"],
    drDeferredMwh,
    flexibleMwh,
    entities: j.entities,
    marketSteps: j.marketSteps,
    trades: j.trades,
    episodeSeconds: j.episodeSeconds,
  };
}

// ----------------------------------------------------------------------------------------------
// Metrics

const sumRange = (a: ArrayLike<number>, from: number, to: number) => {
  let s = 0;
  for (let t = from; t < to; t++) s += a[t];
  return s;
};

/** Energy that met load from inside the city: renewables used locally, P2P, battery to load. */
function localMwh(r: StressRun, t: number): number {
  return r.series.renewLocalMwh[t] + r.series.renewP2pMwh[t] + r.series.batteryToLoadMwh[t];
}

export interface EventMetrics {
  demandMwh: number;
  servedMwh: number;
  unservedMwh: number;
  /** Load satisfaction: served / demand over the event (%). */
  loadSatisfactionPct: number;
  /** Load shed: unserved / demand over the event (%). */
  loadShedPct: number;
  /** Demand met from inside the city (renewables local + P2P + battery) / demand (%). */
  localSupplyPct: number;
  gridImportMwh: number;
  batteryDischargeMwh: number;
  p2pMwh: number;
  drDeferredMwh: number;
  flexibleMwh: number;
  /** DR-deferred / flexible load available over the event (%). */
  drParticipationPct: number;
  /** Grid purchases (import + grid-to-battery) x import price over the event (USD). */
  purchaseCostUsd: number;
  trades: number;
}

export function eventMetrics(r: StressRun, from: number, to: number): EventMetrics {
  const s = r.series;
  const demand = sumRange(s.demandMwh, from, to);
  const served = sumRange(s.demandServedMwh, from, to);
  let local = 0;
  let cost = 0;
  for (let t = from; t < to; t++) {
    local += localMwh(r, t);
    cost += (s.gridImportMwh[t] + s.gridToBatteryMwh[t]) * s.importPriceUsdPerMwh[t];
  }
  const flex = sumRange(r.flexibleMwh, from, to);
  const dr = sumRange(r.drDeferredMwh, from, to);
  return {
    demandMwh: demand,
    servedMwh: served,
    unservedMwh: sumRange(s.unservedMwh, from, to),
    loadSatisfactionPct: demand > 0 ? (100 * served) / demand : 100,
    loadShedPct: demand > 0 ? (100 * sumRange(s.unservedMwh, from, to)) / demand : 0,
    localSupplyPct: demand > 0 ? (100 * local) / demand : 0,
    gridImportMwh: sumRange(s.gridImportMwh, from, to),
    batteryDischargeMwh: sumRange(s.batteryDischargeMwh, from, to),
    p2pMwh: sumRange(s.renewP2pMwh, from, to),
    drDeferredMwh: dr,
    flexibleMwh: flex,
    drParticipationPct: flex > 0 ? (100 * dr) / flex : 0,
    purchaseCostUsd: cost,
    trades: sumRange(s.tradeCount, from, to),
  };
}

/**
 * Recovery after the event: performance(t) = local supply share (renewables local + P2P + battery
 * to load, over demand) in the trailing hour of steps after the event's end, relative to the same
 * strategy's unstressed run over the same steps. Recovered at the first step t >= end from which
 * performance stays >= threshold for `holdSteps` (or to the window's end). Returns minutes after the
 * end (resolution: one 15-min step), the performance curve, and null when it never recovers.
 */
export function recoveryOf(
  stressed: StressRun,
  normal: StressRun,
  end: number,
  threshold: number,
  holdSteps: number,
  stepMin: number,
): { minutes: number | null; curve: number[] } {
  const n = stressed.series.demandMwh.length;
  const w = Math.max(1, Math.round(60 / stepMin));
  const curve: number[] = [];
  for (let t = end; t < n; t++) {
    const a = Math.max(end, t - w + 1);
    let ls = 0;
    let ds = 0;
    let ln = 0;
    let dn = 0;
    for (let k = a; k <= t; k++) {
      ls += localMwh(stressed, k);
      ds += stressed.series.demandMwh[k];
      ln += localMwh(normal, k);
      dn += normal.series.demandMwh[k];
    }
    const sn = dn > 0 ? ln / dn : 0;
    const ss = ds > 0 ? ls / ds : 0;
    curve.push(sn > 1e-6 ? ss / sn : 1);
  }
  for (let i = 0; i < curve.length; i++) {
    let ok = true;
    for (let k = i; k < Math.min(curve.length, i + Math.max(1, holdSteps)); k++) {
      if (curve[k] < threshold) {
        ok = false;
        break;
      }
    }
    if (ok) return { minutes: i * stepMin, curve };
  }
  return { minutes: null, curve };
}

// ----------------------------------------------------------------------------------------------
// The chain under validator failure

export interface ChainResult {
  /** Offered transaction rate (tx/s): one signed order per participant per open market interval plus one per cleared trade. */
  offeredTps: number;
  tradesPerOpenInterval: number;
  participants: number;
  failedValidators: number;
  /** Committed transactions per second, without and with the failure (mean over seeds). */
  throughputOkTps: number;
  throughputFailTps: number;
  /** Trading activity retained (%) and its drop (%). */
  activityRetainedPct: number;
  tradingDropPct: number;
  verificationSuccessPct: number;
  ledgerIntegrityPct: number;
  skippedSlotShare: number;
  /** Minutes until the transactions committed since the failure are back to the threshold share of the no-failure run's (and stay). */
  recoveryMin: number | null;
  recoveryCurve: { tS: number[]; ratio: number[] };
}

/**
 * The 15 % validator failure on lib/chain's PoA model (simulatePoa: round-robin proposers, a down
 * proposer's slot skipped, 2/3 quorum), its per-transaction gas and execution time measured on the
 * EVM (data/calibration/evm.json). The workload comes from a city run's market (orders + trades).
 */
export function chainUnderFailure(
  p: Fig8Params,
  market: { participants: number; tradesPerOpenInterval: number },
  seed: number,
): ChainResult {
  const key = JSON.stringify([
    p.validators,
    p.failureShare,
    p.blockIntervalS,
    p.latencyMedianMs,
    p.latencyLogSd,
    p.chainDurationS,
    p.chainSeeds,
    p.recoveryThreshold,
    market,
    seed,
  ]);
  const hit = chainMemo.get(key);
  if (hit) return hit;
  const r = computeChain(p, market, seed);
  chainMemo.set(key, r);
  return r;
}

const chainMemo = new Map<string, ChainResult>();

function computeChain(
  p: Fig8Params,
  market: { participants: number; tradesPerOpenInterval: number },
  seed: number,
): ChainResult {
  const cal = loadEvmCalibration();
  const intervalS = 900;
  const txPerParticipantPerS = (1 + market.tradesPerOpenInterval / market.participants) / intervalS;
  const cfg = (failureShare: number, durationS: number) => ({
    validators: p.validators,
    blockIntervalS: p.blockIntervalS,
    blockGasLimit: 30_000_000,
    failureShare,
    latencyMedianMs: p.latencyMedianMs,
    latencyLogSd: p.latencyLogSd,
    prosumers: market.participants,
    txPerProsumerPerS: txPerParticipantPerS,
    durationS,
  });
  let ok = 0;
  let fail = 0;
  let ver = 0;
  let led = 0;
  let skipped = 0;
  let blocks = 0;
  for (let k = 0; k < p.chainSeeds; k++) {
    const a = simulatePoa(cfg(0, p.chainDurationS), cal, seed + k).modelled;
    const b = simulatePoa(cfg(p.failureShare, p.chainDurationS), cal, seed + k).modelled;
    ok += a.throughputTps;
    fail += b.throughputTps;
    ver += b.verificationSuccess;
    led += b.ledgerConsistency;
    skipped += b.skippedSlots;
    blocks += b.blocks + b.skippedSlots;
  }
  ok /= p.chainSeeds;
  fail /= p.chainSeeds;
  // Recovery: the failure hits at t = 0. Performance(T) = transactions committed by T with the
  // failure / without it (cumulative since the failure; runs of length T are prefixes of the same
  // seeded run). Recovered at the first T from which it stays >= threshold up to the horizon.
  const step = p.blockIntervalS;
  const horizon = Math.min(p.chainDurationS, 600);
  const committed = (share: number, T: number) =>
    simulatePoa(cfg(share, T), cal, seed).modelled.throughputTps * T;
  const tS: number[] = [];
  const ratio: number[] = [];
  for (let T = step; T <= horizon + 1e-9; T += step) {
    const a = committed(0, T);
    const b = committed(p.failureShare, T);
    tS.push(T);
    ratio.push(a > 0 ? Math.round((1e6 * b) / a) / 1e6 : 1);
  }
  let recoveryMin: number | null = null;
  for (let i = 0; i < ratio.length; i++) {
    if (ratio.slice(i).every((r) => r >= p.recoveryThreshold)) {
      recoveryMin = i === 0 ? 0 : tS[i - 1] / 60;
      break;
    }
  }
  return {
    offeredTps: market.participants * txPerParticipantPerS,
    tradesPerOpenInterval: market.tradesPerOpenInterval,
    participants: market.participants,
    failedValidators: Math.round(p.failureShare * p.validators),
    throughputOkTps: ok,
    throughputFailTps: fail,
    activityRetainedPct: ok > 0 ? (100 * fail) / ok : 100,
    tradingDropPct: ok > 0 ? 100 * (1 - fail / ok) : 0,
    verificationSuccessPct: (100 * ver) / p.chainSeeds,
    ledgerIntegrityPct: (100 * led) / p.chainSeeds,
    skippedSlotShare: blocks > 0 ? skipped / blocks : 0,
    recoveryMin,
    recoveryCurve: { tS, ratio },
  };
}

// ----------------------------------------------------------------------------------------------
// Everything of Fig. 8

/** The six radar dimensions (Fig. 8e; the paper names only "load fulfillment rate"). */
export const RADAR_DIMENSIONS = [
  "load fulfilment, storm",
  "load fulfilment, heatwave",
  "self-supply retained, storm",
  "cost resilience",
  "recovery speed",
  "cyber resilience",
] as const;

/** How each dimension is scored (0-100, higher = more robust). */
export const RADAR_DEFINITIONS: Readonly<Record<(typeof RADAR_DIMENSIONS)[number], string>> = {
  "load fulfilment, storm": "served / demand over the 48 h storm (%)",
  "load fulfilment, heatwave": "served / demand over the 48 h heatwave (%)",
  "self-supply retained, storm":
    "100 x min(1, local supply share in the storm / the same strategy's share on the same hours without it); local supply = renewables used locally + P2P + battery to load",
  "cost resilience":
    "100 x min(1, grid purchase cost over the event without stress / with it), mean of storm and heatwave",
  "recovery speed":
    "100 x max(0, 1 - recovery time / 24 h), mean of storm and heatwave (not recovered in the window = 0)",
  "cyber resilience":
    "100 x (1 - P2P share of served load x trading drop under 15 % validator failure): the share of the strategy's supply the ledger failure leaves untouched (strategies without the P2P market: 100)",
};

export const ROBUSTNESS_INDEX_FORMULA =
  "RI = (1/6) x sum of the six radar scores (each 0-100, equal weights): load fulfilment in the storm and in the heatwave, storm self-supply retained, cost resilience, recovery speed, cyber resilience";

export interface StrategyRobustness {
  strategy: CityStrategy;
  storm: EventMetrics;
  stormNormal: EventMetrics;
  heat: EventMetrics;
  heatNormal: EventMetrics;
  /** Heatwave responses relative to the same hours without it (%; null when the normal value is 0). */
  batteryDischargeIncreasePct: number | null;
  p2pIncreasePct: number | null;
  recoveryStormMin: number | null;
  recoveryHeatMin: number | null;
  radar: Record<(typeof RADAR_DIMENSIONS)[number], number>;
  robustnessIndex: number;
}

export type Fig8Result = {
  params: { from: number; to: number; n: number; stepMin: number };
  strategies: StrategyRobustness[];
  chain: ChainResult;
  /** Per strategy: trailing-hour load satisfaction (%) and local supply share (%) over the storm window, with and without the storm. */
  stormTrace: Record<string, { satisfaction: number[]; local: number[]; localNormal: number[] }>;
  heatTrace: Record<
    string,
    { demandMw: number[]; batteryMw: number[]; p2pMw: number[]; drMw: number[]; unservedMw: number[] }
  >;
  recoveryCurves: Record<string, { storm: number[]; heat: number[] }>;
};

const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** Change of a over b (%): 0 when both are 0, null when only b is 0 (no finite change). */
const pctInc = (a: number, b: number) => (b > 0 ? r3((100 * (a - b)) / b) : a === 0 ? 0 : null);

function trailingPct(num: ArrayLike<number>, den: ArrayLike<number>, w: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < num.length; t++) {
    let a = 0;
    let b = 0;
    for (let k = Math.max(0, t - w + 1); k <= t; k++) {
      a += num[k];
      b += den[k];
    }
    out.push(b > 0 ? r3((100 * a) / b) : 100);
  }
  return out;
}

function roundMetrics(m: EventMetrics): EventMetrics {
  const o: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) o[k] = r3(v);
  return o as unknown as EventMetrics;
}

/** Runs (or loads) every Fig. 8 run and computes every panel's numbers. */
export async function robustnessOf(ctx: ExperimentContext, p: Fig8Params): Promise<Fig8Result> {
  const { from, to, n } = eventSteps(p);
  const stepMin = (24 * 60) / STEPS_PER_DAY;
  const hold = Math.round((p.recoveryHoldHours * 60) / stepMin);
  const runs = new Map<string, Record<string, StressRun>>();
  for (const s of p.strategies) {
    runs.set(s, {
      storm: await runStressCached(ctx, s, p, "storm", "storm"),
      stormNormal: await runStressCached(ctx, s, p, "storm", "normal"),
      heat: await runStressCached(ctx, s, p, "heatwave", "heatwave"),
      heatNormal: await runStressCached(ctx, s, p, "heatwave", "normal"),
    });
  }
  // chain workload: the proposed strategy's market if run, else the first strategy that trades
  const market = (p.strategies.includes("MADRL-MOO") ? ["MADRL-MOO"] : [])
    .concat(p.strategies.filter((s) => s !== "MADRL-MOO"))
    .map((s) => runs.get(s)?.stormNormal as StressRun)
    .find((r) => r.trades > 0);
  const anyRun = runs.get(p.strategies[0])?.stormNormal as StressRun;
  const chain = chainUnderFailure(
    p,
    {
      participants: anyRun.entities,
      tradesPerOpenInterval: market && market.marketSteps > 0 ? market.trades / market.marketSteps : 0,
    },
    ctx.seed,
  );
  const strategies: StrategyRobustness[] = [];
  const stormTrace: Fig8Result["stormTrace"] = {};
  const heatTrace: Fig8Result["heatTrace"] = {};
  const recoveryCurves: Fig8Result["recoveryCurves"] = {};
  const h = stepMin / 60;
  for (const s of p.strategies) {
    const r = runs.get(s) as Record<string, StressRun>;
    const storm = eventMetrics(r.storm, from, to);
    const stormNormal = eventMetrics(r.stormNormal, from, to);
    const heat = eventMetrics(r.heat, from, to);
    const heatNormal = eventMetrics(r.heatNormal, from, to);
    const recS = recoveryOf(r.storm, r.stormNormal, to, p.recoveryThreshold, hold, stepMin);
    const recH = recoveryOf(r.heat, r.heatNormal, to, p.recoveryThreshold, hold, stepMin);
    const speed = (m: number | null) => (m === null ? 0 : 100 * Math.max(0, 1 - m / (24 * 60)));
    const costRes = (a: EventMetrics, b: EventMetrics) =>
      b.purchaseCostUsd > 0 ? 100 * Math.min(1, a.purchaseCostUsd / b.purchaseCostUsd) : 100;
    const p2pShare = stormNormal.servedMwh > 0 ? stormNormal.p2pMwh / stormNormal.servedMwh : 0;
    const radar = {
      "load fulfilment, storm": r3(storm.loadSatisfactionPct),
      "load fulfilment, heatwave": r3(heat.loadSatisfactionPct),
      "self-supply retained, storm": r3(
        stormNormal.localSupplyPct > 0
          ? 100 * Math.min(1, storm.localSupplyPct / stormNormal.localSupplyPct)
          : 100,
      ),
      "cost resilience": r3((costRes(stormNormal, storm) + costRes(heatNormal, heat)) / 2),
      "recovery speed": r3((speed(recS.minutes) + speed(recH.minutes)) / 2),
      "cyber resilience": r3(100 * (1 - p2pShare * (chain.tradingDropPct / 100))),
    };
    const vals = Object.values(radar);
    strategies.push({
      strategy: s,
      storm: roundMetrics(storm),
      stormNormal: roundMetrics(stormNormal),
      heat: roundMetrics(heat),
      heatNormal: roundMetrics(heatNormal),
      batteryDischargeIncreasePct: pctInc(heat.batteryDischargeMwh, heatNormal.batteryDischargeMwh),
      p2pIncreasePct: pctInc(heat.p2pMwh, heatNormal.p2pMwh),
      recoveryStormMin: recS.minutes,
      recoveryHeatMin: recH.minutes,
      radar,
      robustnessIndex: r3(vals.reduce((a, b) => a + b, 0) / vals.length),
    });
    const st = r.storm.series;
    const local = (x: StressRun) =>
      Array.from(
        { length: n },
        (_, t) => x.series.renewLocalMwh[t] + x.series.renewP2pMwh[t] + x.series.batteryToLoadMwh[t],
      );
    stormTrace[s] = {
      satisfaction: trailingPct(st.demandServedMwh, st.demandMwh, 4),
      local: trailingPct(local(r.storm), st.demandMwh, 4),
      localNormal: trailingPct(local(r.stormNormal), r.stormNormal.series.demandMwh, 4),
    };
    const ht = r.heat.series;
    heatTrace[s] = {
      demandMw: Array.from(ht.demandMwh, (x) => r3(x / h)),
      batteryMw: Array.from(ht.batteryToLoadMwh, (x) => r3(x / h)),
      p2pMw: Array.from(ht.renewP2pMwh, (x) => r3(x / h)),
      drMw: Array.from(r.heat.drDeferredMwh, (x) => r3(x / h)),
      unservedMw: Array.from(ht.unservedMwh, (x) => r3(x / h)),
    };
    recoveryCurves[s] = { storm: recS.curve.map(r3), heat: recH.curve.map(r3) };
  }
  return { params: { from, to, n, stepMin }, strategies, chain, stormTrace, heatTrace, recoveryCurves };
}
