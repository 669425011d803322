import { mae, mape } from "../../lib/forecast/metrics";
import {
  blendTowardTruth,
  DEFAULT_FORECAST_SIGMA,
  forecastAtAccuracy,
  noisyTruth,
  perfectForesight,
} from "../../lib/forecast/provider";

const truth = Float64Array.from({ length: 5000 }, (_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 96));

describe("forecast providers", () => {
  it("perfect foresight returns the truth", () => {
    const f = perfectForesight(truth).forecast(100, 8);
    expect(Array.from(f.p50)).toEqual(Array.from(truth.subarray(100, 108)));
    expect(Array.from(f.p10)).toEqual(Array.from(f.p90));
  });

  it("noisy truth is deterministic per (seed, t) and has the stated sigma", () => {
    const p = noisyTruth(truth, DEFAULT_FORECAST_SIGMA.wind, 7);
    expect(Array.from(p.forecast(50, 96).p50)).toEqual(Array.from(p.forecast(50, 96).p50));
    // relative error sd over many draws ~ 0.12
    let s2 = 0;
    let n = 0;
    for (let t = 0; t < 4000; t += 96) {
      const f = p.forecast(t, 96);
      for (let k = 0; k < 96; k++) {
        s2 += (f.p50[k] / truth[t + k] - 1) ** 2;
        n++;
      }
    }
    expect(Math.sqrt(s2 / n)).toBeGreaterThan(0.11);
    expect(Math.sqrt(s2 / n)).toBeLessThan(0.13);
  });

  it("accuracy knob: MAPE = 1 - accuracy, monotone, 100 % = perfect", () => {
    let prev = -1;
    for (const acc of [1, 0.9, 0.8, 0.7, 0.6]) {
      const p = forecastAtAccuracy(truth, acc, 3);
      const act: number[] = [];
      const fc: number[] = [];
      for (let t = 0; t < 4800; t += 96) {
        const f = p.forecast(t, 96);
        act.push(...truth.subarray(t, t + 96));
        fc.push(...f.p50);
      }
      const m = mape(act, fc).mapePct;
      expect(m).toBeGreaterThan(prev);
      expect(Math.abs(m - 100 * (1 - acc))).toBeLessThan(1.5);
      prev = m;
    }
  });

  it("blend toward truth scales the error by (1 - w)", () => {
    const base = noisyTruth(truth, 0.2, 1);
    const e0 = mae(truth.subarray(200, 296), base.forecast(200, 96).p50);
    const e = mae(truth.subarray(200, 296), blendTowardTruth(base, truth, 0.25).forecast(200, 96).p50);
    expect(e).toBeCloseTo(0.75 * e0, 10);
  });
});
