import type { LatencyLog } from "../../../control/latency";
import { DEFAULT_RBEMS, type RbemsThresholds, rbemsDecide } from "../../../control/rbems";
import { ConfigError } from "../../../core/errors";
import { batteryLimits } from "../../../storage/battery";
import {
  allocateCityActions,
  type CityActions,
  type CityObservations,
  COMMON_FEATURES,
  drShareAction,
} from "../env/agents";
import type { CityEnv } from "../env/cityEnv";
import type { CityPolicy } from "../env/rulePolicy";
import type { CityConfig } from "../world/cityConfig";

/**
 * Shared pieces of the five city strategies (cityStrategies.ts): the env's observation scalings
 * undone, the fixed action parts, per-decision latency. The controllers see the city's BESS through
 * lib/storage's `batteryLimits(cfg.battery)`: the same physics as the env's.
 */

/** What a controller reads from the storage agent's observation, in physical units. */
export interface StorageView {
  readonly importPriceUsdPerMwh: number;
  readonly peakBand: boolean;
  readonly socMwh: number;
  /** Uncontrolled net load (demand - wind - PV, MW): > 0 deficit, < 0 surplus. */
  readonly netLoadMw: number;
}

/** Undoes the observation scaling of lib/papers/s000/env/agents.ts (price / 180, SOC / capacity, net load / peak target). */
export function readStorageObservation(obs: CityObservations, cfg: CityConfig): StorageView {
  const s = obs.storage;
  return {
    importPriceUsdPerMwh: s[5] * 180,
    peakBand: s[8] === 1,
    socMwh: s[12] * cfg.battery.capacityMwh,
    netLoadMw: s[COMMON_FEATURES] * cfg.demand.peakTargetMw,
  };
}

/** Battery power (MW, + discharge) as the storage action in [-1, 1]. */
export function batteryAction(powerMw: number, cfg: CityConfig): number {
  const x =
    powerMw >= 0 ? powerMw / (cfg.battery.maxDischargeMw || 1) : powerMw / (cfg.battery.maxChargeMw || 1);
  return x > 1 ? 1 : Math.max(x, -1);
}

/**
 * DR share u in [0, 1] as the consumer DR action (env/agents.ts drShareAction; ADR 0704).
 * @deprecated the name of the pre-ADR-0704 encoding (x = 2u - 1), kept so cityMpc.ts and cityGaEms.ts,
 * whose only use is a DR share, need no edit; use drShareAction.
 */
export const fromUnit = drShareAction;

/**
 * Fixed action parts every non-learning strategy shares (centred actions, ADR 0704: 0 = the env's
 * default): renewables uncapped with the whole surplus exported within the limit (0, 0); no DR (0);
 * EVs charge as soon as possible (+1: full power also in the peak band, uncontrolled charging);
 * coordinator at the market's price position with a neutral signal (0, 0); P2P market closed
 * (quantity share -1, so no entity orders: the centralised paradigm, surpluses go to the utility's
 * direct local supply).
 */
export function baseCityActions(nEntities: number): CityActions {
  const a = allocateCityActions(nEntities);
  a.consumer[5] = 1;
  a.trading.quantityShare.fill(-1);
  return a;
}

/**
 * BT-Only's fixed, non-learning bidding (the same rule as lib/papers/s000/env's rule policy): sellers ask at
 * 0.1 + 0.4 p and buyers bid at 0.5 + 0.5 p of the step's [feed-in, retail] span (p = the entity's
 * price temperament in [0, 1)), full quantities. That is the env's default bidding line (env/agents.ts
 * DEFAULT_BIDDING), so it writes zeros into the trading columns of `a`.
 */
export function fixedBidding(_obs: CityObservations, a: CityActions): void {
  a.trading.quantityShare.fill(0);
  a.trading.pricePosition.fill(0);
}

/** RBEMS on the city (documented in cityStrategies.ts). */
export interface CityRbemsConfig {
  readonly thresholds: RbemsThresholds;
  /** DR share of the flexible load deferred in the peak tariff band (threshold rule on the band). [choice] */
  readonly peakDrShare: number;
  /** EVs charge only what their deadline requires in the peak band, at full power otherwise. */
  readonly evPeakDeferral: boolean;
  /** Let the entities trade P2P with the fixed bidding rules (default false: a conventional EMS has no P2P market). */
  readonly p2p: boolean;
}

export const DEFAULT_CITY_RBEMS: CityRbemsConfig = {
  thresholds: DEFAULT_RBEMS,
  peakDrShare: 0.5,
  evPeakDeferral: true,
  p2p: false,
};

export function createRbemsCityPolicy(env: CityEnv, cfg: CityRbemsConfig = DEFAULT_CITY_RBEMS): CityPolicy {
  const c = env.config;
  const bat = batteryLimits(c.battery);
  const h = env.scenario.time.stepH;
  const a = baseCityActions(env.entityCount);
  if (!(cfg.peakDrShare >= 0 && cfg.peakDrShare <= 1))
    throw new ConfigError(`must be in [0, 1], got ${cfg.peakDrShare}`, "CityRbemsConfig.peakDrShare");
  return (obs) => {
    const v = readStorageObservation(obs, c);
    const d = rbemsDecide(
      { netLoadMw: v.netLoadMw, priceUsdPerMwh: v.importPriceUsdPerMwh, socMwh: v.socMwh },
      bat,
      h,
      cfg.thresholds,
    );
    a.storage[0] = batteryAction(d.batteryPowerMw, c);
    const dr = v.peakBand ? drShareAction(cfg.peakDrShare) : 0;
    for (let k = 0; k < 5; k++) a.consumer[k] = dr;
    // 0: the env's default speed (deadline minimum in the peak band, full power otherwise); 1: always full.
    a.consumer[5] = cfg.evPeakDeferral ? 0 : 1;
    if (cfg.p2p) fixedBidding(obs, a);
    return a;
  };
}

/** BT-Only's battery rule: self-consumption only (charge with the surplus, discharge to cover the deficit) in an SOC window. */
export interface CityBtOnlyConfig {
  readonly socChargeLimitFrac: number;
  readonly socDischargeLimitFrac: number;
}

export const DEFAULT_CITY_BT_ONLY: CityBtOnlyConfig = { socChargeLimitFrac: 0.9, socDischargeLimitFrac: 0.2 };

export function createBtOnlyCityPolicy(
  env: CityEnv,
  cfg: CityBtOnlyConfig = DEFAULT_CITY_BT_ONLY,
): CityPolicy {
  const c = env.config;
  const a = baseCityActions(env.entityCount);
  const cap = c.battery.capacityMwh;
  return (obs) => {
    const v = readStorageObservation(obs, c);
    let p = 0;
    if (v.netLoadMw < 0 && v.socMwh < cfg.socChargeLimitFrac * cap) p = v.netLoadMw;
    else if (v.netLoadMw > 0 && v.socMwh > cfg.socDischargeLimitFrac * cap) p = v.netLoadMw;
    a.storage[0] = batteryAction(p, c);
    fixedBidding(obs, a);
    return a;
  };
}

/** Per-decision latency statistics (ms) of one episode. */
export interface LatencyStats {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export function latencyStats(log: LatencyLog): LatencyStats {
  const v = log.values().sort();
  const n = v.length;
  const q = (p: number) => (n === 0 ? Number.NaN : v[Math.min(n - 1, Math.floor(p * n))]);
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i];
  return {
    count: n,
    meanMs: n ? s / n : Number.NaN,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    maxMs: n ? v[n - 1] : Number.NaN,
  };
}

/** Wraps a policy so every call (the decision itself, not the env step) is timed into `log`. */
export function timedPolicy(policy: CityPolicy, log: LatencyLog): CityPolicy {
  return (obs) => {
    const t0 = process.hrtime.bigint();
    const a = policy(obs);
    log.add(Number(process.hrtime.bigint() - t0) / 1e6);
    return a;
  };
}
