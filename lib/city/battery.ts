import { ConfigError } from "../core/errors";

/**
 * The city's battery energy storage system (one aggregate BESS). Terminal energies are what crosses
 * the battery's AC terminals in a step; stored energy moves by charge x eta_c - discharge / eta_d.
 */
export interface BatteryConfig {
  /** 120 MWh, +-60 MW (notes-000 §1.1, "Total storage capacity: 120 MWh", "Maximum charging/discharging power: 60 MW"). */
  readonly capacityMwh: number;
  readonly maxChargeMw: number;
  readonly maxDischargeMw: number;
  /**
   * Round trip 92 % (notes-000 §1.1), split evenly: eta_c = eta_d = sqrt(0.92) = 0.9592, the usual
   * symmetric split when only the round trip is known (conversion losses of the same inverter in both
   * directions). [choice]
   */
  readonly roundTripEfficiency: number;
  /** SOC window 10-90 % (notes-000 §1.1, "State-of-charge operating range: 10-90%"; dash lost in the text). */
  readonly socMinFrac: number;
  readonly socMaxFrac: number;
  /** SOC at reset (fraction of capacity): 0.5. [choice] */
  readonly initialSocFrac: number;
  /**
   * Degradation cost per MWh discharged: replacement cost / lifetime throughput = 139,000 USD/MWh
   * (BloombergNEF 2023 battery price survey, pack average 139 USD/kWh) / (6,000 cycles x 0.8 depth of
   * discharge, a typical LFP cycle-life rating) = 28.96 USD/MWh. The same figure as the KPI
   * library's default (lib/metrics KpiOptions.batteryDegradationUsdPerMwh = 29).
   */
  readonly degradationUsdPerMwhDischarged: number;
}

export const DEFAULT_BATTERY: BatteryConfig = {
  capacityMwh: 120,
  maxChargeMw: 60,
  maxDischargeMw: 60,
  roundTripEfficiency: 0.92,
  socMinFrac: 0.1,
  socMaxFrac: 0.9,
  initialSocFrac: 0.5,
  degradationUsdPerMwhDischarged: 139_000 / (6000 * 0.8),
};

export function validateBatteryConfig(c: BatteryConfig, where = "city.battery"): void {
  const ok =
    c.capacityMwh > 0 &&
    c.maxChargeMw >= 0 &&
    c.maxDischargeMw >= 0 &&
    c.roundTripEfficiency > 0 &&
    c.roundTripEfficiency <= 1 &&
    c.socMinFrac >= 0 &&
    c.socMinFrac <= c.socMaxFrac &&
    c.socMaxFrac <= 1 &&
    c.initialSocFrac >= c.socMinFrac &&
    c.initialSocFrac <= c.socMaxFrac &&
    c.degradationUsdPerMwhDischarged >= 0;
  if (!ok) {
    throw new ConfigError(
      `inconsistent battery ${JSON.stringify(c)}`,
      where,
      "need capacity > 0, power limits >= 0, round trip in (0, 1], 0 <= socMin <= initial <= socMax <= 1",
    );
  }
}

/** One-way efficiencies (charge, discharge): sqrt of the round trip each. */
export function batteryEfficiencies(c: BatteryConfig): { etaCharge: number; etaDischarge: number } {
  const e = Math.sqrt(c.roundTripEfficiency);
  return { etaCharge: e, etaDischarge: e };
}

/** Largest terminal energies (MWh) the battery can take in / give out in one step from `socMwh`. */
export function batteryStepLimitsMwh(
  c: BatteryConfig,
  socMwh: number,
  stepH: number,
): { chargeMwh: number; dischargeMwh: number } {
  const { etaCharge, etaDischarge } = batteryEfficiencies(c);
  const socMin = c.socMinFrac * c.capacityMwh;
  const socMax = c.socMaxFrac * c.capacityMwh;
  return {
    chargeMwh: Math.max(0, Math.min(c.maxChargeMw * stepH, (socMax - socMwh) / etaCharge)),
    dischargeMwh: Math.max(0, Math.min(c.maxDischargeMw * stepH, (socMwh - socMin) * etaDischarge)),
  };
}

/**
 * Stored energy after charging `chargeMwh` and discharging `dischargeMwh` at the terminals (both
 * within `batteryStepLimitsMwh`), clamped to the SOC window against floating-point overshoot.
 */
export function nextBatterySocMwh(
  c: BatteryConfig,
  socMwh: number,
  chargeMwh: number,
  dischargeMwh: number,
): number {
  const { etaCharge, etaDischarge } = batteryEfficiencies(c);
  const s = socMwh + chargeMwh * etaCharge - dischargeMwh / etaDischarge;
  return Math.min(c.socMaxFrac * c.capacityMwh, Math.max(c.socMinFrac * c.capacityMwh, s));
}
