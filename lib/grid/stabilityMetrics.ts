import { ConfigError, DataError } from "../core/errors";

/**
 * Power imbalance on plain series: per step |supply - demand| / demand x 100, and the
 * energy-weighted mean sum|supply - demand| / sum demand x 100 (Fig. 6c, "average power
 * imbalance"). For the city KPI with a controller's schedule use metrics' averagePowerImbalance
 * (same formula with the scheduled net import as "supply"); this one serves feeders and the area.
 */
export function powerImbalancePct(
  supplyMw: ArrayLike<number>,
  demandMw: ArrayLike<number>,
): { readonly stepPct: Float64Array; readonly meanPct: number } {
  if (supplyMw.length !== demandMw.length) {
    throw new DataError(
      `supplyMw has ${supplyMw.length} steps, demandMw ${demandMw.length}`,
      "powerImbalancePct",
    );
  }
  const stepPct = new Float64Array(demandMw.length);
  let dev = 0;
  let dem = 0;
  for (let t = 0; t < demandMw.length; t++) {
    const d = Math.abs(supplyMw[t] - demandMw[t]);
    stepPct[t] = demandMw[t] > 0 ? (d / demandMw[t]) * 100 : Number.NaN;
    dev += d;
    dem += demandMw[t];
  }
  return { stepPct, meanPct: dem > 0 ? (dev / dem) * 100 : Number.NaN };
}

/**
 * A ramp-rate limit: a violation is a pair of consecutive windows (of `windowH` hours) whose mean
 * power differs by more than limitPctOfCapacityPerMin x capacity x window minutes.
 */
export interface RampLimit {
  readonly windowH: number;
  /** Allowed ramp, % of installed capacity per minute. */
  readonly limitPctOfCapacityPerMin: number;
  readonly capacityMw: number;
}

/**
 * Defaults (the paper gives no threshold, notes-000 §5 item 7): 15-min windows (the data's
 * resolution) and 1 %/min of capacity. Grid codes state limits per minute on 1-min data, e.g.
 * PREPA's Minimum Technical Requirements for PV (2012): 10 %/min of nameplate; averaged over a
 * 15-min window that would need a 150 % swing and never binds, so we take a tenth of it (15 % of
 * capacity per 15 min). Capacity: seed 000's 150 MW wind + 85 MW PV. Override per experiment.
 */
export const DEFAULT_RAMP_LIMIT: RampLimit = { windowH: 0.25, limitPctOfCapacityPerMin: 1, capacityMw: 235 };

/** Ramp-rate violations per day of a power series (MW on steps of `stepH` hours) against `limit`. */
export function rampRateViolationsPerDay(
  powerMw: ArrayLike<number>,
  stepH: number,
  limit: Partial<RampLimit> = {},
): { readonly perDay: number; readonly violations: number; readonly limitMwPerWindow: number } {
  const l = { ...DEFAULT_RAMP_LIMIT, ...limit };
  const k = Math.round(l.windowH / stepH);
  if (!(k >= 1) || Math.abs(k * stepH - l.windowH) > 1e-9) {
    throw new ConfigError(
      `must be a positive multiple of the step (${stepH} h), got ${l.windowH}`,
      "rampLimit.windowH",
    );
  }
  if (!(l.limitPctOfCapacityPerMin > 0) || !(l.capacityMw > 0)) {
    throw new ConfigError("limitPctOfCapacityPerMin and capacityMw must be positive", "rampLimit");
  }
  const limitMw = (l.limitPctOfCapacityPerMin / 100) * l.capacityMw * l.windowH * 60;
  const nw = Math.floor(powerMw.length / k);
  let prev = Number.NaN;
  let v = 0;
  for (let w = 0; w < nw; w++) {
    let s = 0;
    for (let t = w * k; t < (w + 1) * k; t++) s += powerMw[t];
    const m = s / k;
    if (w > 0 && Math.abs(m - prev) > limitMw) v++;
    prev = m;
  }
  const days = (nw * k * stepH) / 24;
  return { perDay: days > 0 ? v / days : Number.NaN, violations: v, limitMwPerWindow: limitMw };
}

/**
 * The path a control decision travels before the assets respond (Fig. 6f, "response time"):
 * decision latency (measured per controller) + hops x per-hop transfer + serialisation of the
 * message at each hop + actuation of the asset.
 */
export interface CommunicationPath {
  /** Links between controller and asset (e.g. controller -> aggregator -> site gateway -> inverter: 3). */
  readonly hops: number;
  /** Per-hop transfer time, s (IEC 61850-5 transfer-time class TT3: <= 100 ms; our choice for a utility WAN). */
  readonly perHopS: number;
  readonly messageBytes: number;
  readonly bandwidthBitPerS: number;
  /** Asset response once the set-point arrives, s (UK National Grid EFR asks for response within 1 s; we take 0.5 s). */
  readonly actuationS: number;
}

export const DEFAULT_COMMUNICATION_PATH: CommunicationPath = {
  hops: 3,
  perHopS: 0.1,
  messageBytes: 1024,
  bandwidthBitPerS: 1e6,
  actuationS: 0.5,
};

export interface ResponseTime {
  readonly decisionS: number;
  readonly transferS: number;
  readonly serialisationS: number;
  readonly actuationS: number;
  readonly totalS: number;
}

/** Response time = decision latency + the modelled communication path (each part reported). */
export function responseTime(decisionLatencyS: number, path: Partial<CommunicationPath> = {}): ResponseTime {
  const p = { ...DEFAULT_COMMUNICATION_PATH, ...path };
  if (!(decisionLatencyS >= 0))
    throw new ConfigError(`must be >= 0, got ${decisionLatencyS}`, "responseTime.decisionLatencyS");
  if (
    !(p.hops >= 0) ||
    !(p.perHopS >= 0) ||
    !(p.messageBytes >= 0) ||
    !(p.bandwidthBitPerS > 0) ||
    !(p.actuationS >= 0)
  ) {
    throw new ConfigError(
      "hops, perHopS, messageBytes, actuationS must be >= 0 and bandwidth > 0",
      "responseTime.path",
    );
  }
  const transferS = p.hops * p.perHopS;
  const serialisationS = (p.hops * p.messageBytes * 8) / p.bandwidthBitPerS;
  return {
    decisionS: decisionLatencyS,
    transferS,
    serialisationS,
    actuationS: p.actuationS,
    totalS: decisionLatencyS + transferS + serialisationS + p.actuationS,
  };
}
