import {
  allocateCityActions,
  type CityActions,
  type CityObservations,
  COMMON_FEATURES,
  drShareAction,
} from "./agents";

/**
 * A fixed rule policy for the whole city, so a year runs without any learning (the year
 * benchmark, the stability panels' "Rule policy" and the energy problem's reference use it). It
 * reads only the agents' observations.
 *
 * Storage (threshold rules of a conventional microgrid EMS, first match wins; the same thresholds as
 * lib/control's DEFAULT_RBEMS, which sim cannot import):
 *   1. renewable surplus (uncontrolled net load < 0): charge with the surplus;
 *   2. import price <= lowPrice: charge at full power;
 *   3. import price >= highPrice: discharge at full power;
 *   4. deficit: discharge to cover it;
 *   charging stops above socChargeLimitFrac, discharging below socDischargeLimitFrac.
 * Renewables: no cap, export all surplus the limit allows. Consumers: DR share `peakDrShare` of the
 * flexible load in the peak band, none otherwise; EV sessions charge at full power except in the peak
 * band (then only what their deadline requires). Traders: sellers ask at 0.1 + 0.4 p, buyers bid at
 * 0.5 + 0.5 p of the [feed-in, retail] span (p = the entity's price preference), full quantities.
 * Coordinator: uniform price at mid-interval, neutral signal. In the centred action mapping (ADR 0704)
 * all of this except storage and the peak DR is the zero action: the env's default.
 */
export interface RulePolicyConfig {
  /** USD/MWh; top of the off-peak band $35-60 (notes-000 §1.8). */
  readonly lowPriceUsdPerMwh: number;
  /** USD/MWh; bottom of the peak band $120-180 (notes-000 §1.8). */
  readonly highPriceUsdPerMwh: number;
  readonly socChargeLimitFrac: number;
  readonly socDischargeLimitFrac: number;
  /** DR share of flexible load deferred in the peak band. [choice] */
  readonly peakDrShare: number;
}

export const DEFAULT_RULE_POLICY: RulePolicyConfig = {
  lowPriceUsdPerMwh: 60,
  highPriceUsdPerMwh: 120,
  socChargeLimitFrac: 0.9,
  socDischargeLimitFrac: 0.2,
  peakDrShare: 0.5,
};

export type CityPolicy = (obs: CityObservations) => CityActions;

/**
 * The rule policy for a city of `nEntities` market participants. Returns the same action buffers
 * every call (no allocation per step). `batteryMaxMw` and `peakTargetMw` undo the observation scaling.
 */
export function createRulePolicy(
  nEntities: number,
  scales: { batteryMaxMw: number; peakTargetMw: number },
  cfg: RulePolicyConfig = DEFAULT_RULE_POLICY,
): CityPolicy {
  // Zero actions are the env's defaults (agents.ts): no cap, full export, EVs at the default speed
  // (full power, the deadline minimum in the peak band), the default bidding line with full
  // quantities, the market's price position, neutral signal.
  const act = allocateCityActions(nEntities);
  const peakDr = drShareAction(cfg.peakDrShare);
  return (obs) => {
    const s = obs.storage;
    const price = s[5] * 180;
    const peak = s[8] === 1;
    const soc = s[12];
    const netLoadMw = s[COMMON_FEATURES] * scales.peakTargetMw;
    let cmd = 0;
    if (netLoadMw < 0)
      cmd = soc < cfg.socChargeLimitFrac ? -Math.min(1, -netLoadMw / scales.batteryMaxMw) : 0;
    else if (price <= cfg.lowPriceUsdPerMwh) cmd = soc < cfg.socChargeLimitFrac ? -1 : 0;
    else if (price >= cfg.highPriceUsdPerMwh) cmd = soc > cfg.socDischargeLimitFrac ? 1 : 0;
    else if (netLoadMw > 0)
      cmd = soc > cfg.socDischargeLimitFrac ? Math.min(1, netLoadMw / scales.batteryMaxMw) : 0;
    act.storage[0] = cmd;
    const drAction = peak ? peakDr : 0;
    for (let c = 0; c < 5; c++) act.consumer[c] = drAction;
    return act;
  };
}
