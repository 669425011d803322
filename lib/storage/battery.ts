import { ConfigError } from "../core/errors";

/**
 * The library's one battery model (an aggregate battery energy storage system). Every user reads the
 * same physics: the environments (terminal energies per step) and the controllers (LP / MPC / RBEMS,
 * battery power) both go through the functions below, so they see the same efficiencies and limits.
 *
 * Terminal energies are what crosses the battery's AC terminals in a step; stored energy moves by
 *   soc' = soc + chargeMwh * etaCharge - dischargeMwh / etaDischarge,
 * kept inside [socMinMwh, socMaxMwh]. Battery power (controllers): > 0 discharges (delivers to the
 * bus), < 0 charges.
 *
 * A paper's values (with their citations) live in the paper's world, e.g. seed 000's
 * lib/papers/s000/world/battery.ts DEFAULT_BATTERY.
 */
export interface BatteryConfig {
  /** Usable nameplate energy (MWh). */
  readonly capacityMwh: number;
  /** Power limits at the terminals (MW), charging and discharging. */
  readonly maxChargeMw: number;
  readonly maxDischargeMw: number;
  /**
   * Round-trip efficiency in (0, 1], split evenly into one-way efficiencies
   * etaCharge = etaDischarge = sqrt(roundTrip) (the usual symmetric split when only the round trip is
   * known: conversion losses of the same inverter in both directions).
   */
  readonly roundTripEfficiency: number;
  /** SOC window as fractions of capacity: 0 <= socMinFrac <= socMaxFrac <= 1. */
  readonly socMinFrac: number;
  readonly socMaxFrac: number;
  /** SOC at reset (fraction of capacity), inside the window. */
  readonly initialSocFrac: number;
  /** Degradation cost per MWh discharged at the terminals (USD/MWh). */
  readonly degradationUsdPerMwhDischarged: number;
}

function fail(where: string, key: string, need: string, got: number): never {
  throw new ConfigError(`must be ${need}, got ${String(got)}`, `${where}.${key}`);
}

/** Throws a ConfigError naming the offending key (`${where}.<key>`) unless `c` is a consistent battery. */
export function validateBatteryConfig(c: BatteryConfig, where = "battery"): void {
  // `!(x >= 0)` style: NaN fails every check.
  if (!(c.capacityMwh > 0)) fail(where, "capacityMwh", "> 0", c.capacityMwh);
  if (!(c.maxChargeMw >= 0)) fail(where, "maxChargeMw", ">= 0", c.maxChargeMw);
  if (!(c.maxDischargeMw >= 0)) fail(where, "maxDischargeMw", ">= 0", c.maxDischargeMw);
  if (!(c.roundTripEfficiency > 0 && c.roundTripEfficiency <= 1))
    fail(where, "roundTripEfficiency", "in (0, 1]", c.roundTripEfficiency);
  if (!(c.socMaxFrac >= 0 && c.socMaxFrac <= 1)) fail(where, "socMaxFrac", "in [0, 1]", c.socMaxFrac);
  if (!(c.socMinFrac >= 0 && c.socMinFrac <= c.socMaxFrac))
    fail(where, "socMinFrac", `in [0, socMaxFrac = ${c.socMaxFrac}]`, c.socMinFrac);
  if (!(c.initialSocFrac >= c.socMinFrac && c.initialSocFrac <= c.socMaxFrac))
    fail(
      where,
      "initialSocFrac",
      `in [socMinFrac, socMaxFrac] = [${c.socMinFrac}, ${c.socMaxFrac}]`,
      c.initialSocFrac,
    );
  if (!(c.degradationUsdPerMwhDischarged >= 0))
    fail(where, "degradationUsdPerMwhDischarged", ">= 0", c.degradationUsdPerMwhDischarged);
}

/**
 * The battery in absolute terms: what the step functions and the controllers read. Derive it from a
 * BatteryConfig with `batteryLimits`; hand-built values (e.g. asymmetric efficiencies in a unit test)
 * are allowed and checked by `validateBatteryLimits`.
 */
export interface BatteryLimits {
  readonly capacityMwh: number;
  readonly socMinMwh: number;
  readonly socMaxMwh: number;
  readonly maxChargeMw: number;
  readonly maxDischargeMw: number;
  /** One-way efficiencies in (0, 1]. */
  readonly etaCharge: number;
  readonly etaDischarge: number;
}

/** The derived view of a (validated) config: SOC window in MWh, one-way efficiencies sqrt(round trip). */
export function batteryLimits(c: BatteryConfig): BatteryLimits {
  const eta = Math.sqrt(c.roundTripEfficiency);
  return {
    capacityMwh: c.capacityMwh,
    socMinMwh: c.socMinFrac * c.capacityMwh,
    socMaxMwh: c.socMaxFrac * c.capacityMwh,
    maxChargeMw: c.maxChargeMw,
    maxDischargeMw: c.maxDischargeMw,
    etaCharge: eta,
    etaDischarge: eta,
  };
}

/** Throws a ConfigError naming the offending key unless `b` is consistent. */
export function validateBatteryLimits(b: BatteryLimits, where = "BatteryLimits"): void {
  if (!(b.capacityMwh > 0)) fail(where, "capacityMwh", "> 0", b.capacityMwh);
  if (!(b.socMaxMwh >= 0 && b.socMaxMwh <= b.capacityMwh))
    fail(where, "socMaxMwh", `in [0, capacityMwh = ${b.capacityMwh}]`, b.socMaxMwh);
  if (!(b.socMinMwh >= 0 && b.socMinMwh <= b.socMaxMwh))
    fail(where, "socMinMwh", `in [0, socMaxMwh = ${b.socMaxMwh}]`, b.socMinMwh);
  if (!(b.maxChargeMw >= 0)) fail(where, "maxChargeMw", ">= 0", b.maxChargeMw);
  if (!(b.maxDischargeMw >= 0)) fail(where, "maxDischargeMw", ">= 0", b.maxDischargeMw);
  if (!(b.etaCharge > 0 && b.etaCharge <= 1)) fail(where, "etaCharge", "in (0, 1]", b.etaCharge);
  if (!(b.etaDischarge > 0 && b.etaDischarge <= 1)) fail(where, "etaDischarge", "in (0, 1]", b.etaDischarge);
}

/** Largest terminal energies (MWh) the battery can take in / give out in one step of `stepH` from `socMwh`. */
export function batteryStepLimitsMwh(
  b: BatteryLimits,
  socMwh: number,
  stepH: number,
): { chargeMwh: number; dischargeMwh: number } {
  return {
    chargeMwh: Math.max(0, Math.min(b.maxChargeMw * stepH, (b.socMaxMwh - socMwh) / b.etaCharge)),
    dischargeMwh: Math.max(0, Math.min(b.maxDischargeMw * stepH, (socMwh - b.socMinMwh) * b.etaDischarge)),
  };
}

/**
 * Stored energy after charging `chargeMwh` and discharging `dischargeMwh` at the terminals (both
 * within `batteryStepLimitsMwh`), clamped to the SOC window against floating-point overshoot.
 */
export function nextBatterySocMwh(
  b: BatteryLimits,
  socMwh: number,
  chargeMwh: number,
  dischargeMwh: number,
): number {
  const s = socMwh + chargeMwh * b.etaCharge - dischargeMwh / b.etaDischarge;
  return Math.min(b.socMaxMwh, Math.max(b.socMinMwh, s));
}

/**
 * Battery power (MW, + discharge, - charge) that is actually feasible from `socMwh` for one step:
 * `requestedMw` clipped to the power limit and to what the SOC window allows.
 */
export function feasibleBatteryPowerMw(
  b: BatteryLimits,
  socMwh: number,
  requestedMw: number,
  stepH: number,
): number {
  if (requestedMw >= 0) {
    const maxBySoc = (Math.max(0, socMwh - b.socMinMwh) * b.etaDischarge) / stepH;
    return Math.min(requestedMw, b.maxDischargeMw, maxBySoc) || 0; // || 0: no -0
  }
  const maxBySoc = Math.max(0, b.socMaxMwh - socMwh) / (b.etaCharge * stepH);
  return -Math.min(-requestedMw, b.maxChargeMw, maxBySoc) || 0;
}

/** SOC after one step at a FEASIBLE battery power (MW, + discharge), clamped to the SOC window. */
export function nextSocMwh(b: BatteryLimits, socMwh: number, powerMw: number, stepH: number): number {
  const s =
    powerMw >= 0 ? socMwh - (powerMw * stepH) / b.etaDischarge : socMwh - powerMw * stepH * b.etaCharge;
  return Math.min(b.socMaxMwh, Math.max(b.socMinMwh, s));
}
