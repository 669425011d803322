import { sum } from "../core/series";
import { carbonEmissionsKg, carbonIntensityKgPerMwh } from "./carbon";
import { operatingCost, tradingRevenueUsd, transactionCount } from "./economics";
import { giniCoefficient, jainIndex } from "./fairness";
import type { CityFlows } from "./flows";
import {
  averageWindowPeakMw,
  gridImportPowerMw,
  loadFactor,
  netGridPowerMw,
  ramping,
  rampViolationsPerDay,
} from "./loadShape";
import {
  curtailmentRate,
  renewableFlowSplit,
  renewableGeneratedMwh,
  renewableUtilisation,
} from "./renewables";
import {
  averagePowerImbalance,
  balanceAccuracy,
  gridPurchaseMwh,
  loadSatisfaction,
  normalizedUnservedEnergy,
  selfSufficiency,
  unservedEnergyMwh,
} from "./supply";

/** Parameters of the KPIs that the paper leaves open (notes-000 §5 items 6, 8, 9, 10, 21). */
export interface KpiOptions {
  /**
   * Grid emission factor (kg CO2e/MWh). Default 207.07: UK electricity generation, "UK Government
   * GHG Conversion Factors for Company Reporting 2023" (DESNZ/Defra), 0.20707 kg CO2e/kWh; a
   * North Sea coastal grid (notes-000 §1.1). The paper gives none (notes-000 §1.9).
   */
  readonly gridEmissionFactorKgPerMwh: number;
  /**
   * Peak demand charge tariff (USD per MW of monthly peak import per month). Default 15,000
   * (= $15/kW-month): the threshold NREL's survey of >10,000 US tariffs uses for a high
   * commercial demand charge (McLaren, Gagnon, Mullendore, "Identifying Potential Markets for
   * Behind-the-Meter Battery Energy Storage: A Survey of U.S. Demand Charges", NREL/Clean
   * Energy Group, NREL/BR-6A20-68963, 2017). The paper gives no tariff (notes-000 §1.8).
   */
  readonly peakDemandTariffUsdPerMwMonth: number;
  /**
   * Battery degradation (USD per MWh discharged), used when the flows carry no
   * `batteryDegradationUsd` column. Default 29 = replacement cost / lifetime throughput =
   * 139,000 USD/MWh (BloombergNEF 2023 battery price survey, pack average $139/kWh) /
   * (6,000 cycles x 0.8 depth of discharge, a typical LFP cycle-life rating). Paper: none
   * (notes-000 §5 item 6).
   */
  readonly batteryDegradationUsdPerMwh: number;
  /**
   * P2P fee (USD/MWh) used when the flows carry no `p2pFeeUsd` column. Default 6 = the market's
   * default grid-usage (5) + platform (1) fees (lib/market DEFAULT_MARKET_CONFIG; a test keeps
   * them equal).
   */
  readonly p2pFeeUsdPerMwh: number;
  /** Calendar day of step 0 (0 = 1 January), for monthly demand charges. */
  readonly startDayOfYear: number;
  /** Load-factor windows (h): CityLearn's daily (24) and monthly (730) windows. */
  readonly loadFactorDailyWindowH: number;
  readonly loadFactorMonthlyWindowH: number;
  /** Ramping window (h); 1 h = CityLearn's hourly step. */
  readonly rampingWindowH: number;
  /**
   * Ramp-rate limit (MW change of mean net grid power between consecutive `rampingWindowH`
   * windows) for ramp violations; NaN (default) leaves `rampViolationsPerDay` NaN, since the
   * paper names no threshold (notes-000 §5 item 7).
   */
  readonly rampLimitMw: number;
  /**
   * Optional per-prosumer benefit (USD) from trading (e.g. accumulated with
   * `accumulateTradingBenefitUsd` of lib/market); without it the fairness KPIs are NaN.
   */
  readonly prosumerBenefitUsd?: ArrayLike<number>;
}

export const DEFAULT_KPI_OPTIONS: KpiOptions = {
  gridEmissionFactorKgPerMwh: 207.07,
  peakDemandTariffUsdPerMwMonth: 15000,
  batteryDegradationUsdPerMwh: 29,
  p2pFeeUsdPerMwh: 6,
  startDayOfYear: 0,
  loadFactorDailyWindowH: 24,
  loadFactorMonthlyWindowH: 730,
  rampingWindowH: 1,
  rampLimitMw: Number.NaN,
};

/** Every KPI of one run (issue 3 "KPIs"), as plain numbers. Shares are fractions in [0, 1]. */
export interface Kpis {
  readonly renewableGeneratedMwh: number;
  readonly renewableUtilisation: number;
  readonly curtailment: number;
  readonly flowShareLocal: number;
  readonly flowShareP2p: number;
  readonly flowShareBattery: number;
  readonly flowShareExport: number;
  readonly flowShareCurtailed: number;
  readonly demandMwh: number;
  readonly gridPurchaseMwh: number;
  readonly gridPurchaseUsd: number;
  readonly exportRevenueUsd: number;
  readonly batteryDegradationUsd: number;
  readonly peakDemandChargeUsd: number;
  readonly p2pFeesUsd: number;
  readonly operatingCostUsd: number;
  readonly tradingRevenueUsd: number;
  readonly p2pVolumeMwh: number;
  readonly transactionCount: number;
  readonly carbonEmissionsT: number;
  readonly carbonIntensityKgPerMwh: number;
  readonly selfSufficiency: number;
  readonly averagePowerImbalance: number;
  readonly balanceAccuracy: number;
  readonly loadFactorDaily: number;
  readonly loadFactorMonthly: number;
  readonly rampingMw: number;
  readonly rampViolationsPerDay: number;
  readonly peakImportMw: number;
  readonly dailyPeakAverageMw: number;
  readonly unservedMwh: number;
  readonly normalizedUnservedEnergy: number;
  readonly loadSatisfaction: number;
  readonly benefitJainIndex: number;
  readonly benefitGini: number;
}

export type KpiName = keyof Kpis;

/** What a KPI measures: unit, which direction is better, formula and source. */
export interface KpiDefinition {
  readonly unit: string;
  readonly better: "higher" | "lower" | "neither";
  readonly formula: string;
  readonly source: string;
}

const OWN = "project definition, docs/adr/0200-market-and-kpi-definitions.md";
const CITYLEARN = "CityLearn citylearn/cost_function.py (intelligent-environments-lab/CityLearn)";

/** One definition per KPI (the ADR and the claims ledger quote these). */
export const KPI_DEFINITIONS: Readonly<Record<KpiName, KpiDefinition>> = {
  renewableGeneratedMwh: { unit: "MWh", better: "neither", formula: "sum(wind + pv)", source: OWN },
  renewableUtilisation: {
    unit: "fraction",
    better: "higher",
    formula: "(generated - curtailed) / generated",
    source: "DESIGN.md §5; Fig. 4(a)",
  },
  curtailment: {
    unit: "fraction",
    better: "lower",
    formula: "curtailed / generated",
    source: "DESIGN.md §5; Fig. 4(b)",
  },
  flowShareLocal: {
    unit: "fraction",
    better: "neither",
    formula: "sum(renewLocal) / generated",
    source: "Fig. 4(d)",
  },
  flowShareP2p: {
    unit: "fraction",
    better: "neither",
    formula: "sum(renewP2p) / generated",
    source: "Fig. 4(d)",
  },
  flowShareBattery: {
    unit: "fraction",
    better: "neither",
    formula: "sum(renewToBattery) / generated",
    source: "Fig. 4(d)",
  },
  flowShareExport: {
    unit: "fraction",
    better: "neither",
    formula: "sum(renewExport) / generated",
    source: "Fig. 4(d)",
  },
  flowShareCurtailed: {
    unit: "fraction",
    better: "lower",
    formula: "sum(curtailed) / generated",
    source: "Fig. 4(d)",
  },
  demandMwh: { unit: "MWh", better: "neither", formula: "sum(demand)", source: OWN },
  gridPurchaseMwh: {
    unit: "MWh",
    better: "lower",
    formula: "sum(gridImport + gridToBattery)",
    source: "Fig. 5(c)",
  },
  gridPurchaseUsd: {
    unit: "USD",
    better: "lower",
    formula: "sum((gridImport + gridToBattery) * importPrice)",
    source: OWN,
  },
  exportRevenueUsd: { unit: "USD", better: "higher", formula: "sum(gridExport * exportPrice)", source: OWN },
  batteryDegradationUsd: {
    unit: "USD",
    better: "lower",
    formula: "sum(batteryDegradationUsd) or rate * sum(batteryDischarge)",
    source: "Objective 1, notes-000 §1.6",
  },
  peakDemandChargeUsd: {
    unit: "USD",
    better: "lower",
    formula: "sum_month tariff * max(importPower) * covered share of month",
    source: "Fig. 5(d); tariff NREL/BR-6A20-68963",
  },
  p2pFeesUsd: { unit: "USD", better: "lower", formula: "sum(p2pFee) or rate * sum(renewP2p)", source: OWN },
  operatingCostUsd: {
    unit: "USD",
    better: "lower",
    formula: "gridPurchaseUsd + batteryDegradationUsd + peakDemandChargeUsd + p2pFeesUsd - exportRevenueUsd",
    source: "Objective 1, notes-000 §1.6; Fig. 5(a)",
  },
  tradingRevenueUsd: { unit: "USD", better: "higher", formula: "sum(p2pValue)", source: "Fig. 5(b)" },
  p2pVolumeMwh: { unit: "MWh", better: "higher", formula: "sum(renewP2p)", source: OWN },
  transactionCount: { unit: "trades", better: "higher", formula: "sum(tradeCount)", source: "Fig. 5(e)" },
  carbonEmissionsT: {
    unit: "t CO2e",
    better: "lower",
    formula: "gridPurchaseMwh * emissionFactor / 1000",
    source: "factor: UK GHG Conversion Factors 2023",
  },
  carbonIntensityKgPerMwh: {
    unit: "kg CO2e/MWh",
    better: "lower",
    formula: "carbonEmissions / sum(demandServed)",
    source: OWN,
  },
  selfSufficiency: {
    unit: "fraction",
    better: "higher",
    formula: "clip((sum(demandServed) - gridPurchaseMwh) / sum(demand), 0, 1)",
    source: "Luthander et al., Applied Energy 142 (2015)",
  },
  averagePowerImbalance: {
    unit: "fraction",
    better: "lower",
    formula: "sum|netImport - scheduledNetImport| / sum(demand)",
    source: "Fig. 6(c)",
  },
  balanceAccuracy: {
    unit: "fraction",
    better: "higher",
    formula: "1 - averagePowerImbalance",
    source: "abstract",
  },
  loadFactorDaily: {
    unit: "fraction",
    better: "higher",
    formula:
      "mean over 24 h windows of mean(gridImportPower) / max(gridImportPower); windows without import skipped (net power with export makes mean/max unbounded)",
    source: CITYLEARN,
  },
  loadFactorMonthly: {
    unit: "fraction",
    better: "higher",
    formula:
      "mean over 730 h windows of mean(gridImportPower) / max(gridImportPower); windows without import skipped",
    source: CITYLEARN,
  },
  rampingMw: {
    unit: "MW",
    better: "lower",
    formula: "sum over 1 h windows of max(P_w - P_{w-1}, 0), P = netGridPower",
    source: CITYLEARN,
  },
  rampViolationsPerDay: {
    unit: "1/day",
    better: "lower",
    formula: "count(|P_w - P_{w-1}| > rampLimitMw) / days",
    source: "Fig. 6(d)",
  },
  peakImportMw: { unit: "MW", better: "lower", formula: "max(importPower)", source: CITYLEARN },
  dailyPeakAverageMw: {
    unit: "MW",
    better: "lower",
    formula: "mean over 24 h windows of max(netGridPower)",
    source: CITYLEARN,
  },
  unservedMwh: { unit: "MWh", better: "lower", formula: "sum(unserved)", source: OWN },
  normalizedUnservedEnergy: {
    unit: "fraction",
    better: "lower",
    formula: "sum(unserved) / sum(demand)",
    source: CITYLEARN,
  },
  loadSatisfaction: {
    unit: "fraction",
    better: "higher",
    formula: "sum(demandServed) / sum(demand)",
    source: "Fig. 8(a)",
  },
  benefitJainIndex: {
    unit: "fraction",
    better: "higher",
    formula: "(sum b)^2 / (n sum b^2) over prosumer trading benefits b",
    source: "Jain, Chiu, Hawe, DEC-TR-301 (1984)",
  },
  benefitGini: {
    unit: "fraction",
    better: "lower",
    formula: "sum_ij |b_i - b_j| / (2 n^2 mean b)",
    source: "Cowell, Measuring Inequality (2011)",
  },
};

/** Every KPI of a run from its flows (O(steps), plus O(n log n) for the Gini of n prosumers). */
export function computeKpis(flows: CityFlows, opts: Partial<KpiOptions> = {}): Kpis {
  const o: KpiOptions = { ...DEFAULT_KPI_OPTIONS, ...opts };
  const split = renewableFlowSplit(flows);
  const cost = operatingCost(flows, o);
  const net = netGridPowerMw(flows);
  const importPower = gridImportPowerMw(flows);
  let peakImport = 0;
  for (const p of importPower) if (p > peakImport) peakImport = p;
  const benefits = o.prosumerBenefitUsd;
  return {
    renewableGeneratedMwh: renewableGeneratedMwh(flows),
    renewableUtilisation: renewableUtilisation(flows),
    curtailment: curtailmentRate(flows),
    flowShareLocal: split.local,
    flowShareP2p: split.p2p,
    flowShareBattery: split.battery,
    flowShareExport: split.export,
    flowShareCurtailed: split.curtailed,
    demandMwh: sum(flows.demandMwh),
    gridPurchaseMwh: gridPurchaseMwh(flows),
    gridPurchaseUsd: cost.gridPurchaseUsd,
    exportRevenueUsd: cost.exportRevenueUsd,
    batteryDegradationUsd: cost.batteryDegradationUsd,
    peakDemandChargeUsd: cost.peakDemandChargeUsd,
    p2pFeesUsd: cost.p2pFeesUsd,
    operatingCostUsd: cost.totalUsd,
    tradingRevenueUsd: tradingRevenueUsd(flows),
    p2pVolumeMwh: sum(flows.renewP2pMwh),
    transactionCount: transactionCount(flows),
    carbonEmissionsT: carbonEmissionsKg(flows, o.gridEmissionFactorKgPerMwh) / 1000,
    carbonIntensityKgPerMwh: carbonIntensityKgPerMwh(flows, o.gridEmissionFactorKgPerMwh),
    selfSufficiency: selfSufficiency(flows),
    averagePowerImbalance: averagePowerImbalance(flows),
    balanceAccuracy: balanceAccuracy(flows),
    loadFactorDaily: loadFactor(importPower, flows.stepH, o.loadFactorDailyWindowH),
    loadFactorMonthly: loadFactor(importPower, flows.stepH, o.loadFactorMonthlyWindowH),
    rampingMw: ramping(net, flows.stepH, o.rampingWindowH),
    rampViolationsPerDay: Number.isNaN(o.rampLimitMw)
      ? Number.NaN
      : rampViolationsPerDay(net, flows.stepH, o.rampingWindowH, o.rampLimitMw),
    peakImportMw: peakImport,
    dailyPeakAverageMw: averageWindowPeakMw(net, flows.stepH, 24),
    unservedMwh: unservedEnergyMwh(flows),
    normalizedUnservedEnergy: normalizedUnservedEnergy(flows),
    loadSatisfaction: loadSatisfaction(flows),
    benefitJainIndex: benefits ? jainIndex(benefits) : Number.NaN,
    benefitGini: benefits ? giniCoefficient(benefits) : Number.NaN,
  };
}

/**
 * One KPI as a ratio to a reference value (control / reference), following CityLearn's
 * `evaluate._safe_div`: 0 / 0 = 1 (both runs equally good), x / 0 = NaN (CityLearn: None).
 * Non-finite inputs give NaN (CityLearn coerces them to 0; a NaN cannot be mistaken for a result).
 */
export function kpiRatio(control: number, reference: number): number {
  if (!Number.isFinite(control) || !Number.isFinite(reference)) return Number.NaN;
  if (reference === 0) return control === 0 ? 1 : Number.NaN;
  return control / reference;
}

/** Every KPI as a ratio to a reference run's (`kpiRatio`), as CityLearn's `evaluate` reports KPIs. */
export function kpiRatios(control: Kpis, reference: Kpis): Record<KpiName, number> {
  const out = {} as Record<KpiName, number>;
  for (const k of Object.keys(KPI_DEFINITIONS) as KpiName[]) out[k] = kpiRatio(control[k], reference[k]);
  return out;
}
