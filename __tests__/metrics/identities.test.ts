import fc from "fast-check";
import {
  allocateCityFlows,
  type CityFlows,
  computeKpis,
  KPI_DEFINITIONS,
  type KpiName,
  kpiRatios,
} from "../../lib/metrics";

const part = fc.double({ min: 0, max: 50, noNaN: true });
const step = fc.record({
  local: part,
  p2p: part,
  toBattery: part,
  export: part,
  curtailed: part,
  windShare: fc.double({ min: 0, max: 1, noNaN: true }),
  batteryToLoad: part,
  gridImport: part,
  gridToBattery: part,
  batteryExport: part,
  unserved: part,
  importPrice: fc.double({ min: 35, max: 180, noNaN: true }),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Random flows that satisfy every CityFlows accounting identity by construction. */
function flowsFrom(steps: Step[]): CityFlows {
  const f = allocateCityFlows(steps.length, 0.25);
  steps.forEach((s, t) => {
    const renewable = s.local + s.p2p + s.toBattery + s.export + s.curtailed;
    f.windMwh[t] = renewable * s.windShare;
    f.pvMwh[t] = renewable - f.windMwh[t];
    f.renewLocalMwh[t] = s.local;
    f.renewP2pMwh[t] = s.p2p;
    f.renewToBatteryMwh[t] = s.toBattery;
    f.renewExportMwh[t] = s.export;
    f.curtailedMwh[t] = s.curtailed;
    f.batteryToLoadMwh[t] = s.batteryToLoad;
    f.batteryExportMwh[t] = s.batteryExport;
    f.gridImportMwh[t] = s.gridImport;
    f.gridToBatteryMwh[t] = s.gridToBattery;
    f.batteryChargeMwh[t] = s.toBattery + s.gridToBattery;
    f.batteryDischargeMwh[t] = s.batteryToLoad + s.batteryExport;
    f.gridExportMwh[t] = s.export + s.batteryExport;
    f.demandServedMwh[t] = s.local + s.p2p + s.batteryToLoad + s.gridImport;
    f.unservedMwh[t] = s.unserved;
    f.demandMwh[t] = f.demandServedMwh[t] + s.unserved;
    f.importPriceUsdPerMwh[t] = s.importPrice;
    f.exportPriceUsdPerMwh[t] = s.importPrice * 0.5;
  });
  return f;
}

describe("KPIs on random flows that satisfy the CityFlows identities", () => {
  it("shares sum to 1, utilisation + curtailment = 1, fractions stay in [0, 1], self-ratios are 1", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 96, maxLength: 200 }), (steps) => {
        const k = computeKpis(flowsFrom(steps));
        if (k.renewableGeneratedMwh > 0) {
          const shares =
            k.flowShareLocal + k.flowShareP2p + k.flowShareBattery + k.flowShareExport + k.flowShareCurtailed;
          expect(shares).toBeCloseTo(1, 12);
          expect(k.renewableUtilisation + k.curtailment).toBeCloseTo(1, 12);
        }
        for (const name of ["selfSufficiency", "loadSatisfaction", "normalizedUnservedEnergy"] as const) {
          if (Number.isFinite(k[name])) {
            expect(k[name]).toBeGreaterThanOrEqual(0);
            expect(k[name]).toBeLessThanOrEqual(1);
          }
        }
        if (k.demandMwh > 0) expect(k.loadSatisfaction + k.normalizedUnservedEnergy).toBeCloseTo(1, 12);
        expect(k.operatingCostUsd).toBeCloseTo(
          k.gridPurchaseUsd +
            k.batteryDegradationUsd +
            k.peakDemandChargeUsd +
            k.p2pFeesUsd -
            k.exportRevenueUsd,
          6,
        );
        const r = kpiRatios(k, k);
        for (const name of Object.keys(KPI_DEFINITIONS) as KpiName[]) {
          if (Number.isFinite(k[name])) expect(r[name]).toBe(1);
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
