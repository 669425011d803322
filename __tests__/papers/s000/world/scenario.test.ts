import { ConfigError } from "../../../../lib/core/errors";
import { STEPS_PER_DAY, STEPS_PER_YEAR } from "../../../../lib/core/time";
import {
  DEFAULT_CITY_CONFIG,
  validateCityConfig,
  withHorizon,
} from "../../../../lib/papers/s000/world/cityConfig";
import {
  CLASS_COMMUNITY_PV,
  CLASS_PROSUMER,
  ENTITY_CLASSES,
} from "../../../../lib/papers/s000/world/entityClasses";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";
import { sunPositions } from "../../../../lib/profiles/solar";
import {
  DEFAULT_WIND_FARM,
  hysteresisPowerFraction,
  powerCurveFraction,
} from "../../../../lib/profiles/wind";
import { cosSolarZenith } from "../../../helpers/spencerSun";

const sum = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
};
const max = (x: ArrayLike<number>) => {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
};

let year: Scenario;
beforeAll(() => {
  year = generateScenario(DEFAULT_CITY_CONFIG, 2026);
});

describe("wind power curve (cut-in 3, rated 12, cut-out 25 m/s)", () => {
  it("has its edges where the paper puts them and the cubic in between", () => {
    expect(powerCurveFraction(2.999)).toBe(0);
    expect(powerCurveFraction(3)).toBe(0);
    expect(powerCurveFraction(12)).toBe(1);
    expect(powerCurveFraction(24.999)).toBe(1);
    expect(powerCurveFraction(25)).toBe(0);
    expect(powerCurveFraction(Number.NaN)).toBe(0);
    expect(powerCurveFraction(7.5)).toBeCloseTo((7.5 ** 3 - 27) / (12 ** 3 - 27), 12);
  });

  it("keeps a storm-stopped turbine off until the wind drops below cut-back-in", () => {
    const stopped = new Uint8Array(1);
    const seq = [24, 26, 24, 21, 19.9, 15];
    const out = seq.map((v) => hysteresisPowerFraction(v, stopped, 0));
    expect(out).toEqual([1, 0, 0, 0, 1, 1]);
    expect(DEFAULT_WIND_FARM.cutBackInMs).toBe(20);
  });
});

describe("the seed-000 city over a year", () => {
  it("has the paper's entity counts", () => {
    const e = year.entities;
    const counts = ENTITY_CLASSES.map((_, c) => e.classStart[c + 1] - e.classStart[c]);
    // residential, prosumer, commercial, industrial, municipal, EV stations, community PV (notes-000 §1.1)
    expect(counts).toEqual([25_000, 12_500, 850, 120, 50, 300, 15]);
    expect(e.n).toBe(38_835);
  });

  it("is calibrated to the stated inputs: peak about 180 MW, annual energy above 950 GWh", () => {
    expect(year.time.length).toBe(STEPS_PER_YEAR);
    const gwh = (sum(year.demand.totalBaseMw) * year.time.stepH) / 1000;
    expect(gwh).toBeGreaterThan(950);
    expect(gwh).toBeLessThan(1050);
    const peak = max(year.demand.totalBaseMw);
    expect(peak).toBeGreaterThan(170);
    expect(peak).toBeLessThan(195);
  });

  it("has a North-Sea offshore wind capacity factor and a UK PV capacity factor", () => {
    const windCf = sum(year.renewables.windMw) / year.time.length / 150;
    // Published: UK offshore fleet 0.38-0.48 (DESNZ Energy Trends, load factors 2019-2023).
    expect(windCf).toBeGreaterThan(0.35);
    expect(windCf).toBeLessThan(0.52);
    const pvCf = sum(year.renewables.pvMw) / year.time.length / 85;
    // UK PV load factor ~0.10-0.11 (DESNZ Energy Trends); rooftops in mixed orientations a little below.
    expect(pvCf).toBeGreaterThan(0.07);
    expect(pvCf).toBeLessThan(0.13);
    // Installed PV: exactly 85 MWp over the 10,500 rooftops and 15 plants.
    const e = year.entities;
    let mwp = 0;
    for (const c of [CLASS_PROSUMER, CLASS_COMMUNITY_PV])
      for (let i = e.classStart[c]; i < e.classStart[c + 1]; i++) mwp += e.pvMwp[i];
    expect(mwp).toBeCloseTo(85, 9);
  });

  it("keeps prices inside the paper's bands", () => {
    const p = year.prices.importUsdPerMwh;
    for (let t = 0; t < p.length; t += 7) {
      const band = year.prices.band[t];
      const [lo, hi] = band === 0 ? [35, 60] : band === 1 ? [60, 120] : [120, 180];
      expect(p[t]).toBeGreaterThanOrEqual(lo - 1e-9);
      expect(p[t]).toBeLessThanOrEqual(hi + 1e-9);
    }
    let drMin = Number.POSITIVE_INFINITY;
    let drMax = 0;
    for (const v of year.prices.drIncentiveUsdPerMwh)
      if (v > 0) {
        drMin = Math.min(drMin, v);
        drMax = Math.max(drMax, v);
      }
    expect(drMin).toBeGreaterThanOrEqual(40 - 1e-9);
    expect(drMax).toBeLessThanOrEqual(150 + 1e-9);
  });

  it("never produces negative or non-finite series", () => {
    for (const s of [
      year.renewables.windMw,
      year.renewables.pvMw,
      year.demand.totalBaseMw,
      year.prices.importUsdPerMwh,
    ]) {
      let bad = 0;
      for (const v of s) if (!(Number.isFinite(v) && v >= 0)) bad++;
      expect(bad).toBe(0);
    }
  });
});

describe("solar position", () => {
  it("agrees with an independent algorithm (Spencer/NOAA) to a fraction of a degree", () => {
    const c = DEFAULT_CITY_CONFIG.solar;
    const sun = sunPositions(STEPS_PER_YEAR, c);
    let worst = 0;
    for (let t = 37; t < STEPS_PER_YEAR; t += 997) {
      const day = Math.floor(t / STEPS_PER_DAY);
      const hourUtc = ((t % STEPS_PER_DAY) + 0.5) / 4;
      const spencer =
        90 - (Math.acos(cosSolarZenith(day, hourUtc, c.latitudeDeg, c.longitudeDeg)) * 180) / Math.PI;
      // suncalc's altitude is geometric (no refraction); above the horizon compare directly.
      if (spencer > 5) worst = Math.max(worst, Math.abs(spencer - sun.altitudeDeg[t]));
    }
    expect(worst).toBeLessThan(0.6);
  });
});

describe("windows and determinism", () => {
  const windowCfg = withHorizon(DEFAULT_CITY_CONFIG, 7, 100);
  let w: Scenario;
  beforeAll(() => {
    w = generateScenario(windowCfg, 2026);
  });

  it("a window is exactly the same days of the year scenario", () => {
    const s0 = 100 * STEPS_PER_DAY;
    const n = w.time.length;
    expect(n).toBe(7 * STEPS_PER_DAY);
    expect(Array.from(w.renewables.windMw)).toEqual(Array.from(year.renewables.windMw.subarray(s0, s0 + n)));
    expect(Array.from(w.renewables.pvMw)).toEqual(Array.from(year.renewables.pvMw.subarray(s0, s0 + n)));
    expect(Array.from(w.prices.importUsdPerMwh)).toEqual(
      Array.from(year.prices.importUsdPerMwh.subarray(s0, s0 + n)),
    );
    let worst = 0;
    for (let t = 0; t < n; t++)
      worst = Math.max(worst, Math.abs(w.demand.totalBaseMw[t] - year.demand.totalBaseMw[s0 + t]));
    expect(worst).toBeLessThan(1e-9);
  });

  it("the same seed gives the same bytes; another seed another city", () => {
    const a = w;
    const b = generateScenario(windowCfg, 2026);
    const c = generateScenario(windowCfg, 8);
    expect(Buffer.from(a.demand.totalBaseMw.buffer)).toEqual(Buffer.from(b.demand.totalBaseMw.buffer));
    expect(Buffer.from(a.entities.meanPowerMw.buffer)).toEqual(Buffer.from(b.entities.meanPowerMw.buffer));
    expect(Buffer.from(a.renewables.windMw.buffer)).not.toEqual(Buffer.from(c.renewables.windMw.buffer));
  });
});

describe("config errors", () => {
  it("name the field", () => {
    expect(() => validateCityConfig(withHorizon(DEFAULT_CITY_CONFIG, 0))).toThrow(ConfigError);
    expect(() => validateCityConfig(withHorizon(DEFAULT_CITY_CONFIG, 0))).toThrow(/city\.horizon\.days/);
    const bad = { ...DEFAULT_CITY_CONFIG, battery: { ...DEFAULT_CITY_CONFIG.battery, socMinFrac: 0.95 } };
    expect(() => validateCityConfig(bad)).toThrow(/city\.battery/);
  });
});
