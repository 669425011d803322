/**
 * City-level energy flows of a run, one value per 15-min step, all in MWh per step (energy, not
 * power, so sums are annual energies without a stepH factor). This is the contract between the
 * simulation (lib/papers/s000/env, which fills it) and the KPI library (lib/metrics, which reads it).
 *
 * Accounting identities the simulation guarantees every step (tests check them to 1e-9 relative):
 *   renewable:  windMwh + pvMwh = renewLocalMwh + renewP2pMwh + renewToBatteryMwh + renewExportMwh + curtailedMwh
 *   demand:     demandServedMwh = renewLocalMwh + renewP2pMwh + batteryToLoadMwh + gridImportMwh
 *               demandMwh       = demandServedMwh + unservedMwh
 *   battery:    batteryChargeMwh = renewToBatteryMwh + gridToBatteryMwh
 *               batteryDischargeMwh = batteryToLoadMwh + batteryExportMwh
 *               (stored energy moves by charge * eta_c - discharge / eta_d)
 *   export:     gridExportMwh = renewExportMwh + batteryExportMwh
 */
export interface CityFlows {
  readonly stepH: number;
  readonly windMwh: Float64Array;
  readonly pvMwh: Float64Array;
  readonly demandMwh: Float64Array;
  readonly demandServedMwh: Float64Array;
  readonly unservedMwh: Float64Array;
  /** Renewable energy consumed by its owner / on the same node without trading (self-consumption, municipal direct use). */
  readonly renewLocalMwh: Float64Array;
  /** Renewable energy sold peer to peer and consumed in the city. */
  readonly renewP2pMwh: Float64Array;
  readonly renewToBatteryMwh: Float64Array;
  readonly renewExportMwh: Float64Array;
  readonly curtailedMwh: Float64Array;
  readonly gridImportMwh: Float64Array;
  readonly gridExportMwh: Float64Array;
  readonly gridToBatteryMwh: Float64Array;
  readonly batteryChargeMwh: Float64Array;
  readonly batteryDischargeMwh: Float64Array;
  readonly batteryToLoadMwh: Float64Array;
  readonly batteryExportMwh: Float64Array;
  /** Battery state of charge at the END of each step (MWh stored). */
  readonly batterySocMwh: Float64Array;
  /** Retail import price and export (feed-in) price of the step, USD/MWh. */
  readonly importPriceUsdPerMwh: Float64Array;
  readonly exportPriceUsdPerMwh: Float64Array;
  /** Number of cleared P2P trades in the step. */
  readonly tradeCount: Float64Array;
  /** Value of P2P trades in the step (USD, before fees). */
  readonly p2pValueUsd: Float64Array;
  /**
   * Optional: P2P fees collected in the step (USD; `ClearingResult.feesUsd`). When absent, the KPIs
   * charge `KpiOptions.p2pFeeUsdPerMwh` on renewP2pMwh.
   */
  readonly p2pFeeUsd?: Float64Array;
  /**
   * Optional: battery degradation cost of the step (USD) from the battery asset's own model. When
   * absent, the KPIs charge `KpiOptions.batteryDegradationUsdPerMwh` on batteryDischargeMwh.
   */
  readonly batteryDegradationUsd?: Float64Array;
  /**
   * Optional: the net grid import (MWh, import - export, battery included) the controller
   * committed to ahead of the step from forecasts. Needed for the supply-demand balance KPIs;
   * without it they are NaN.
   */
  readonly scheduledNetImportMwh?: Float64Array;
}

/** The names of all per-step columns of CityFlows (for CSV export and validation). */
export const CITY_FLOW_COLUMNS = [
  "windMwh",
  "pvMwh",
  "demandMwh",
  "demandServedMwh",
  "unservedMwh",
  "renewLocalMwh",
  "renewP2pMwh",
  "renewToBatteryMwh",
  "renewExportMwh",
  "curtailedMwh",
  "gridImportMwh",
  "gridExportMwh",
  "gridToBatteryMwh",
  "batteryChargeMwh",
  "batteryDischargeMwh",
  "batteryToLoadMwh",
  "batteryExportMwh",
  "batterySocMwh",
  "importPriceUsdPerMwh",
  "exportPriceUsdPerMwh",
  "tradeCount",
  "p2pValueUsd",
] as const satisfies readonly (keyof CityFlows)[];

export type CityFlowColumn = (typeof CITY_FLOW_COLUMNS)[number];

/** Allocates zeroed flows for `length` steps. */
export function allocateCityFlows(length: number, stepH: number): CityFlows {
  const flows: Record<string, unknown> = { stepH };
  for (const c of CITY_FLOW_COLUMNS) flows[c] = new Float64Array(length);
  return flows as unknown as CityFlows;
}
