import { createRng } from "../../lib/core/rng";
import {
  DEFAULT_UNCERTAINTY,
  monteCarloRng,
  perturbSeries,
  relativeErrorProcess,
} from "../../lib/profiles/uncertainty";

const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
const sd = (x: Float64Array) => {
  const m = mean(x);
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
};

describe("forecast-error processes", () => {
  it("have the paper's sigmas and the stated hourly autocorrelation (checked on the sample)", () => {
    for (const [name, sigma] of [
      ["wind", DEFAULT_UNCERTAINTY.windSigma],
      ["solar", DEFAULT_UNCERTAINTY.solarSigma],
      ["ev", DEFAULT_UNCERTAINTY.evSigma],
    ] as const) {
      // 2,000 independent day-long paths (~5,000 effective samples at a ~9.5 h time constant): sd and
      // the 1 h autocorrelation are estimated to ~1 % and ~0.02 (3 standard errors inside the bands).
      const pooled: number[] = [];
      const lag4: number[] = [];
      for (let k = 0; k < 2000; k++) {
        const e = relativeErrorProcess(96, sigma, 0.9, monteCarloRng(1, k, name));
        pooled.push(...e);
        for (let t = 4; t < e.length; t++) lag4.push(e[t] * e[t - 4]);
      }
      const p = Float64Array.from(pooled);
      expect(Math.abs(mean(p))).toBeLessThan(0.1 * sigma);
      expect(sd(p) / sigma).toBeGreaterThan(0.95);
      expect(sd(p) / sigma).toBeLessThan(1.05);
      // Lag of one hour (4 steps): autocovariance sigma^2 x 0.9.
      const acf1h = mean(Float64Array.from(lag4)) / (sigma * sigma);
      expect(acf1h).toBeGreaterThan(0.84);
      expect(acf1h).toBeLessThan(0.96);
    }
  });

  it("draws each Monte Carlo realisation from its own keyed stream", () => {
    const a = relativeErrorProcess(50, 0.1, 0.9, monteCarloRng(7, 3, "wind"));
    const again = relativeErrorProcess(50, 0.1, 0.9, monteCarloRng(7, 3, "wind"));
    const other = relativeErrorProcess(50, 0.1, 0.9, monteCarloRng(7, 4, "wind"));
    const otherName = relativeErrorProcess(50, 0.1, 0.9, monteCarloRng(7, 3, "solar"));
    expect(Array.from(again)).toEqual(Array.from(a));
    expect(Array.from(other)).not.toEqual(Array.from(a));
    expect(Array.from(otherName)).not.toEqual(Array.from(a));
    // Realisations 3 and 4 are uncorrelated (pooled over many pairs).
    let c = 0;
    let n = 0;
    for (let k = 0; k < 300; k++) {
      const x = relativeErrorProcess(20, 1, 0, monteCarloRng(7, 2 * k, "x"));
      const y = relativeErrorProcess(20, 1, 0, monteCarloRng(7, 2 * k + 1, "x"));
      for (let t = 0; t < 20; t++) {
        c += x[t] * y[t];
        n++;
      }
    }
    expect(Math.abs(c / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(() => monteCarloRng(7, -1, "x")).toThrow(/monteCarloRng\(k\)/);
  });

  it("perturbs within [0, capacity]", () => {
    const truth = Float64Array.from([0, 10, 140, 150]);
    const e = Float64Array.from([0.5, -2, 0.2, 0.1]);
    expect(Array.from(perturbSeries(truth, e, 150))).toEqual([0, 0, 150, 150]);
    expect(relativeErrorProcess(5, 0, 0.9, createRng(1)).every((v) => v === 0)).toBe(true);
  });
});
