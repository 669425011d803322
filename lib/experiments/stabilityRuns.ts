import { DEFAULT_CITY_CONFIG, withHorizon } from "../city/cityConfig";
import { CLASS_EV_STATION } from "../city/entityClasses";
import { generateScenario, type Scenario } from "../city/scenario";
import { CITY_STRATEGIES, type CityStrategy, runCityStrategyEpisode } from "../control/cityStrategies";
import { type SeriesBundle, seriesCodec } from "../core/cache";
import { ConfigError } from "../core/errors";
import { codeFingerprint } from "../core/fingerprint";
import { CITY_FLOW_COLUMNS, type CityFlows } from "../metrics/flows";
import { CityEnv } from "../sim/cityEnv";
import { classSeries } from "../sim/classFlows";
import { rulePolicyFor, runEpisode } from "../sim/runEpisode";
import { cityStability, type StabilityConfig, type StabilityResult } from "../sim/stability";
import type { ExperimentContext } from "./types";

/** What a strategy's episode leaves for the stability metrics. */
export interface StabilityEpisode {
  readonly flows: CityFlows;
  /** EV charging actually drawn per step (MWh). */
  readonly evMwh: Float64Array;
  /** Mean decision latency per step (ms), measured during the run (the policy call only). */
  readonly decisionLatencyMs: number;
  readonly latency: Readonly<Record<string, number>>;
}

/**
 * The seam: how a strategy runs one episode on `env` from reset(seed). Every runner returns the
 * finished episode and its measured decision latency; the stability metrics are then the same
 * function for all (lib/sim/stability.ts). Register more with registerStabilityStrategy.
 */
export type StabilityStrategyRunner = (
  env: CityEnv,
  seed: number,
  ctx: ExperimentContext,
  opts: { readonly trainingProfile: "ci" | "quick" | "paper" },
) => Promise<{
  flows: CityFlows;
  evMwh: Float64Array;
  latency: { meanMs: number; p50Ms: number; p95Ms: number; maxMs: number };
}>;

const RUNNERS = new Map<string, StabilityStrategyRunner>();

/** Adds (or replaces) a strategy the stability experiments can run, by name. */
export function registerStabilityStrategy(name: string, runner: StabilityStrategyRunner): void {
  RUNNERS.set(name, runner);
}

/** Names of the strategies the stability experiments can run. */
export function stabilityStrategyNames(): string[] {
  return [...RUNNERS.keys()];
}

// The five strategies of lib/control (timed decisions, MADRL-MOO trained through the cache).
for (const s of CITY_STRATEGIES) {
  registerStabilityStrategy(s, async (env, seed, ctx, opts) => {
    const r = await runCityStrategyEpisode(s as CityStrategy, env, seed, {
      cache: ctx.cache,
      trainingProfile: opts.trainingProfile,
    });
    return {
      flows: r.result.flows,
      evMwh: Float64Array.from(classSeries(r.result.classFlows, "demandMwh", CLASS_EV_STATION)),
      latency: r.latency,
    };
  });
}

// The env's fixed rule policy (lib/sim), the foundation slice's controller.
registerStabilityStrategy("Rule policy", async (env, seed) => {
  env.reset(seed);
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
    seed,
  );
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  return {
    flows: ep.flows,
    evMwh: Float64Array.from(classSeries(ep.classFlows, "demandMwh", CLASS_EV_STATION)),
    latency: {
      meanMs: ms.reduce((a, b) => a + b, 0) / ms.length,
      p50Ms: q(0.5),
      p95Ms: q(0.95),
      maxMs: ms[ms.length - 1],
    },
  };
});

/** The last scenario built (one horizon and seed is shared by all strategies of a run). */
let lastScenario: { key: string; sc: Scenario } | undefined;

/** The seed-000 city over `days` from `startDay` (memoised for the last key). */
export function stabilityScenario(days: number, startDay: number, seed: number): Scenario {
  const key = `${days}|${startDay}|${seed}`;
  if (lastScenario?.key !== key)
    lastScenario = { key, sc: generateScenario(withHorizon(DEFAULT_CITY_CONFIG, days, startDay), seed) };
  return lastScenario.sc;
}

const OPTIONAL_COLUMNS = ["p2pFeeUsd", "batteryDegradationUsd"] as const;

/**
 * One strategy's episode on the seed-000 city, cached (keyed by strategy, horizon, seed, training
 * profile and the code of the layers it runs), so all Fig. 6 panels and the notebook share it.
 */
export async function runStabilityEpisode(
  ctx: ExperimentContext,
  strategy: string,
  opts: { days: number; startDay: number; trainingProfile: "ci" | "quick" | "paper" },
): Promise<StabilityEpisode> {
  const runner = RUNNERS.get(strategy);
  if (!runner)
    throw new ConfigError(
      `unknown strategy "${strategy}"`,
      "strategies",
      `one of ${stabilityStrategyNames().join(", ")} (or registerStabilityStrategy)`,
    );
  const parts = {
    component: "sim.stability-episode",
    version: codeFingerprint(
      "core",
      "city",
      "market",
      "metrics",
      "sim",
      "nn",
      "forecast",
      "optimise",
      "control",
    ),
    params: { strategy, ...opts },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, seriesCodec, async (): Promise<SeriesBundle> => {
    const sc = stabilityScenario(opts.days, opts.startDay, ctx.seed);
    ctx.log(`stability: running ${strategy} for ${opts.days} days from day ${opts.startDay}`);
    const r = await runner(new CityEnv(sc), ctx.seed, ctx, { trainingProfile: opts.trainingProfile });
    const series: Record<string, Float64Array> = { evMwh: r.evMwh };
    for (const c of CITY_FLOW_COLUMNS) series[c] = Float64Array.from(r.flows[c]);
    for (const c of OPTIONAL_COLUMNS) {
      const v = r.flows[c];
      if (v) series[c] = Float64Array.from(v);
    }
    return { json: { stepH: r.flows.stepH, latency: r.latency }, series };
  });
  const json = value.json as { stepH: number; latency: Record<string, number> };
  const { evMwh, ...cols } = value.series;
  return {
    flows: { stepH: json.stepH, ...cols } as unknown as CityFlows,
    evMwh,
    decisionLatencyMs: json.latency.meanMs,
    latency: json.latency,
  };
}

/** Params every Fig. 6 experiment shares. */
export interface StabilityRunParams {
  readonly days: number;
  readonly startDay: number;
  readonly strategies: readonly string[];
  readonly trainingProfile: "ci" | "quick" | "paper";
  /** Per-strategy decision latency (ms) to use instead of the measured one (pins the result). */
  readonly decisionLatencyMs: Readonly<Record<string, number>>;
  /** Size of the balancing area (MW); ADR 0300's default 2,000. */
  readonly systemBaseMw: number;
}

export interface StrategyStability {
  readonly strategy: string;
  readonly measuredLatency: Readonly<Record<string, number>>;
  readonly decisionLatencyMs: number;
  /** True when params pinned the decision latency (then nothing measured enters the result). */
  readonly pinned: boolean;
  readonly result: StabilityResult;
}

/** Episodes and stability metrics of every strategy in `p.strategies` (the same function for each). */
export async function stabilityOfStrategies(
  ctx: ExperimentContext,
  p: StabilityRunParams,
  trace?: { fromStep: number; toStep: number; everyS: number },
): Promise<StrategyStability[]> {
  const out: StrategyStability[] = [];
  for (const strategy of p.strategies) {
    const ep = await runStabilityEpisode(ctx, strategy, p);
    const sc = stabilityScenario(p.days, p.startDay, ctx.seed);
    const latency = p.decisionLatencyMs[strategy] ?? ep.decisionLatencyMs;
    const config: Partial<StabilityConfig> = { frequency: { systemBaseMw: p.systemBaseMw } };
    const result = cityStability(
      {
        flows: ep.flows,
        scenario: sc,
        decisionLatencyMs: latency,
        evMwh: ep.evMwh,
      },
      config,
      trace,
    );
    const pinned = p.decisionLatencyMs[strategy] !== undefined;
    out.push({ strategy, measuredLatency: ep.latency, decisionLatencyMs: latency, pinned, result });
  }
  return out;
}
