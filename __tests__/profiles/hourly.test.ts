import { ConfigError } from "../../lib/core/errors";
import { hashValue } from "../../lib/core/hash";
import { createRng, Rng } from "../../lib/core/rng";
import { dateOfStep, stepsPerDayOf, yearTimeBase } from "../../lib/core/time";
import { DEFAULT_PRICES, generatePrices, priceBandAt } from "../../lib/profiles/prices";
import { DEFAULT_SOLAR, generateSolar, type SolarConfig, sunPositions } from "../../lib/profiles/solar";
import { resolveStep } from "../../lib/profiles/step";
import { relativeErrorProcess } from "../../lib/profiles/uncertainty";
import { climatologyC, DEFAULT_TEMPERATURE, generateTemperature } from "../../lib/profiles/weather";
import { DEFAULT_WIND_FARM, generateWind } from "../../lib/profiles/wind";

// Seed 002's time axis: hourly 2016, a leap year, 8,784 steps, 1 January a Friday.
const TB = yearTimeBase(2016, 60);
const N = TB.length;
const HOURLY = { stepsPerDay: stepsPerDayOf(N, 366) };

/** A stream whose normal() gives mean + sd on its first call and the mean afterwards. */
class OneShock extends Rng {
  private calls = 0;
  constructor() {
    super(["one-shock"]);
  }
  override normal(mean = 0, sd = 1): number {
    return this.calls++ === 0 ? mean + sd : mean;
  }
}

const mean = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
};
const lag = (x: Float64Array, k: number) => {
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - m) ** 2;
    if (i + k < x.length) num += (x[i] - m) * (x[i + k] - m);
  }
  return num / den;
};

describe("series step (lib/profiles/step.ts)", () => {
  it("defaults to seed 000's 15 minutes and takes a TimeBase's steps a day", () => {
    expect(resolveStep()).toEqual({ stepsPerDay: 96, stepH: 0.25, stepMinutes: 15 });
    expect(resolveStep(TB)).toEqual({ stepsPerDay: 24, stepH: 1, stepMinutes: 60 });
    expect(HOURLY.stepsPerDay).toBe(24);
  });
  it("refuses a step that is not a whole number of minutes dividing a day, naming the key", () => {
    expect(() => resolveStep({ stepsPerDay: 7 }, "x.stepsPerDay")).toThrow(ConfigError);
    expect(() => resolveStep({ stepsPerDay: 7 }, "x.stepsPerDay")).toThrow(/x\.stepsPerDay.*got 7/);
    expect(() => generateWind(10, DEFAULT_WIND_FARM, createRng(1), { stepsPerDay: 0 })).toThrow(
      /generateWind\.stepsPerDay/,
    );
  });
});

describe("forecast-error process at an hourly step", () => {
  it("keeps the hourly autocorrelation: e[t] = sigma * ar^(t * step in hours) after one shock", () => {
    const hourly = relativeErrorProcess(5, 0.1, 0.9, new OneShock(), HOURLY);
    const quarter = relativeErrorProcess(9, 0.1, 0.9, new OneShock());
    for (let t = 0; t < 5; t++) expect(hourly[t]).toBeCloseTo(0.1 * 0.9 ** t, 15);
    expect(quarter[4]).toBeCloseTo(0.1 * 0.9, 15); // 4 quarter-hours = 1 hour
    expect(quarter[8]).toBeCloseTo(0.1 * 0.81, 15);
    // sample: lag-1 correlation of hourly steps ~ 0.9 (15-min steps: 0.9^0.25 ~ 0.974)
    const e = relativeErrorProcess(N, 0.1, 0.9, createRng(3, "e"), HOURLY);
    expect(e).toHaveLength(8784);
    expect(lag(e, 1)).toBeCloseTo(0.9, 1);
  });
});

describe("temperature at an hourly step", () => {
  it("climatology of hourly step t is the 15-min climatology of step 4t, exactly", () => {
    for (const t of [0, 15, 24 * 59 + 6, N - 1])
      expect(climatologyC(DEFAULT_TEMPERATURE, t, HOURLY)).toBe(climatologyC(DEFAULT_TEMPERATURE, 4 * t));
  });
  it("without the anomaly the series is the closed form, 8,784 values", () => {
    const c = { ...DEFAULT_TEMPERATURE, anomalySdC: 0 };
    const x = generateTemperature(N, c, createRng(1), HOURLY);
    expect(x).toHaveLength(8784);
    const at = (day: number, hour: number) =>
      c.meanC +
      c.seasonalAmplitudeC * Math.cos((2 * Math.PI * (day - c.warmestDay)) / 365) +
      c.diurnalAmplitudeC * Math.cos((2 * Math.PI * (hour - c.warmestHour)) / 24);
    expect(x[15]).toBeCloseTo(at(0, 15), 12);
    expect(x[59 * 24 + 3]).toBeCloseTo(at(59, 3), 12); // 29 February 03:00
    expect(x[N - 1]).toBeCloseTo(at(0, 23), 12); // day 365 continues the 365-day cycle
  });
});

describe("prices at an hourly step", () => {
  const fri = dateOfStep(TB, 0).weekday; // 4: 2016-01-01 is a Friday
  const step = { ...HOURLY, weekdayOfDay0: fri };
  it("bands by the hour and the real weekday", () => {
    expect(fri).toBe(4);
    expect(priceBandAt(DEFAULT_PRICES, 3, step)).toBe(0); // Fri 03:00 off-peak
    expect(priceBandAt(DEFAULT_PRICES, 12, step)).toBe(1); // Fri 12:00 normal
    expect(priceBandAt(DEFAULT_PRICES, 16, step)).toBe(2); // Fri 16:00 peak
    expect(priceBandAt(DEFAULT_PRICES, 24 + 16, step)).toBe(1); // Sat 16:00: no weekend peak
    expect(priceBandAt(DEFAULT_PRICES, 3 * 24 + 16, step)).toBe(2); // Mon 16:00
    // with a Monday start the hourly band of t is the 15-min band of 4t
    for (let t = 0; t < 24 * 7; t++)
      expect(priceBandAt(DEFAULT_PRICES, t, HOURLY)).toBe(priceBandAt(DEFAULT_PRICES, 4 * t));
    expect(() => priceBandAt(DEFAULT_PRICES, 0, { weekdayOfDay0: 7 })).toThrow(/weekdayOfDay0/);
  });
  it("generates 8,784 prices; at volatility 0 each is its band's midpoint", () => {
    const net = Float64Array.from({ length: N }, (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 24));
    const p = generatePrices(N, { ...DEFAULT_PRICES, volatility: 0 }, net, createRng(2), step);
    expect(p.importUsdPerMwh).toHaveLength(8784);
    const mid = [47.5, 90, 150];
    for (const t of [0, 12, 16, 40, N - 8]) {
      expect(p.band[t]).toBe(priceBandAt(DEFAULT_PRICES, t, step));
      expect(p.importUsdPerMwh[t]).toBeCloseTo(mid[p.band[t]], 4);
      expect(p.exportUsdPerMwh[t]).toBeCloseTo(0.5 * mid[p.band[t]], 4);
    }
  });
});

describe("solar at an hourly step", () => {
  const SunCalc = require("suncalc") as {
    getPosition(d: Date, lat: number, lon: number): { altitude: number; azimuth: number };
  };
  const c2016: SolarConfig = { ...DEFAULT_SOLAR, referenceYear: 2016 };
  it("puts the sun at each hour's midpoint through 31 December of a leap year (no wrap at 8,760)", () => {
    const sun = sunPositions(N, c2016, HOURLY);
    expect(sun.altitudeDeg).toHaveLength(8784);
    for (const t of [12, 59 * 24 + 12, N - 12, N - 1]) {
      const want = SunCalc.getPosition(new Date(Date.UTC(2016, 0, 1) + (t + 0.5) * 3_600_000), 53.74, -0.33);
      expect(sun.altitudeDeg[t]).toBe(want.altitude);
      expect(sun.azimuthDeg[t]).toBe(want.azimuth);
    }
  });
  it("moves the hourly cloud chain once per hour: every step hourly, every 4th at 15 min, twice at 2 h", () => {
    // A cycling chain (clear -> broken -> overcast -> clear) makes the state count the transitions.
    const cycle: SolarConfig = {
      ...DEFAULT_SOLAR,
      cloudTransitionPerHour: [
        [0, 1, 0],
        [0, 0, 1],
        [1, 0, 0],
      ],
    };
    const temp = new Float64Array(96).fill(10);
    const hourly = generateSolar(48, cycle, temp, createRng(1), HOURLY).cloudState;
    const quarter = generateSolar(96, cycle, temp, createRng(1)).cloudState;
    const twoHourly = generateSolar(12, cycle, temp, createRng(1), { stepsPerDay: 12 }).cloudState;
    // the chain starts broken (1); the first transition happens at step 0
    for (let t = 0; t < 48; t++) expect(hourly[t]).toBe((2 + t) % 3);
    for (let t = 0; t < 96; t++) expect(quarter[t]).toBe((2 + Math.floor(t / 4)) % 3);
    for (let t = 0; t < 12; t++) expect(twoHourly[t]).toBe((1 + 2 * (t + 1)) % 3);
  });
  it("hourly PV over a year is a plausible UK yield and zero at night", () => {
    const temp = generateTemperature(N, DEFAULT_TEMPERATURE, createRng(4, "t"), HOURLY);
    const s = generateSolar(N, c2016, temp, createRng(4, "s"), HOURLY);
    const pu = s.perUnitByOrientation[0]; // 35 deg, south
    expect(pu).toHaveLength(8784);
    const kwhPerKwp = pu.reduce((a, v) => a + v, 0); // 1-h steps: MW per MWp x 1 h
    expect(kwhPerKwp).toBeGreaterThan(700);
    expect(kwhPerKwp).toBeLessThan(1300);
    expect(pu[0]).toBe(0); // midnight
    expect(pu[N - 1]).toBe(0);
  });
});

describe("wind at an hourly step", () => {
  it("gives 8,784 steps with the same climate as the 15-min generator", () => {
    const h = generateWind(N, DEFAULT_WIND_FARM, createRng(6, "w"), HOURLY);
    const q = generateWind(4 * N, DEFAULT_WIND_FARM, createRng(6, "w"));
    expect(h.windMw).toHaveLength(8784);
    expect(q.windMw).toHaveLength(4 * 8784);
    // same Weibull marginal, same hourly persistence (hourly lag 1 ~ 15-min lag 4)
    expect(mean(h.windSpeedMs) / mean(q.windSpeedMs)).toBeCloseTo(1, 1);
    expect(lag(h.windSpeedMs, 1)).toBeCloseTo(lag(q.windSpeedMs, 4), 1);
    const cf = (w: Float64Array) => mean(w) / 150;
    expect(Math.abs(cf(h.windMw) - cf(q.windMw))).toBeLessThan(0.08);
    for (const v of h.windMw) expect(v).toBeLessThanOrEqual(150);
  });
  it("storms last their hours in whole steps at any step", () => {
    const c = { ...DEFAULT_WIND_FARM, stormsPerYear: 40 };
    const h = generateWind(N, c, createRng(8, "w"), HOURLY);
    const runs: number[] = [];
    let run = 0;
    for (const s of h.stormActive) {
      if (s) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
    expect(runs.length).toBeGreaterThan(5);
    // durations are at least 6 h: 6 hourly steps (overlapping storms only lengthen a run)
    expect(Math.min(...runs)).toBeGreaterThanOrEqual(6);
    expect(mean(runs)).toBeGreaterThan(12);
  });
  it("no storms: nothing active", () => {
    const h = generateWind(24 * 30, { ...DEFAULT_WIND_FARM, stormsPerYear: 0 }, createRng(1), HOURLY);
    expect(h.stormActive.every((s) => s === 0)).toBe(true);
  });
});

describe("15-min behaviour unchanged", () => {
  // Digests of 14 days of each series by the generators before they took a step (the fixed 15-min code,
  // commit 8a383b4); the default step and an explicit 96 a day must reproduce them bit for bit.
  const PINNED = {
    temperature: "67e026c68e5581be0d47c9284873cb3492174e191bb54cba11e5c19c074d8fba",
    solar: "fa94251f9153bfa750c036560849a93ea1d5ddd1d6fe8893e4c6b733b277c97b",
    cloud: "f86d2b8616d1c600e6e36648696dc796b517c4aa88d0dfb9ba18d5d7476a8068",
    wind: "77ad48919a3735c817dba286c6ad3f62995ceceb228689f6c4f918275a7eeed8",
    prices: "8fc9dd0b1351bd640e994f36b9d3acdeee0ad53929008007ccb0d45911ac57bc",
    error: "78eb00129961accfecbb7239483db798b08b9da55af3e938f3405a8419439515",
  };
  const digests = (step?: { stepsPerDay: number }) => {
    const n = 96 * 14;
    const t = generateTemperature(n, DEFAULT_TEMPERATURE, createRng(11, "t"), step);
    const s = generateSolar(n, DEFAULT_SOLAR, t, createRng(11, "s"), step);
    const w = generateWind(n, DEFAULT_WIND_FARM, createRng(11, "w"), step);
    const p = generatePrices(
      n,
      DEFAULT_PRICES,
      w.windMw.map((v) => 120 - v),
      createRng(11, "p"),
      step,
    );
    const e = relativeErrorProcess(n, 0.1, 0.9, createRng(11, "e"), step);
    return {
      temperature: hashValue(Array.from(t)),
      solar: hashValue(s.perUnitByOrientation.map((a) => Array.from(a))),
      cloud: hashValue(Array.from(s.cloudState)),
      wind: hashValue([Array.from(w.windMw), Array.from(w.windSpeedMs), Array.from(w.stormActive)]),
      prices: hashValue([
        Array.from(p.importUsdPerMwh),
        Array.from(p.band),
        Array.from(p.drIncentiveUsdPerMwh),
      ]),
      error: hashValue(Array.from(e)),
    };
  };
  it("default step", () => expect(digests()).toEqual(PINNED));
  it("explicit 96 steps a day", () => expect(digests({ stepsPerDay: 96 })).toEqual(PINNED));
});
