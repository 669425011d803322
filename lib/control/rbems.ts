import { ConfigError } from "../core/errors";
import { type BatteryLimits, feasibleBatteryPowerMw, validateBatteryLimits } from "../storage/battery";
import { LatencyLog, timed } from "./latency";

/**
 * Rule-based EMS (Benchmark 1 of seed 000, notes-000 §2: "a conventional threshold-based control
 * strategy commonly used in microgrid applications"). Rules, first match wins:
 *   1. surplus (netLoad < -surplusThresholdMw): charge with the surplus;
 *   2. price <= lowPrice: charge at full power from the grid;
 *   3. price >= highPrice: discharge at full power;
 *   4. deficit (netLoad > deficitThresholdMw): discharge to cover the deficit;
 *   5. otherwise idle.
 * Charging stops at socChargeLimitFrac of capacity, discharging at socDischargeLimitFrac (on top of
 * the battery's own SOC window). Output: battery power, + discharge, feasible for one step.
 */
export interface RbemsThresholds {
  /** USD/MWh; the top of the paper's off-peak band "$35-60/MWh" (notes-000 §1.8): below it is off-peak. */
  readonly lowPriceUsdPerMwh: number;
  /** USD/MWh; the bottom of the paper's peak band "$120-180/MWh" (notes-000 §1.8). */
  readonly highPriceUsdPerMwh: number;
  /** MW of renewable surplus (-netLoad) above which rule 1 fires; 0 = any surplus. */
  readonly surplusThresholdMw: number;
  /** MW of deficit above which rule 4 fires; 0 = any deficit. */
  readonly deficitThresholdMw: number;
  /** Fraction of capacity above which the rules stop charging (0.9; common 10-90 % SOC window). */
  readonly socChargeLimitFrac: number;
  /** Fraction of capacity below which the rules stop discharging (0.2, keeping a reserve for the peak). */
  readonly socDischargeLimitFrac: number;
}

export const DEFAULT_RBEMS: RbemsThresholds = {
  lowPriceUsdPerMwh: 60,
  highPriceUsdPerMwh: 120,
  surplusThresholdMw: 0,
  deficitThresholdMw: 0,
  socChargeLimitFrac: 0.9,
  socDischargeLimitFrac: 0.2,
};

export interface RbemsState {
  /** Load minus renewables (MW): > 0 deficit, < 0 surplus. */
  readonly netLoadMw: number;
  readonly priceUsdPerMwh: number;
  readonly socMwh: number;
}

export type RbemsRule = "surplus" | "lowPrice" | "highPrice" | "deficit" | "idle";

/** The rules as a pure function: battery power (MW, + discharge) and the rule that fired. */
export function rbemsDecide(
  state: RbemsState,
  battery: BatteryLimits,
  stepH: number,
  th: RbemsThresholds = DEFAULT_RBEMS,
): { batteryPowerMw: number; rule: RbemsRule } {
  const chargeLimited: BatteryLimits = {
    ...battery,
    socMaxMwh: Math.min(battery.socMaxMwh, th.socChargeLimitFrac * battery.capacityMwh),
  };
  const dischargeLimited: BatteryLimits = {
    ...battery,
    socMinMwh: Math.max(battery.socMinMwh, th.socDischargeLimitFrac * battery.capacityMwh),
  };
  const charge = (mw: number) => feasibleBatteryPowerMw(chargeLimited, state.socMwh, -mw, stepH);
  const discharge = (mw: number) => feasibleBatteryPowerMw(dischargeLimited, state.socMwh, mw, stepH);
  if (-state.netLoadMw > th.surplusThresholdMw)
    return { batteryPowerMw: charge(-state.netLoadMw), rule: "surplus" };
  if (state.priceUsdPerMwh <= th.lowPriceUsdPerMwh)
    return { batteryPowerMw: charge(battery.maxChargeMw), rule: "lowPrice" };
  if (state.priceUsdPerMwh >= th.highPriceUsdPerMwh) {
    return { batteryPowerMw: discharge(battery.maxDischargeMw), rule: "highPrice" };
  }
  if (state.netLoadMw > th.deficitThresholdMw)
    return { batteryPowerMw: discharge(state.netLoadMw), rule: "deficit" };
  return { batteryPowerMw: 0, rule: "idle" };
}

/** RBEMS with its decision latency recorded per step (Fig. 6(f)), for symmetry with the other controllers. */
export class RbemsController {
  readonly latency = new LatencyLog();

  constructor(
    readonly battery: BatteryLimits,
    readonly thresholds: RbemsThresholds = DEFAULT_RBEMS,
  ) {
    validateBatteryLimits(battery, "RbemsController.battery");
    if (thresholds.lowPriceUsdPerMwh > thresholds.highPriceUsdPerMwh) {
      throw new ConfigError(
        `lowPriceUsdPerMwh ${thresholds.lowPriceUsdPerMwh} exceeds highPriceUsdPerMwh ${thresholds.highPriceUsdPerMwh}`,
        "RbemsThresholds",
      );
    }
  }

  decide(state: RbemsState, stepH: number): { batteryPowerMw: number; rule: RbemsRule; latencyMs: number } {
    const { value, latencyMs } = timed(() => rbemsDecide(state, this.battery, stepH, this.thresholds));
    this.latency.add(latencyMs);
    return { ...value, latencyMs };
  }
}
