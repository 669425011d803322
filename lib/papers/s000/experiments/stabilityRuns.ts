import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type SeriesBundle, seriesCodec } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import { moduleFingerprint } from "../../../core/fingerprint";
import { hashValue } from "../../../core/hash";
import { repoRoot } from "../../../core/paths";
import type { ExperimentContext } from "../../../experiments/types";
import type { TraceWindow } from "../../../grid/frequency";
import { CITY_FLOW_COLUMNS, type CityFlows } from "../../../metrics/flows";
import { CITY_STRATEGIES } from "../agents/cityStrategies";
import { CityEnv } from "../env/cityEnv";
import { classSeries } from "../env/classFlows";
import { rulePolicyFor, runEpisode } from "../env/runEpisode";
import { cityStability, type StabilityConfig, type StabilityResult } from "../env/stability";
import { type CityConfig, DEFAULT_CITY_CONFIG, withHorizon } from "../world/cityConfig";
import { CLASS_EV_STATION } from "../world/entityClasses";
import { generateScenario, type Scenario } from "../world/scenario";
import { runCityStrategyCached } from "./cityRuns";
import { cityOf } from "./cityWorld";

/** What a strategy's episode leaves for the stability metrics. */
export interface StabilityEpisode {
  readonly flows: CityFlows;
  /**
   * EV charging drawn per step (MWh), when the runner has it. With the default feeder mapping EV
   * chargers follow the customers like the load, so only the total matters; without it the EV share
   * stays inside the load.
   */
  readonly evMwh?: Float64Array;
  /** Decision latency per step (ms) measured during the run (the policy call only): mean, p50, p95, max. */
  readonly latency: {
    readonly meanMs: number;
    readonly p50Ms?: number;
    readonly p95Ms?: number;
    readonly maxMs?: number;
  };
}

/**
 * The seam: how a strategy's episode over a horizon is obtained (run or loaded from a cache). The
 * stability metrics are then the same function for every strategy (lib/papers/s000/env/stability.ts). Register
 * more with registerStabilityStrategy.
 */
export type StabilityStrategyRunner = (
  ctx: ExperimentContext,
  opts: { readonly days: number; readonly startDay: number },
) => Promise<StabilityEpisode>;

const RUNNERS = new Map<string, StabilityStrategyRunner>();

/** Adds (or replaces) a strategy the stability experiments can run, by name. */
export function registerStabilityStrategy(name: string, runner: StabilityStrategyRunner): void {
  RUNNERS.set(name, runner);
}

/** Names of the strategies the stability experiments can run. */
export function stabilityStrategyNames(): string[] {
  return [...RUNNERS.keys()];
}

// The five strategies of lib/control, through the shared cached city runs (cityRuns.ts: the same
// episodes as Figs. 4 and 5; MADRL-MOO trained with the profile's budget).
for (const s of CITY_STRATEGIES) {
  registerStabilityStrategy(s, async (ctx, opts) => {
    const run = await runCityStrategyCached(ctx, s, opts);
    const lat = (run.timing as { latency?: StabilityEpisode["latency"] }).latency;
    if (!lat || !Number.isFinite(lat.meanMs))
      throw new ConfigError(
        `the cached run of ${s} has no decision latency`,
        "decisionLatencyMs",
        `pin it with params.decisionLatencyMs.${s}`,
      );
    return { flows: run.flows, latency: lat };
  });
}

/** The last scenario built (one horizon and seed is shared by all strategies of a run). */
let lastScenario: { key: string; sc: Scenario } | undefined;

/** The seed-000 city over `days` from `startDay` (memoised for the last key). */
export function stabilityScenario(
  days: number,
  startDay: number,
  seed: number,
  city: CityConfig = DEFAULT_CITY_CONFIG,
): Scenario {
  const key = `${days}|${startDay}|${seed}|${hashValue(city)}`;
  if (lastScenario?.key !== key)
    lastScenario = { key, sc: generateScenario(withHorizon(city, days, startDay), seed) };
  return lastScenario.sc;
}

const OPTIONAL_COLUMNS = ["p2pFeeUsd", "batteryDegradationUsd"] as const;

/**
 * The env's fixed rule policy (lib/papers/s000/env), the reference controller of the env's own tests, timed per decision and
 * cached like the city runs.
 */
registerStabilityStrategy("Rule policy", async (ctx, opts) => {
  const parts = {
    component: "sim.stability-rule-policy",
    version: moduleFingerprint(__filename),
    params: { ...opts, city: withHorizon(cityOf(ctx), 1, 0) },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, seriesCodec, async (): Promise<SeriesBundle> => {
    const env = new CityEnv(stabilityScenario(opts.days, opts.startDay, ctx.seed, cityOf(ctx)));
    env.reset(ctx.seed);
    const policy = rulePolicyFor(env);
    const ms: number[] = [];
    const ep = runEpisode(
      env,
      (obs) => {
        const t0 = process.hrtime.bigint();
        const a = policy(obs);
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        return a;
      },
      ctx.seed,
    );
    ms.sort((a, b) => a - b);
    const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
    const latency = {
      meanMs: ms.reduce((a, b) => a + b, 0) / ms.length,
      p50Ms: q(0.5),
      p95Ms: q(0.95),
      maxMs: ms[ms.length - 1],
    };
    const series: Record<string, Float64Array> = {
      evMwh: Float64Array.from(classSeries(ep.classFlows, "demandMwh", CLASS_EV_STATION)),
    };
    for (const c of CITY_FLOW_COLUMNS) series[c] = Float64Array.from(ep.flows[c]);
    for (const c of OPTIONAL_COLUMNS) {
      const v = ep.flows[c];
      if (v) series[c] = Float64Array.from(v);
    }
    return { json: { stepH: ep.flows.stepH, latency }, series };
  });
  const json = value.json as { stepH: number; latency: StabilityEpisode["latency"] };
  const { evMwh, ...cols } = value.series;
  return { flows: { stepH: json.stepH, ...cols } as unknown as CityFlows, evMwh, latency: json.latency };
});

/** One strategy's episode (through its runner) over the horizon. */
export async function runStabilityEpisode(
  ctx: ExperimentContext,
  strategy: string,
  opts: { days: number; startDay: number },
): Promise<StabilityEpisode> {
  const runner = RUNNERS.get(strategy);
  if (!runner)
    throw new ConfigError(
      `unknown strategy "${strategy}"`,
      "strategies",
      `one of ${stabilityStrategyNames().join(", ")} (or registerStabilityStrategy)`,
    );
  ctx.log(`stability: ${strategy}, ${opts.days} days from day ${opts.startDay}`);
  return runner(ctx, { days: opts.days, startDay: opts.startDay });
}

/** The decision-latency calibration (repository-relative): written by bench/s000-decision-latency.ts. */
export const DECISION_LATENCY_FILE = "data/calibration/s000-decision-latency.json";

export interface DecisionLatencyCalibration {
  readonly measuredAt: string;
  readonly strategies: Readonly<Record<string, { readonly meanMs: number; readonly p95Ms: number }>>;
}

const latencyCalibrations = new Map<string, DecisionLatencyCalibration>();

/**
 * The measured decision latencies Fig. 6 uses unless params pin them: a versioned file, so results do
 * not drift with the machine's load (DESIGN §7); what this run measured stays in the run's cache entry
 * and the notes.
 */
export function decisionLatencyCalibration(
  file = join(repoRoot(), DECISION_LATENCY_FILE),
): DecisionLatencyCalibration {
  const hit = latencyCalibrations.get(file);
  if (hit) return hit;
  let j: DecisionLatencyCalibration;
  try {
    j = JSON.parse(readFileSync(file, "utf8")) as DecisionLatencyCalibration;
  } catch (err) {
    throw new ConfigError(
      `cannot read the decision-latency calibration (${(err as Error).message})`,
      file,
      "run `npx tsx bench/s000-decision-latency.ts --write`",
    );
  }
  for (const [s, v] of Object.entries(j.strategies ?? {}))
    if (!(v.meanMs >= 0 && v.p95Ms >= 0))
      throw new ConfigError(
        `strategy ${s} needs meanMs and p95Ms >= 0`,
        file,
        "re-run `npx tsx bench/s000-decision-latency.ts --write`",
      );
  latencyCalibrations.set(file, j);
  return j;
}

/** Params every Fig. 6 experiment shares. */
export interface StabilityRunParams {
  readonly days: number;
  readonly startDay: number;
  readonly strategies: readonly string[];
  /** Per-strategy decision latency (ms) to use instead of the calibrated one (data/calibration/s000-decision-latency.json). */
  readonly decisionLatencyMs: Readonly<Record<string, number>>;
  /** Size of the balancing area (MW); ADR 0300's default 2,000. */
  readonly systemBaseMw: number;
}

export interface StrategyStability {
  readonly strategy: string;
  readonly measuredLatency: StabilityEpisode["latency"];
  readonly decisionLatencyMs: number;
  /** True when params pinned the decision latency; otherwise it is the calibration's. */
  readonly pinned: boolean;
  /** The P95 decision latency used (ms): the pinned value, or the calibration's. */
  readonly decisionLatencyP95Ms: number;
  readonly result: StabilityResult;
}

const STABILITY_MEMO = new Map<string, { sum: number; value: StabilityResult }>();

/** A cheap fingerprint of an episode's flows (so a memoised result is only reused for the same episode). */
function flowChecksum(f: CityFlows): number {
  let s = 0;
  const cols = [
    f.gridImportMwh,
    f.gridExportMwh,
    f.batteryChargeMwh,
    f.batteryDischargeMwh,
    f.demandServedMwh,
  ];
  for (let c = 0; c < cols.length; c++) {
    const a = cols[c];
    for (let t = 0; t < a.length; t++) s += a[t] * (1 + ((t * 7 + c) % 13));
  }
  return s;
}

/** Episodes and stability metrics of every strategy in `p.strategies` (the same function for each). */
export async function stabilityOfStrategies(
  ctx: ExperimentContext,
  p: StabilityRunParams,
  trace?: TraceWindow | readonly TraceWindow[],
): Promise<StrategyStability[]> {
  const out: StrategyStability[] = [];
  for (const strategy of p.strategies) {
    const ep = await runStabilityEpisode(ctx, strategy, p);
    const sc = stabilityScenario(p.days, p.startDay, ctx.seed, cityOf(ctx));
    const calibrated =
      p.decisionLatencyMs[strategy] === undefined
        ? decisionLatencyCalibration().strategies[strategy]
        : undefined;
    if (p.decisionLatencyMs[strategy] === undefined && !calibrated)
      throw new ConfigError(
        `no calibrated decision latency for ${strategy}`,
        `${DECISION_LATENCY_FILE} strategies`,
        `run \`npx tsx bench/s000-decision-latency.ts --write\` or pin it with params.decisionLatencyMs.${strategy}`,
      );
    const latency = p.decisionLatencyMs[strategy] ?? (calibrated as { meanMs: number }).meanMs;
    const config: Partial<StabilityConfig> = { frequency: { systemBaseMw: p.systemBaseMw } };
    // The six panels of one run share the computation (a year takes ~3 s per strategy).
    const key = JSON.stringify([
      ctx.profile,
      ctx.seed,
      p.days,
      p.startDay,
      strategy,
      latency,
      p.systemBaseMw,
      trace ?? null,
    ]);
    const sum = flowChecksum(ep.flows);
    let memo = STABILITY_MEMO.get(key);
    if (!memo || memo.sum !== sum) {
      const input = { flows: ep.flows, scenario: sc, decisionLatencyMs: latency, evMwh: ep.evMwh };
      memo = { sum, value: cityStability(input, config, trace) };
      STABILITY_MEMO.set(key, memo);
      if (STABILITY_MEMO.size > 16) STABILITY_MEMO.delete(STABILITY_MEMO.keys().next().value as string);
    }
    const value = memo.value;
    const pinned = p.decisionLatencyMs[strategy] !== undefined;
    out.push({
      strategy,
      measuredLatency: ep.latency,
      decisionLatencyMs: latency,
      decisionLatencyP95Ms: pinned ? latency : (calibrated as { p95Ms: number }).p95Ms,
      pinned,
      result: value,
    });
  }
  return out;
}
