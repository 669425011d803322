import { ConfigError } from "../core/errors";
import {
  type BatteryLimits,
  feasibleBatteryPowerMw,
  nextSocMwh,
  validateBatteryLimits,
} from "../storage/battery";
import type { AgentSpec, MultiAgentEnv, MultiAgentStep } from "./env";

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
