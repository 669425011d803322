import { STEPS_PER_DAY } from "../../../../lib/core/time";
import { mape } from "../../../../lib/forecast/metrics";
import { predictQuantiles, trainForecaster } from "../../../../lib/forecast/model";
import { createForecastFeed, modelInputsWithHistory } from "../../../../lib/papers/s000/env/forecastFeed";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { SEED000_FORECASTERS, seed000Data } from "../../../../lib/papers/s000/world/forecasters";
import { generateScenario } from "../../../../lib/papers/s000/world/scenario";

// A 3-day window in March of seed 11: the feed reads env.scenario and env.stepIndex only, so a plain object
// stands in for CityEnv (the real env exposes both getters).
const cfg = withHorizon(DEFAULT_CITY_CONFIG, 3, 70);
const sc = generateScenario(cfg, 11);
const env = { scenario: sc, stepIndex: 0 };
// 1 January of the same seed: no earlier day exists (history is padded); also a second scenario for reset
const jan = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 3, 0), 11);

describe("forecast feed aligned with the env's step index", () => {
  it("perfect foresight returns the scenario's own series from the env's current step", () => {
    const feed = createForecastFeed(env, { kind: "perfect" });
    env.stepIndex = 40;
    const f = feed.forecast("wind", 8);
    expect(Array.from(f.p50)).toEqual(Array.from(sc.renewables.windMw.subarray(40, 48)));
    const d = feed.forecast("demand.commercial", 4);
    expect(Array.from(d.p50)).toEqual(Array.from(sc.demand.baseMwByClass[2].subarray(40, 44)));
    const p = feed.forecast("price", 4, 100);
    expect(Array.from(p.p90)).toEqual(Array.from(sc.prices.importUsdPerMwh.subarray(100, 104)));
    expect(feed.targets).toHaveLength(SEED000_FORECASTERS.length);
  });

  it("noise-added truth uses the scenario's sigmas, stays within [0, capacity] and is issue-time consistent", () => {
    const feed = createForecastFeed(env, { kind: "noisy", seed: 3 });
    const n = sc.time.length;
    // one error path: the forecast of step s is the same whichever step issued it
    expect(feed.forecast("wind", 10, 20).p50[5]).toBe(feed.forecast("wind", 10, 25).p50[0]);
    const f = feed.forecast("demand.residential", n, 0);
    const truth = sc.demand.baseMwByClass[0];
    let s2 = 0;
    for (let t = 0; t < n; t++) s2 += (f.p50[t] / truth[t] - 1) ** 2;
    const sd = Math.sqrt(s2 / n);
    // AR(1) errors (0.9/h) over 3 days: the sample sd scatters around 8 %; wide band, but far from 0 and from 15 %
    expect(sd).toBeGreaterThan(0.03);
    expect(sd).toBeLessThan(0.14);
    const w = feed.forecast("wind", n, 0);
    for (let t = 0; t < n; t++) {
      expect(w.p50[t]).toBeGreaterThanOrEqual(0);
      expect(w.p90[t]).toBeLessThanOrEqual(150 + 1e-9);
      expect(w.p10[t]).toBeLessThanOrEqual(w.p50[t]);
      expect(w.p50[t]).toBeLessThanOrEqual(w.p90[t]);
    }
  });

  it("the quality knob: accuracy 1 is perfect, lower accuracy gives MAPE = 1 - accuracy", () => {
    const perfect = createForecastFeed(env, { kind: "accuracy", accuracy: 1, seed: 2 });
    expect(Array.from(perfect.forecast("pv", 96, 0).p50)).toEqual(
      Array.from(sc.renewables.pvMw.subarray(0, 96)),
    );
    const f = createForecastFeed(env, { kind: "accuracy", accuracy: 0.7, seed: 2 });
    const act: number[] = [];
    const fc: number[] = [];
    for (let t = 0; t + 96 <= sc.time.length; t += 4) {
      act.push(...sc.demand.baseMwByClass[3].subarray(t, t + 96));
      fc.push(...f.forecast("demand.industrial", 96, t).p50);
    }
    expect(Math.abs(mape(act, fc).mapePct - 30)).toBeLessThan(2);
  });

  it("history in front of the window is the same seed's city (same days as the longer window)", () => {
    const h = modelInputsWithHistory(sc, 1);
    expect(h.offset).toBe(STEPS_PER_DAY);
    const wind = h.data("wind").target;
    expect(wind.length).toBe(sc.time.length + STEPS_PER_DAY);
    expect(Array.from(wind.subarray(STEPS_PER_DAY))).toEqual(Array.from(sc.renewables.windMw));
    const day69 = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 69), 11);
    expect(Array.from(wind.subarray(0, STEPS_PER_DAY))).toEqual(Array.from(day69.renewables.windMw));
    // 1 January: no earlier day exists, so the first day is repeated
    const hj = modelInputsWithHistory(jan, 1).data("pv").target;
    expect(Array.from(hj.subarray(0, STEPS_PER_DAY))).toEqual(
      Array.from(jan.renewables.pvMw.subarray(0, 96)),
    );
  });

  it("a trained model serves env step t from inputs that end at t - 1, and follows env.reset to a new scenario", async () => {
    const train = jan; // mechanics only: any window will do
    const spec = SEED000_FORECASTERS.find((s) => s.name === "price")!;
    const f = await trainForecaster(
      seed000Data(train, spec),
      { ...spec.config, units: 4, epochs: 1, stride: 24, horizon: 96, lookBack: 96 },
      { seed: 1 },
    );
    const feed = createForecastFeed(env, { kind: "model", forecasters: new Map([["price", f]]) });
    expect(feed.targets).toEqual(["price"]);
    const got = feed.forecast("price", 96, 10);
    const hist = modelInputsWithHistory(sc, 1);
    const [want] = predictQuantiles(f, hist.data("price"), [10 + STEPS_PER_DAY]);
    expect(Array.from(got.p50)).toEqual(Array.from(want.values[1]));
    // changing an input at or after the issue step does not change the forecast (no look-ahead)
    const data = hist.data("price");
    const bumped = { target: data.target.slice(), features: data.features };
    bumped.target[10 + STEPS_PER_DAY] += 1000;
    const [again] = predictQuantiles(f, bumped, [10 + STEPS_PER_DAY]);
    expect(Array.from(again.values[1])).toEqual(Array.from(want.values[1]));
    // blend toward truth with w = 1 is perfect foresight
    const blended = createForecastFeed(env, {
      kind: "model",
      forecasters: new Map([["price", f]]),
      blendTowardTruth: 1,
    });
    const b = blended.forecast("price", 8, 30);
    for (let k = 0; k < 8; k++) expect(b.p50[k]).toBeCloseTo(sc.prices.importUsdPerMwh[30 + k], 9);
    // env.reset(seed) swaps the scenario: the feed follows it
    const other = jan;
    const moving = { scenario: sc, stepIndex: 0 };
    const pf = createForecastFeed(moving, { kind: "perfect" });
    pf.forecast("pv", 4);
    moving.scenario = other;
    expect(Array.from(pf.forecast("pv", 4, 50).p50)).toEqual(
      Array.from(other.renewables.pvMw.subarray(50, 54)),
    );
    expect(() => feed.forecast("wind", 4)).toThrow(/serves price/);
    f.model.dispose();
  });
});
