import { ConfigError } from "../core/errors";

/**
 * One battery as the controllers see it (an aggregate of the city's BESS). Sign convention everywhere
 * in control/: battery power > 0 discharges (delivers to the bus), < 0 charges.
 * SOC dynamics: soc' = soc + etaCharge * chargeMw * stepH - dischargeMw * stepH / etaDischarge.
 */
export interface BatteryParams {
  readonly capacityMwh: number;
  readonly socMinMwh: number;
  readonly socMaxMwh: number;
  readonly chargeMaxMw: number;
  readonly dischargeMaxMw: number;
  /** One-way efficiencies; 0.95 each = ~90 % round trip, typical of Li-ion BESS (NREL ATB 2023, "Utility-Scale Battery Storage": 85 % round trip). */
  readonly etaCharge: number;
  readonly etaDischarge: number;
}

/**
 * The seed-000 city's aggregate BESS: 120 MWh / 60 MW (notes-000 §1.1, "Total storage capacity: 120 MWh",
 * |P| <= 60 MW); SOC window 10-90 % and 0.95 one-way efficiency are our choices (unspecified in the paper).
 */
export const DEFAULT_CITY_BATTERY: BatteryParams = {
  capacityMwh: 120,
  socMinMwh: 12,
  socMaxMwh: 108,
  chargeMaxMw: 60,
  dischargeMaxMw: 60,
  etaCharge: 0.95,
  etaDischarge: 0.95,
};

export function validateBattery(b: BatteryParams, where = "BatteryParams"): void {
  const ok =
    b.capacityMwh > 0 &&
    b.socMinMwh >= 0 &&
    b.socMaxMwh <= b.capacityMwh &&
    b.socMinMwh <= b.socMaxMwh &&
    b.chargeMaxMw >= 0 &&
    b.dischargeMaxMw >= 0 &&
    b.etaCharge > 0 &&
    b.etaCharge <= 1 &&
    b.etaDischarge > 0 &&
    b.etaDischarge <= 1;
  if (!ok) {
    throw new ConfigError(
      `inconsistent battery: ${JSON.stringify(b)}`,
      where,
      "need 0 <= socMin <= socMax <= capacity, non-negative power limits, efficiencies in (0, 1]",
    );
  }
}

/** Battery power (MW, + discharge) that is actually feasible from `socMwh` for one step. */
export function feasibleBatteryPowerMw(
  b: BatteryParams,
  socMwh: number,
  requestedMw: number,
  stepH: number,
): number {
  if (requestedMw >= 0) {
    const maxBySoc = (Math.max(0, socMwh - b.socMinMwh) * b.etaDischarge) / stepH;
    return Math.min(requestedMw, b.dischargeMaxMw, maxBySoc) || 0; // || 0: no -0
  }
  const maxBySoc = Math.max(0, b.socMaxMwh - socMwh) / (b.etaCharge * stepH);
  return -Math.min(-requestedMw, b.chargeMaxMw, maxBySoc) || 0;
}

/** SOC after one step at a FEASIBLE battery power (MW, + discharge). */
export function nextSocMwh(b: BatteryParams, socMwh: number, powerMw: number, stepH: number): number {
  const s =
    powerMw >= 0 ? socMwh - (powerMw * stepH) / b.etaDischarge : socMwh - powerMw * stepH * b.etaCharge;
  return Math.min(b.socMaxMwh, Math.max(b.socMinMwh, s));
}
