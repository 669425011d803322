import type { BatteryConfig } from "../../../storage/battery";

/**
 * The seed-000 city's battery energy storage system (one aggregate BESS), in the library's one battery
 * model (lib/storage/battery.ts: BatteryConfig, the step functions and the controllers' `batteryLimits`
 * view).
 *   - 120 MWh, +-60 MW (notes-000 §1.1, "Total storage capacity: 120 MWh", "Maximum
 *     charging/discharging power: 60 MW").
 *   - Round trip 92 % (notes-000 §1.1), split evenly: eta_c = eta_d = sqrt(0.92) = 0.9592, the usual
 *     symmetric split when only the round trip is known (conversion losses of the same inverter in
 *     both directions). [choice]
 *   - SOC window 10-90 % (notes-000 §1.1, "State-of-charge operating range: 10-90%"; dash lost in the
 *     text).
 *   - SOC at reset 0.5 of capacity. [choice]
 *   - Degradation cost per MWh discharged: replacement cost / lifetime throughput = 139,000 USD/MWh
 *     (BloombergNEF 2023 battery price survey, pack average 139 USD/kWh) / (6,000 cycles x 0.8 depth
 *     of discharge, a typical LFP cycle-life rating) = 28.96 USD/MWh. The same figure as the KPI
 *     library's default (lib/metrics KpiOptions.batteryDegradationUsdPerMwh = 29).
 */
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
