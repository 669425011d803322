import loadHighs from "highs";
import { ConfigError } from "../core/errors";
import {
  type BatteryLimits,
  feasibleBatteryPowerMw,
  nextSocMwh,
  validateBatteryLimits,
} from "../storage/battery";
import type { AgentSpec, MultiAgentEnv, MultiAgentStep } from "./env";
import { Maddpg, type MaddpgConfig } from "./maddpg";
import { type MaddpgBudget, type MaddpgSettings, resolveMaddpgTraining } from "./maddpgSettings";
import { evaluateMaddpg, type TrainingHooks, trainMaddpg } from "./train";

/**
 * A small deterministic validation task (not the city): N identical batteries, each its own agent,
 * trading against one known price series with no load. Action a in [-1, 1] -> battery power a * Pmax
 * (+ discharge), clipped to what SOC allows. Reward terms per agent: [revenueUsd] for the step.
 * Observation: [soc fraction, price / priceScale, next price / priceScale, t / T, sin, cos of the day angle].
 */
export interface BatteryArbitrageTask {
  readonly priceUsdPerMwh: Float64Array;
  readonly battery: BatteryLimits;
  readonly socStartMwh: number;
  readonly stepH: number;
  readonly agents: number;
  /** Divides prices in observations (keeps inputs O(1)). */
  readonly priceScaleUsdPerMwh: number;
}

export class BatteryArbitrageEnv implements MultiAgentEnv {
  readonly agents: readonly AgentSpec[];
  readonly rewardTermNames = ["revenueUsd"] as const;
  private t = 0;
  private readonly soc: Float64Array;

  constructor(readonly task: BatteryArbitrageTask) {
    validateBatteryLimits(task.battery, "BatteryArbitrageTask.battery");
    if (task.priceUsdPerMwh.length < 1) throw new ConfigError("empty price series", "BatteryArbitrageTask");
    this.agents = Array.from({ length: task.agents }, (_, i) => ({
      id: `battery${i}`,
      observationSize: 6,
      actionSize: 1,
    }));
    this.soc = new Float64Array(task.agents);
  }

  get horizon(): number {
    return this.task.priceUsdPerMwh.length;
  }

  private observe(): Float64Array[] {
    const { priceUsdPerMwh: p, priceScaleUsdPerMwh: k, battery } = this.task;
    const T = p.length;
    const angle = (2 * Math.PI * this.t) / T;
    const price = p[Math.min(this.t, T - 1)] / k;
    const next = p[Math.min(this.t + 1, T - 1)] / k;
    return Array.from(this.soc, (s) =>
      Float64Array.of(s / battery.capacityMwh, price, next, this.t / T, Math.sin(angle), Math.cos(angle)),
    );
  }

  reset(_seed: number): Float64Array[] {
    this.t = 0;
    this.soc.fill(this.task.socStartMwh);
    return this.observe();
  }

  step(actions: readonly Float64Array[]): MultiAgentStep {
    const { battery, stepH, priceUsdPerMwh } = this.task;
    const price = priceUsdPerMwh[this.t];
    const terms: Float64Array[] = [];
    for (let i = 0; i < this.soc.length; i++) {
      const a = Math.max(-1, Math.min(1, actions[i][0]));
      const requested = a >= 0 ? a * battery.maxDischargeMw : a * battery.maxChargeMw;
      const p = feasibleBatteryPowerMw(battery, this.soc[i], requested, stepH);
      this.soc[i] = nextSocMwh(battery, this.soc[i], p, stepH);
      terms.push(Float64Array.of(price * p * stepH));
    }
    this.t++;
    const done = this.t >= priceUsdPerMwh.length;
    return { observations: this.observe(), rewardTerms: terms, done };
  }
}

/** A day of hourly prices (USD/MWh): night trough, morning shoulder, evening peak. */
export const ARBITRAGE_DAY_PRICE_USD_PER_MWH: readonly number[] = [
  35, 32, 30, 30, 33, 40, 55, 70, 80, 75, 65, 60, 58, 60, 65, 75, 95, 140, 170, 160, 130, 95, 70, 50,
];

/** A 4 MWh / 1 MW battery, 95 % one-way efficiencies, starting empty. */
export const ARBITRAGE_DAY_BATTERY: BatteryLimits = {
  capacityMwh: 4,
  socMinMwh: 0,
  socMaxMwh: 4,
  maxChargeMw: 1,
  maxDischargeMw: 1,
  etaCharge: 0.95,
  etaDischarge: 0.95,
};

/**
 * The validation day (ADR 0701): `agents` identical batteries on ARBITRAGE_DAY_PRICE_USD_PER_MWH, hourly
 * steps, empty at the start. Its LP optimum is 468.16 USD per battery.
 */
export function arbitrageDayTask(agents = 1): BatteryArbitrageTask {
  return {
    priceUsdPerMwh: Float64Array.from(ARBITRAGE_DAY_PRICE_USD_PER_MWH),
    battery: ARBITRAGE_DAY_BATTERY,
    socStartMwh: 0,
    stepH: 1,
    agents,
    priceScaleUsdPerMwh: 100,
  };
}

/**
 * The task's arbitrage optimum (USD, all batteries) by an LP in CPLEX-LP text (HiGHS), independent of
 * lib/control/mpc: max sum_t p_t (d_t - c_t) stepH s.t. SOC dynamics with one-way efficiencies and limits.
 */
export async function arbitrageOptimumUsd(task: BatteryArbitrageTask): Promise<number> {
  const highs = await loadHighs();
  const { priceUsdPerMwh: price, battery: b, stepH } = task;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  for (let t = 0; t < price.length; t++) {
    obj.push(`+ ${price[t] * stepH} d${t} - ${price[t] * stepH} c${t}`);
    const prev = t === 0 ? "" : `- s${t - 1}`;
    const rhs = t === 0 ? task.socStartMwh : 0;
    rows.push(
      ` soc${t}: s${t} ${prev} - ${b.etaCharge * stepH} c${t} + ${stepH / b.etaDischarge} d${t} = ${rhs}`,
    );
    bounds.push(` 0 <= c${t} <= ${b.maxChargeMw}`, ` 0 <= d${t} <= ${b.maxDischargeMw}`);
    bounds.push(` ${b.socMinMwh} <= s${t} <= ${b.socMaxMwh}`);
  }
  const lp = `Maximize\n obj: ${obj.join(" ")}\nSubject To\n${rows.join("\n")}\nBounds\n${bounds.join("\n")}\nEnd\n`;
  const res = highs.solve(lp, { output_flag: false } as never);
  if (res.Status !== "Optimal")
    throw new ConfigError(`the arbitrage LP is ${res.Status}`, "arbitrageOptimumUsd(task)");
  return res.ObjectiveValue * task.agents;
}

/** USD to reward units in training on the arbitrage day (0.01: rewards O(1) per step, like the city's scaled terms). */
export const ARBITRAGE_REWARD_WEIGHT = 0.01;

/** One validation run of MADDPG settings on the arbitrage day. */
export interface ArbitrageValidationRun {
  readonly seed: number;
  readonly profitUsd: number;
  readonly optimumUsd: number;
  /** profit / optimum. */
  readonly shareOfOptimum: number;
  readonly episodesRun: number;
  readonly stopReason: "budget" | "plateau";
  readonly envSteps: number;
  readonly gradientSteps: number;
  readonly wallSeconds: number;
  readonly backend: string;
  readonly episodeReward: number[];
}

/**
 * Trains MADDPG with `settings` and `budget` on the arbitrage day (seed `seed` for networks and streams)
 * and scores the LAST weights (noise-free) against the LP optimum. Early stopping evaluates on the same
 * deterministic day (the task has no held-out data), so the best-evaluated weights are not restored:
 * restoring them would select on the score itself.
 */
export async function validateOnArbitrageDay(
  settings: MaddpgSettings,
  budget: MaddpgBudget,
  seed: number,
  opts: { agents?: number; maddpg?: Partial<MaddpgConfig>; hooks?: TrainingHooks; optimumUsd?: number } = {},
): Promise<ArbitrageValidationRun> {
  const task = arbitrageDayTask(opts.agents ?? 1);
  const optimumUsd = opts.optimumUsd ?? (await arbitrageOptimumUsd(task));
  const env = new BatteryArbitrageEnv(task);
  const T = task.priceUsdPerMwh.length;
  const r = resolveMaddpgTraining(settings, budget, T);
  const agent = new Maddpg(env.agents, { ...r.maddpg, ...opts.maddpg }, seed);
  const evalEnv = new BatteryArbitrageEnv(task);
  const curve = trainMaddpg(env, agent, [ARBITRAGE_REWARD_WEIGHT], r.training, seed, {
    evaluate: (a) => evaluateMaddpg(evalEnv, a, [1], 0, T).totalReward,
    ...opts.hooks,
  });
  const ev = evaluateMaddpg(env, agent, [1], 0, T);
  return {
    seed,
    profitUsd: ev.totalReward,
    optimumUsd,
    shareOfOptimum: ev.totalReward / optimumUsd,
    episodesRun: curve.episodeReward.length,
    stopReason: curve.stopReason ?? "budget",
    envSteps: curve.envSteps,
    gradientSteps: curve.gradientSteps,
    wallSeconds: curve.wallSeconds,
    backend: curve.backend,
    episodeReward: Array.from(curve.episodeReward),
  };
}
