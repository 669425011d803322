import {
  cosSolarZenith,
  DEFAULT_SLICE_CITY,
  generateSliceScenario,
  turbinePowerFraction,
} from "../../lib/city/sliceScenario";

describe("slice scenario", () => {
  it("has the power curve's edges at 3 / 12 / 25 m/s", () => {
    expect(turbinePowerFraction(2.99)).toBe(0);
    expect(turbinePowerFraction(3)).toBe(0);
    expect(turbinePowerFraction(12)).toBe(1);
    expect(turbinePowerFraction(24.9)).toBe(1);
    expect(turbinePowerFraction(25)).toBe(0);
    // cubic between: at 7.5 m/s (7.5^3 - 27) / (1728 - 27)
    expect(turbinePowerFraction(7.5)).toBeCloseTo((7.5 ** 3 - 27) / (1728 - 27), 12);
  });

  it("puts the sun where a closed form says: solar-noon zenith = |latitude - declination|", () => {
    // Summer solstice (declination +23.44 deg), solar noon at Greenwich: zenith = 53.74 - 23.44 = 30.3 deg.
    const c = cosSolarZenith(171, 12 + 1.5 / 60, 53.74, 0);
    expect(Math.acos(c) * (180 / Math.PI)).toBeCloseTo(30.3, 0);
    expect(cosSolarZenith(171, 0, 53.74, 0)).toBeLessThan(0); // midnight
  });

  it("is deterministic and calibrated to the paper's stated inputs (peak ~180 MW, > 950 GWh)", () => {
    const a = generateSliceScenario(365, 11);
    const b = generateSliceScenario(365, 11);
    expect(Buffer.from(a.windMw.buffer)).toEqual(Buffer.from(b.windMw.buffer));
    const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    const annualGwh = (sum(a.demandMw) * 0.25) / 1000;
    expect(annualGwh).toBeGreaterThan(950);
    expect(Math.max(...a.demandMw)).toBeGreaterThan(160);
    expect(Math.max(...a.demandMw)).toBeLessThan(200);
    const windCf = sum(a.windMw) / a.windMw.length / DEFAULT_SLICE_CITY.windCapacityMw;
    expect(windCf).toBeGreaterThan(0.3); // North Sea offshore farms: ~0.35-0.5
    expect(windCf).toBeLessThan(0.55);
    const pvCf = sum(a.pvMw) / a.pvMw.length / DEFAULT_SLICE_CITY.pvCapacityMw;
    expect(pvCf).toBeGreaterThan(0.06); // horizontal PV at 53.7 N: ~0.08-0.11
    expect(pvCf).toBeLessThan(0.14);
    for (const p of a.importPriceUsdPerMwh) expect(p >= 35 && p <= 180).toBe(true);
  });
});
