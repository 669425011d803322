import { DEFAULT_MARKET_CONFIG } from "../../lib/market";
import {
  allocateCityFlows,
  averageWindowPeakMw,
  balanceAccuracy,
  type CityFlows,
  carbonEmissionsKg,
  carbonIntensityKgPerMwh,
  computeKpis,
  curtailmentRate,
  DEFAULT_KPI_OPTIONS,
  gridPurchaseMwh,
  kpiRatio,
  kpiRatios,
  loadFactor,
  loadSatisfaction,
  normalizedUnservedEnergy,
  operatingCost,
  peakDemandChargeUsd,
  ramping,
  rampViolationsPerDay,
  renewableFlowSplit,
  renewableUtilisation,
  selfSufficiency,
  stepsPerWindow,
} from "../../lib/metrics";

/**
 * Two 15-min steps, consistent with every CityFlows identity:
 *   renewable: 10 = 4 + 2 + 2 + 1 + 1 ; 10 = 2 + 3 + 1 + 2 + 2
 *   demand:    served 10 = 4 + 2 + 2 + 2 ; 9 = 2 + 3 + 3 + 1 ; demand = served + unserved (10, 10)
 *   battery:   charge = renewToBattery + gridToBattery = (3, 1); discharge = toLoad + export = (2, 3)
 *   export:    gridExport = renewExport + batteryExport = (1 + 0, 2 + 0)
 */
function smallFlows(): CityFlows {
  const f = allocateCityFlows(2, 0.25);
  const set = (a: Float64Array, v: number[]) => a.set(v);
  set(f.windMwh, [10, 0]);
  set(f.pvMwh, [0, 10]);
  set(f.renewLocalMwh, [4, 2]);
  set(f.renewP2pMwh, [2, 3]);
  set(f.renewToBatteryMwh, [2, 1]);
  set(f.renewExportMwh, [1, 2]);
  set(f.curtailedMwh, [1, 2]);
  set(f.demandMwh, [10, 10]);
  set(f.demandServedMwh, [10, 9]);
  set(f.unservedMwh, [0, 1]);
  set(f.batteryToLoadMwh, [2, 3]);
  set(f.gridImportMwh, [2, 1]);
  set(f.gridToBatteryMwh, [1, 0]);
  set(f.batteryChargeMwh, [3, 1]);
  set(f.batteryDischargeMwh, [2, 3]);
  set(f.gridExportMwh, [1, 2]);
  set(f.importPriceUsdPerMwh, [100, 50]);
  set(f.exportPriceUsdPerMwh, [30, 20]);
  set(f.tradeCount, [7, 5]);
  set(f.p2pValueUsd, [150, 200]);
  return f;
}

describe("renewable KPIs", () => {
  const f = smallFlows();
  it("utilisation, curtailment and the flow split (generated 20 MWh, curtailed 3)", () => {
    expect(renewableUtilisation(f)).toBeCloseTo(17 / 20, 14);
    expect(curtailmentRate(f)).toBeCloseTo(3 / 20, 14);
    const s = renewableFlowSplit(f);
    expect(s.local).toBeCloseTo(6 / 20, 14);
    expect(s.p2p).toBeCloseTo(5 / 20, 14);
    expect(s.battery).toBeCloseTo(3 / 20, 14);
    expect(s.export).toBeCloseTo(3 / 20, 14);
    expect(s.curtailed).toBeCloseTo(3 / 20, 14);
    expect(s.local + s.p2p + s.battery + s.export + s.curtailed).toBeCloseTo(1, 14);
  });
  it("is NaN without generation", () => {
    expect(Number.isNaN(renewableUtilisation(allocateCityFlows(3, 0.25)))).toBe(true);
  });
});

describe("supply KPIs", () => {
  const f = smallFlows();
  it("grid purchases, self-sufficiency, unserved energy, load satisfaction", () => {
    expect(gridPurchaseMwh(f)).toBeCloseTo(4, 14); // imports to load 3 + to battery 1
    expect(selfSufficiency(f)).toBeCloseTo((19 - 4) / 20, 14);
    expect(normalizedUnservedEnergy(f)).toBeCloseTo(1 / 20, 14);
    expect(loadSatisfaction(f)).toBeCloseTo(19 / 20, 14);
  });
  it("balance accuracy from the committed schedule (net import 2, -1 vs 1.5, -1)", () => {
    expect(Number.isNaN(balanceAccuracy(f))).toBe(true);
    const g: CityFlows = { ...f, scheduledNetImportMwh: Float64Array.from([1.5, -1]) };
    expect(balanceAccuracy(g)).toBeCloseTo(1 - 0.5 / 20, 14);
  });
  it("carbon: 4 MWh x 207.07 kg/MWh over 19 MWh served", () => {
    expect(carbonEmissionsKg(f, 207.07)).toBeCloseTo(828.28, 9);
    expect(carbonIntensityKgPerMwh(f, 207.07)).toBeCloseTo(828.28 / 19, 9);
  });
});

describe("economic KPIs", () => {
  const T = 15000;
  it("operating cost = purchases + degradation + demand charge + fees - export revenue", () => {
    const c = operatingCost(smallFlows(), { ...DEFAULT_KPI_OPTIONS, peakDemandTariffUsdPerMwMonth: T });
    expect(c.gridPurchaseUsd).toBeCloseTo(3 * 100 + 1 * 50, 9);
    expect(c.exportRevenueUsd).toBeCloseTo(1 * 30 + 2 * 20, 9);
    expect(c.batteryDegradationUsd).toBeCloseTo(29 * 5, 9);
    expect(c.p2pFeesUsd).toBeCloseTo(6 * 5, 9);
    // Peak import 3 MWh / 0.25 h = 12 MW; half an hour of January's 744 h is covered.
    expect(c.peakDemandChargeUsd).toBeCloseTo((T * 12 * 0.5) / 744, 9);
    expect(c.totalUsd).toBeCloseTo(350 + 145 + (T * 12 * 0.5) / 744 + 30 - 70, 9);
  });
  it("prefers the flows' own degradation and fee columns when present", () => {
    const f: CityFlows = {
      ...smallFlows(),
      batteryDegradationUsd: Float64Array.from([1, 2]),
      p2pFeeUsd: Float64Array.from([0.5, 0.25]),
    };
    const c = operatingCost(f, DEFAULT_KPI_OPTIONS);
    expect(c.batteryDegradationUsd).toBe(3);
    expect(c.p2pFeesUsd).toBe(0.75);
  });
  it("demand charge: a constant 10 MW for a year pays 12 full months", () => {
    const p = new Float64Array(35040).fill(10);
    expect(peakDemandChargeUsd(p, 0.25, T)).toBeCloseTo(12 * T * 10, 6);
  });
  it("demand charge: two days across the January/February boundary pay each month pro rata", () => {
    const p = new Float64Array(192);
    p.fill(5, 0, 96); // 31 January
    p.fill(8, 96); // 1 February
    const expected = T * 5 * (24 / 744) + T * 8 * (24 / 672);
    expect(peakDemandChargeUsd(p, 0.25, T, 30)).toBeCloseTo(expected, 6);
    expect(() => peakDemandChargeUsd(p, 0.25, T, 400)).toThrow(/startDayOfYear/);
  });
  it("the KPI fee default equals the market's default fees", () => {
    expect(DEFAULT_KPI_OPTIONS.p2pFeeUsdPerMwh).toBe(
      DEFAULT_MARKET_CONFIG.gridUsageFeeUsdPerMwh + DEFAULT_MARKET_CONFIG.platformFeeUsdPerMwh,
    );
  });
});

describe("load-shape KPIs (CityLearn definitions, windows in hours)", () => {
  it("load factor: mean over windows of mean / max", () => {
    expect(loadFactor([1, 2, 3, 4], 1, 2)).toBeCloseTo((1.5 / 2 + 3.5 / 4) / 2, 14);
    expect(loadFactor([1, 2, 3, 4], 1, 4)).toBeCloseTo(2.5 / 4, 14);
    expect(loadFactor([1, 2, -3, -4], 1, 2)).toBeCloseTo(0.75, 14); // export-only window skipped
    // The same hourly profile at 15-min steps and a 2 h window gives the same value.
    const q = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
    expect(loadFactor(q, 0.25, 2)).toBeCloseTo((1.5 / 2 + 3.5 / 4) / 2, 14);
    expect(() => loadFactor(q, 0.25, 0.1)).toThrow(/windowH/);
  });
  it("ramping: upward changes of hourly means (CityLearn default), optionally both ways", () => {
    expect(ramping([1, 3, 2, 5], 1)).toBeCloseTo(5, 14);
    expect(ramping([1, 3, 2, 5], 1, 1, true)).toBeCloseTo(6, 14);
    const q = [0, 2, 0, 2, 3, 3, 3, 3, 2, 2, 2, 2, 5, 5, 5, 5]; // hourly means 1, 3, 2, 5
    expect(ramping(q, 0.25)).toBeCloseTo(5, 14);
  });
  it("ramp violations per day and window peaks", () => {
    // changes 2, 1, 3 MW over 4 hours; two exceed 1.5 MW -> 2 per 1/6 day = 12 per day
    expect(rampViolationsPerDay([1, 3, 2, 5], 1, 1, 1.5)).toBeCloseTo(12, 12);
    expect(averageWindowPeakMw([1, 5, 2, 3], 1, 2)).toBeCloseTo(4, 14);
  });
});

describe("computeKpis and ratios to a reference run", () => {
  it("collects the individual KPIs and the flow shares sum to 1", () => {
    const f = smallFlows();
    const k = computeKpis(f);
    expect(k.renewableUtilisation).toBe(renewableUtilisation(f));
    expect(k.gridPurchaseMwh).toBe(gridPurchaseMwh(f));
    expect(k.transactionCount).toBe(12);
    expect(k.tradingRevenueUsd).toBe(350);
    expect(k.peakImportMw).toBeCloseTo(12, 12);
    expect(k.carbonEmissionsT).toBeCloseTo(0.82828, 12);
    const shares =
      k.flowShareLocal + k.flowShareP2p + k.flowShareBattery + k.flowShareExport + k.flowShareCurtailed;
    expect(shares).toBeCloseTo(1, 14);
    expect(Number.isNaN(k.benefitJainIndex)).toBe(true);
    const withBenefits = computeKpis(f, { prosumerBenefitUsd: [1, 2, 3] });
    expect(withBenefits.benefitGini).toBeCloseTo(2 / 9, 14);
  });
  it("ratios follow CityLearn's safe division", () => {
    expect(kpiRatio(3, 4)).toBe(0.75);
    expect(kpiRatio(0, 0)).toBe(1);
    expect(Number.isNaN(kpiRatio(1, 0))).toBe(true);
    const k = computeKpis(smallFlows());
    const r = kpiRatios(k, k);
    expect(r.operatingCostUsd).toBe(1);
    expect(r.unservedMwh).toBe(1);
    expect(Number.isNaN(r.benefitGini)).toBe(true);
  });
  it("windows must be whole steps", () => {
    expect(stepsPerWindow(24, 0.25)).toBe(96);
  });
});
