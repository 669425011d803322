import { ConfigError, DataError } from "../../lib/core/errors";
import { powerImbalancePct, rampRateViolationsPerDay, responseTime } from "../../lib/grid/stabilityMetrics";

describe("power imbalance", () => {
  test("hand-computed", () => {
    const r = powerImbalancePct([98, 105, 50], [100, 100, 50]);
    expect(Array.from(r.stepPct)).toEqual([2, 5, 0]);
    expect(r.meanPct).toBeCloseTo((7 / 250) * 100, 12);
    expect(() => powerImbalancePct([1], [1, 2])).toThrow(DataError);
  });
});

describe("ramp-rate violations", () => {
  test("counts window-to-window changes above the limit, per day", () => {
    // 2 days of 15-min steps, flat 100 MW with a 40 MW jump up and back down on day 1
    const p = new Float64Array(192).fill(100);
    for (let t = 40; t < 44; t++) p[t] = 140;
    // limit 1 %/min of 235 MW over 15 min = 35.25 MW per window
    const r = rampRateViolationsPerDay(p, 0.25);
    expect(r.limitMwPerWindow).toBeCloseTo(35.25, 12);
    expect(r.violations).toBe(2);
    expect(r.perDay).toBe(1);
    // hourly windows: the allowance grows to 141 MW per window, the 40 MW jump passes
    expect(rampRateViolationsPerDay(p, 0.25, { windowH: 1 }).violations).toBe(0);
    expect(rampRateViolationsPerDay(p, 0.25, { windowH: 1, limitPctOfCapacityPerMin: 0.25 }).violations).toBe(
      2,
    );
    // a loose limit: none
    expect(rampRateViolationsPerDay(p, 0.25, { limitPctOfCapacityPerMin: 2 }).violations).toBe(0);
    expect(() => rampRateViolationsPerDay(p, 0.25, { windowH: 0.3 })).toThrow(ConfigError);
  });
});

describe("response time", () => {
  test("decision + hops x transfer + serialisation + actuation", () => {
    const r = responseTime(1.2, {
      hops: 2,
      perHopS: 0.05,
      messageBytes: 500,
      bandwidthBitPerS: 1e5,
      actuationS: 0.3,
    });
    expect(r.serialisationS).toBeCloseTo(0.08, 12);
    expect(r.totalS).toBeCloseTo(1.2 + 0.1 + 0.08 + 0.3, 12);
    expect(responseTime(0).totalS).toBeCloseTo(0.3 + 3 * 8192e-6 + 0.5, 12);
    expect(() => responseTime(-1)).toThrow(ConfigError);
  });
});
