import { ConfigError } from "../core/errors";
import { sum } from "../core/series";
import type { CityFlows } from "./flows";
import { gridImportPowerMw } from "./loadShape";

/** Cost of grid purchases (USD) = sum_t (gridImport_t + gridToBattery_t) x importPrice_t. */
export function gridPurchaseCostUsd(f: CityFlows): number {
  let c = 0;
  for (let t = 0; t < f.gridImportMwh.length; t++) {
    c += (f.gridImportMwh[t] + f.gridToBatteryMwh[t]) * f.importPriceUsdPerMwh[t];
  }
  return c;
}

/** Revenue from grid exports (USD) = sum_t gridExport_t x exportPrice_t. */
export function exportRevenueUsd(f: CityFlows): number {
  let c = 0;
  for (let t = 0; t < f.gridExportMwh.length; t++) c += f.gridExportMwh[t] * f.exportPriceUsdPerMwh[t];
  return c;
}

/**
 * Battery degradation cost (USD): the flows' own `batteryDegradationUsd` column when the
 * battery model provides one, else usdPerMwhDischarged x sum_t batteryDischarge_t.
 */
export function batteryDegradationCostUsd(f: CityFlows, usdPerMwhDischarged: number): number {
  return f.batteryDegradationUsd
    ? sum(f.batteryDegradationUsd)
    : usdPerMwhDischarged * sum(f.batteryDischargeMwh);
}

/** P2P fees (USD): the flows' `p2pFeeUsd` column when present, else usdPerMwh x sum_t renewP2p_t. */
export function p2pFeesUsd(f: CityFlows, usdPerMwh: number): number {
  return f.p2pFeeUsd ? sum(f.p2pFeeUsd) : usdPerMwh * sum(f.renewP2pMwh);
}

/** Trading revenue (USD) = sum_t p2pValue_t: what P2P sellers were paid, before fees (Fig. 5b). */
export function tradingRevenueUsd(f: CityFlows): number {
  return sum(f.p2pValueUsd);
}

/** Number of cleared P2P trades = sum_t tradeCount_t (Fig. 5e). */
export function transactionCount(f: CityFlows): number {
  return sum(f.tradeCount);
}

/** Days of the months of a non-leap year (the time index has 365 days, lib/core/time.ts). */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_OF_DAY = (() => {
  const m = new Int8Array(365);
  let d = 0;
  DAYS_IN_MONTH.forEach((len, month) => {
    for (let i = 0; i < len; i++) m[d++] = month;
  });
  return m;
})();

/**
 * The billing months of a run of `n` steps from `startDayOfYear` (0 = 1 January; years of 365 days):
 * per step, its month key (12 x year + calendar month, so a run crossing New Year keeps the two
 * Januaries apart) and the share of that month the run covers (hours of the month inside the run /
 * hours of the month), the pro-rata factor of `peakDemandChargeUsd`. One definition for the KPI and
 * for the controllers that optimise it (lib/papers/s000/agents cityMpc.ts, cityGaEms.ts).
 */
export function billingMonths(
  n: number,
  stepH: number,
  startDayOfYear = 0,
): { readonly key: Int32Array; readonly coveredShare: Float64Array } {
  if (!Number.isInteger(startDayOfYear) || startDayOfYear < 0 || startDayOfYear > 364) {
    throw new ConfigError(`must be an integer in [0, 364], got ${startDayOfYear}`, "startDayOfYear");
  }
  const key = new Int32Array(n);
  const coveredShare = new Float64Array(n);
  let first = 0;
  const close = (end: number) => {
    if (end <= first) return;
    const month = key[first] % 12;
    const share = ((end - first) * stepH) / (DAYS_IN_MONTH[month] * 24);
    coveredShare.fill(share, first, end);
  };
  for (let t = 0; t < n; t++) {
    const day = startDayOfYear + Math.floor((t * stepH + 1e-9) / 24);
    key[t] = Math.floor(day / 365) * 12 + MONTH_OF_DAY[day % 365];
    if (t > 0 && key[t] !== key[t - 1]) {
      close(t);
      first = t;
    }
  }
  close(n);
  return { key, coveredShare };
}

/**
 * Peak demand charge (USD) = sum over calendar months m of
 *   tariff (USD/MW-month) x max_{t in m} importPower_t (MW) x (hours of m covered / hours of m),
 * with importPower = (gridImport + gridToBattery) / stepH, i.e. the maximum 15-min average
 * demand, the usual billing demand interval. A run covering part of a month pays that month
 * pro rata, so a 7-day run is not charged a full month. `startDayOfYear` (0 = 1 January) places
 * step 0 in the calendar; years have 365 days (`billingMonths`).
 */
export function peakDemandChargeUsd(
  importPowerMw: ArrayLike<number>,
  stepH: number,
  tariffUsdPerMwMonth: number,
  startDayOfYear = 0,
): number {
  const { key, coveredShare } = billingMonths(importPowerMw.length, stepH, startDayOfYear);
  let charge = 0;
  let peak = 0;
  for (let t = 0; t < importPowerMw.length; t++) {
    if (importPowerMw[t] > peak) peak = importPowerMw[t];
    if (t === importPowerMw.length - 1 || key[t + 1] !== key[t]) {
      charge += tariffUsdPerMwMonth * peak * coveredShare[t];
      peak = 0;
    }
  }
  return charge;
}

/** The components of the operating cost (USD), each >= 0. */
export interface OperatingCostBreakdown {
  readonly gridPurchaseUsd: number;
  readonly batteryDegradationUsd: number;
  readonly peakDemandChargeUsd: number;
  readonly p2pFeesUsd: number;
  readonly exportRevenueUsd: number;
  /** gridPurchase + batteryDegradation + peakDemandCharge + p2pFees - exportRevenue. */
  readonly totalUsd: number;
}

/**
 * Operating cost of the city as one energy system (USD): what it pays outside itself minus what
 * it earns outside itself. P2P payments between residents are internal transfers and cancel;
 * the fees on them leave the city. Components follow the paper's Objective 1 ("energy
 * purchases, storage degradation costs, and market transaction costs", notes-000 §1.6) plus
 * the peak demand charge of Fig. 5(d) and the export revenue that offsets purchases.
 */
export function operatingCost(
  f: CityFlows,
  opts: {
    readonly peakDemandTariffUsdPerMwMonth: number;
    readonly batteryDegradationUsdPerMwh: number;
    readonly p2pFeeUsdPerMwh: number;
    readonly startDayOfYear: number;
  },
): OperatingCostBreakdown {
  const purchase = gridPurchaseCostUsd(f);
  const degradation = batteryDegradationCostUsd(f, opts.batteryDegradationUsdPerMwh);
  const peak = peakDemandChargeUsd(
    gridImportPowerMw(f),
    f.stepH,
    opts.peakDemandTariffUsdPerMwMonth,
    opts.startDayOfYear,
  );
  const fees = p2pFeesUsd(f, opts.p2pFeeUsdPerMwh);
  const exportRev = exportRevenueUsd(f);
  return {
    gridPurchaseUsd: purchase,
    batteryDegradationUsd: degradation,
    peakDemandChargeUsd: peak,
    p2pFeesUsd: fees,
    exportRevenueUsd: exportRev,
    totalUsd: purchase + degradation + peak + fees - exportRev,
  };
}
