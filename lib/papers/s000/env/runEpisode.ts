import type { TradeLog } from "../../../market/tradeLog";
import type { CityFlows } from "../../../metrics/flows";
import type { CityEnv, CityStep } from "./cityEnv";
import type { ClassFlows } from "./classFlows";
import { type CityPolicy, createRulePolicy, DEFAULT_RULE_POLICY, type RulePolicyConfig } from "./rulePolicy";

export interface EpisodeResult {
  readonly flows: CityFlows;
  readonly classFlows: ClassFlows;
  /** Per-entity P2P trading benefit (USD) over the episode. */
  readonly benefitUsdByEntity: Float64Array;
  readonly steps: number;
  /** Steps in which the P2P auction ran (some PV existed) and total trades. */
  readonly marketSteps: number;
  readonly trades: number;
  readonly evUnservedMwh: number;
  /** Sum over steps of each agent's reward terms (REWARD_TERMS order). */
  readonly rewardTermSums: Readonly<Record<string, Float64Array>>;
}

export interface EpisodeOptions {
  /** Called after every step (e.g. progress, a learner's replay buffer). */
  readonly onStep?: (step: CityStep) => void;
  /** Called with each step's trades (a view valid only during the call; copyTradeLog to keep). */
  readonly onTrades?: (trades: TradeLog) => void;
}

/** Runs one episode of `env` under `policy` from reset(seed) to the end of the horizon. */
export function runEpisode(
  env: CityEnv,
  policy: CityPolicy,
  seed: number,
  opts: EpisodeOptions = {},
): EpisodeResult {
  let obs = env.reset(seed);
  let marketSteps = 0;
  let trades = 0;
  let evUnserved = 0;
  const sums: Record<string, Float64Array> = {};
  for (const id of env.agents) sums[id] = new Float64Array(env.rewardTermNames.length);
  for (;;) {
    const step = env.step(policy(obs));
    const info = step.info;
    if (info.clearing) {
      marketSteps++;
      trades += info.clearing.trades.count;
      if (opts.onTrades) opts.onTrades(info.clearing.trades);
    }
    evUnserved += info.evUnservedMwh;
    for (const id of env.agents) {
      const r = step.rewardTerms[id];
      const s = sums[id];
      for (let k = 0; k < r.length; k++) s[k] += r[k];
    }
    if (opts.onStep) opts.onStep(step);
    obs = step.observations;
    if (step.terminated || step.truncated) break;
  }
  return {
    flows: env.flows,
    classFlows: env.classFlows,
    benefitUsdByEntity: env.benefitUsdByEntity,
    steps: env.length,
    marketSteps,
    trades,
    evUnservedMwh: evUnserved,
    rewardTermSums: sums,
  };
}

/** The fixed rule policy for `env`'s city (scales from its config). */
export function rulePolicyFor(env: CityEnv, cfg: RulePolicyConfig = DEFAULT_RULE_POLICY): CityPolicy {
  return createRulePolicy(
    env.entityCount,
    { batteryMaxMw: env.config.battery.maxDischargeMw, peakTargetMw: env.config.demand.peakTargetMw },
    cfg,
  );
}

/** A full episode under the fixed rule policy. */
export function runRulePolicyEpisode(env: CityEnv, seed: number, opts: EpisodeOptions = {}): EpisodeResult {
  return runEpisode(env, rulePolicyFor(env), seed, opts);
}
