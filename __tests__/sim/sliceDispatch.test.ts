import { generateSliceScenario } from "../../lib/city/sliceScenario";
import { createRng } from "../../lib/core/rng";
import { renewableUtilisation } from "../../lib/metrics/renewables";
import { DEFAULT_SLICE_GRID, runSliceDispatch } from "../../lib/sim/sliceDispatch";

const sc = generateSliceScenario(14, 3, 152);
const inputs = { ...sc, stepH: sc.time.stepH };

describe("slice dispatch", () => {
  it("conserves energy every step and keeps SOC and power within limits under random actions", () => {
    const rng = createRng(9, "actions");
    const f = runSliceDispatch(inputs, () => rng.uniform(-90, 90));
    const g = DEFAULT_SLICE_GRID;
    for (let t = 0; t < f.windMwh.length; t++) {
      const renew = f.windMwh[t] + f.pvMwh[t];
      const routed =
        f.renewLocalMwh[t] +
        f.renewP2pMwh[t] +
        f.renewToBatteryMwh[t] +
        f.renewExportMwh[t] +
        f.curtailedMwh[t];
      expect(Math.abs(renew - routed)).toBeLessThanOrEqual(1e-9 * Math.max(1, renew));
      const served = f.renewLocalMwh[t] + f.renewP2pMwh[t] + f.batteryToLoadMwh[t] + f.gridImportMwh[t];
      expect(Math.abs(f.demandServedMwh[t] - served)).toBeLessThanOrEqual(1e-9 * Math.max(1, served));
      expect(f.demandServedMwh[t] + f.unservedMwh[t]).toBeCloseTo(f.demandMwh[t], 9);
      expect(f.batterySocMwh[t]).toBeGreaterThanOrEqual(g.socMinFrac * g.batteryCapacityMwh - 1e-9);
      expect(f.batterySocMwh[t]).toBeLessThanOrEqual(g.socMaxFrac * g.batteryCapacityMwh + 1e-9);
      expect(f.batteryChargeMwh[t]).toBeLessThanOrEqual(g.batteryPowerMw * f.stepH + 1e-9);
      expect(f.batteryDischargeMwh[t]).toBeLessThanOrEqual(g.batteryPowerMw * f.stepH + 1e-9);
      expect(f.gridExportMwh[t]).toBeLessThanOrEqual(g.exportLimitMw * f.stepH + 1e-9);
      const prev = t === 0 ? g.initialSocFrac * g.batteryCapacityMwh : f.batterySocMwh[t - 1];
      const eta = Math.sqrt(g.roundTripEfficiency);
      expect(f.batterySocMwh[t]).toBeCloseTo(
        prev + f.batteryChargeMwh[t] * eta - f.batteryDischargeMwh[t] / eta,
        9,
      );
    }
  });

  it("moves utilisation in the physically expected direction when the export limit shrinks", () => {
    const loose = runSliceDispatch(inputs, () => 0, { ...DEFAULT_SLICE_GRID, exportLimitMw: 200 });
    const tight = runSliceDispatch(inputs, () => 0, { ...DEFAULT_SLICE_GRID, exportLimitMw: 10 });
    expect(renewableUtilisation(loose)).toBeCloseTo(1, 12); // nothing needs curtailing
    expect(renewableUtilisation(tight)).toBeLessThan(renewableUtilisation(loose));
    // charging on surplus recovers some of the curtailed energy
    const charging = runSliceDispatch(inputs, (o) => (o.netLoadMw < 0 ? -60 : 60), {
      ...DEFAULT_SLICE_GRID,
      exportLimitMw: 10,
    });
    expect(renewableUtilisation(charging)).toBeGreaterThan(renewableUtilisation(tight));
  });

  it("names the field when inputs disagree in length", () => {
    expect(() => runSliceDispatch({ ...inputs, pvMw: new Float64Array(3) }, () => 0)).toThrow(
      /pvMw: has 3 steps/,
    );
  });
});
