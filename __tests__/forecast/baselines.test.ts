import { persistenceForecast, seasonalNaiveForecast } from "../../lib/forecast/baselines";
import { applyScaler, fitScaler, invertScaler } from "../../lib/forecast/scaling";
import { chronoSplit, windowStarts } from "../../lib/forecast/splits";

describe("baselines", () => {
  const y = Float64Array.from({ length: 300 }, (_, i) => i);
  it("persistence repeats the last observation", () => {
    expect(Array.from(persistenceForecast(y, 10, 3))).toEqual([9, 9, 9]);
  });
  it("seasonal naive (day, 96 steps) is the same time yesterday", () => {
    expect(Array.from(seasonalNaiveForecast(y, 200, 3))).toEqual([104, 105, 106]);
    expect(Array.from(seasonalNaiveForecast(y, 200, 3, 7))).toEqual([193, 194, 195]);
    // horizon beyond the period repeats the season
    expect(Array.from(seasonalNaiveForecast(y, 10, 5, 2))).toEqual([8, 9, 8, 9, 8]);
  });
  it("needs enough history", () => expect(() => seasonalNaiveForecast(y, 50, 3)).toThrow(/96 past values/));
});

describe("chronological splits: no leakage", () => {
  it("windows of each part stay inside it", () => {
    const s = chronoSplit(1000);
    expect(s).toEqual({ train: [0, 700], val: [700, 800], test: [800, 1000] });
    for (const [from, to] of [s.train, s.val, s.test]) {
      for (const t of windowStarts(from, to, 24, 8)) {
        expect(t - 24).toBeGreaterThanOrEqual(from);
        expect(t + 8).toBeLessThanOrEqual(to);
      }
    }
    // the first validation window starts lookBack after the boundary: no train target reused as a val input overlap
    expect(windowStarts(700, 800, 24, 8)[0]).toBe(724);
  });
});

describe("scalers fitted on train only", () => {
  it("min-max maps train to [0, 1]; the test part may leave it", () => {
    const v = [0, 5, 10, 100];
    const sc = fitScaler("minmax", v, 0, 3);
    expect(sc).toEqual({ kind: "minmax", offset: 0, scale: 10 });
    expect(Array.from(applyScaler(sc, v))).toEqual([0, 0.5, 1, 10]);
    expect(Array.from(invertScaler(sc, applyScaler(sc, v)))).toEqual(v);
  });
  it("standard: mean 2, population sd 1 for [1, 3] -> (-1, 1)", () => {
    const sc = fitScaler("standard", [1, 3]);
    expect(sc.offset).toBe(2);
    expect(sc.scale).toBe(1);
  });
});
