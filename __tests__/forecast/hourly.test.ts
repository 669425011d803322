import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../lib/core/cache";
import { ConfigError, DataError } from "../../lib/core/errors";
import { stepsPerDayOf } from "../../lib/core/time";
import { persistenceForecast, seasonalNaiveForecast } from "../../lib/forecast/baselines";
import { forecasterKey, trainForecasterCached } from "../../lib/forecast/cached";
import { DEFAULT_FORECASTER_CONFIG, dayAheadWindow, type ForecasterConfig } from "../../lib/forecast/config";
import { dayAheadTrace, evaluateForecaster, testIssueTimes } from "../../lib/forecast/evaluate";
import { mae } from "../../lib/forecast/metrics";
import {
  calendarColumns,
  type ForecastData,
  predictQuantiles,
  stepsPerDayOfData,
  type TrainedForecaster,
  trainForecaster,
} from "../../lib/forecast/model";
import { uncertaintyNoisyTruth } from "../../lib/forecast/provider";
import { forecastTraceFigure, forecastTraces } from "../../lib/forecast/report";
import { chronoSplit, windowStarts } from "../../lib/forecast/splits";
import { forecastErrorRng, perturbSeries, relativeErrorProcess } from "../../lib/profiles/uncertainty";

// A daily cycle plus a slow trend: y[t] = 2 + sin(2 pi h / 24) + t / 1000 with h the hour of step t. Seasonal
// naive at a period of P steps is then off by exactly P / 1000 at every lead: 0.024 for "yesterday" at hourly
// steps (0.096 if a 15-min day of 96 steps were assumed), 0.168 for "last week".
const series = (days: number, stepsPerDay: number) =>
  Float64Array.from(
    { length: days * stepsPerDay },
    (_, t) => 2 + Math.sin((2 * Math.PI * (t % stepsPerDay)) / stepsPerDay) + t / 1000,
  );

const TINY: Partial<ForecasterConfig> = { units: 4, epochs: 1, patience: 1, learningRate: 0.01 };

describe("baselines, windows and splits at an hourly step", () => {
  const y = Float64Array.from({ length: 8784 }, (_, i) => i); // a leap year of hours, y = step index
  it("seasonal naive: same hour yesterday (24) and last week (168)", () => {
    const day = stepsPerDayOf(y.length, 366);
    expect(day).toBe(24);
    expect(Array.from(seasonalNaiveForecast(y, 1000, 24, day))).toEqual(
      Array.from({ length: 24 }, (_, k) => 1000 - 24 + k),
    );
    expect(Array.from(seasonalNaiveForecast(y, 1000, 3, 7 * day))).toEqual([832, 833, 834]);
    expect(Array.from(persistenceForecast(y, 1000, 24))).toEqual(new Array(24).fill(999));
    expect(() => seasonalNaiveForecast(y, 100, 24, 7 * day)).toThrow(/168 past values/);
  });
  it("a day-ahead window of 24 steps, splits and windows of the 8,784 hours", () => {
    expect(dayAheadWindow(24)).toEqual({ lookBack: 24, horizon: 24 });
    expect(dayAheadWindow()).toEqual({
      lookBack: DEFAULT_FORECASTER_CONFIG.lookBack,
      horizon: DEFAULT_FORECASTER_CONFIG.horizon,
    });
    expect(() => dayAheadWindow(25)).toThrow(ConfigError);
    const s = chronoSplit(8784);
    expect(s).toEqual({ train: [0, 6149], val: [6149, 7027], test: [7027, 8784] }); // round(0.7 n), round(0.8 n)
    // windows starting every day: floor((b - a - lookBack - horizon) / stride) + 1
    const w = windowStarts(s.train[0], s.train[1], 24, 24, 24);
    expect(w).toHaveLength(Math.floor((6149 - 48) / 24) + 1);
    expect(w[0]).toBe(24);
    expect(w[w.length - 1] + 24).toBeLessThanOrEqual(6149);
    expect(testIssueTimes(7032, 8784, 24, 24)).toHaveLength((8784 - 7032) / 24);
  });
  it("calendar inputs: hour of day at the data's step", () => {
    const [sin, cos] = calendarColumns(48, 24);
    expect(sin[6]).toBe(1); // 06:00
    expect(cos[12]).toBe(-1); // 12:00
    expect(sin[30]).toBe(sin[6]); // the next day
    const [sin15] = calendarColumns(96);
    expect(sin15[24]).toBe(1); // 06:00 at 15-min steps
    for (let t = 0; t < 24; t++) expect(sin[t]).toBeCloseTo(sin15[4 * t], 15);
  });
  it("steps a day of the data: its own, else the forecaster's, else 96; a mismatch is a DataError", () => {
    const target = new Float64Array(10);
    expect(stepsPerDayOfData({ target })).toBe(96);
    expect(stepsPerDayOfData({ target, stepsPerDay: 24 })).toBe(24);
    expect(stepsPerDayOfData({ target }, { stepsPerDay: 24 })).toBe(24);
    expect(() => stepsPerDayOfData({ target, stepsPerDay: 96 }, { stepsPerDay: 24 })).toThrow(DataError);
    expect(() => stepsPerDayOfData({ target, stepsPerDay: 7 })).toThrow(/ForecastData\.stepsPerDay/);
  });
  it("the cache key holds the step; the default is 96", () => {
    const target = series(30, 24);
    const k = forecasterKey({ target }, TINY, 1);
    expect(forecasterKey({ target, stepsPerDay: 96 }, TINY, 1)).toBe(k);
    expect(forecasterKey({ target, stepsPerDay: 24 }, TINY, 1)).not.toBe(k);
  });
});

describe("evaluation and traces of a model trained on hourly data", () => {
  const DAYS = 40;
  const y = series(DAYS, 24); // 960 steps
  const data: ForecastData = { target: y, stepsPerDay: 24 };
  let f: TrainedForecaster;
  beforeAll(async () => {
    f = await trainForecaster(data, { ...TINY, ...dayAheadWindow(24), stride: 24 }, { seed: 1 });
  });
  afterAll(() => f.model.dispose());

  it("remembers its step; predicting reads it, or refuses data at another step", () => {
    expect(f.stepsPerDay).toBe(24);
    expect(f.split.test).toEqual([768, 960]);
    const [a] = predictQuantiles(f, data, [800]);
    const [b] = predictQuantiles(f, { target: y }, [800]);
    expect(a.values[1]).toHaveLength(24);
    expect(Array.from(b.values[1])).toEqual(Array.from(a.values[1]));
    expect(() => predictQuantiles(f, { target: y, stepsPerDay: 96 }, [800])).toThrow(/trained on 24/);
  });

  it("scores seasonal naive at a day of 24 and a week of 168 steps (closed form)", () => {
    const ev = evaluateForecaster(f, data, { stride: 24 });
    // issue times 768, 792, ..., 936: a full 24-step horizon inside [768, 960)
    expect(ev.issueTimes).toBe(8);
    expect(ev.points).toBe(8 * 24);
    const err = (m: string) => ev.methods.find((r) => r.method === m)?.mae;
    expect(err("seasonal-naive-day")).toBeCloseTo(0.024, 12);
    expect(err("seasonal-naive-week")).toBeCloseTo(0.168, 12);
    const act: number[] = [];
    const pers: number[] = [];
    for (const t of testIssueTimes(768, 960, 24, 24)) {
      act.push(...y.subarray(t, t + 24));
      pers.push(...persistenceForecast(y, t, 24));
    }
    expect(err("persistence")).toBeCloseTo(mae(act, pers), 12);
    expect(Number.isFinite(ev.skillVsSeasonalWeek)).toBe(true);
  });

  it("traces day-ahead forecasts issued at each hourly-data midnight", () => {
    const tr = dayAheadTrace(f, data, 3);
    expect(tr.step).toHaveLength(72);
    expect(Array.from(tr.step.subarray(0, 3))).toEqual([768, 769, 770]);
    expect(tr.step[24]).toBe(792); // the next midnight, 24 steps on
    for (let i = 0; i < 72; i++) {
      expect(tr.actual[i]).toBe(y[tr.step[i]]);
      expect(tr.seasonalNaive[i]).toBe(y[tr.step[i] - 24]);
    }
    const fig = forecastTraceFigure({ name: "load", unit: "kW", columns: tr, stepsPerDay: 24 });
    expect((fig.data[0].x as number[]).slice(0, 3)).toEqual([0, 1, 2]); // hours
    const [t0] = forecastTraces(
      { forecasters: [{ name: "load", unit: "kW" }] },
      [{ name: "trace-load", columns: tr }],
      24,
    );
    expect(t0.stepsPerDay).toBe(24);
  });

  it("a cached model keeps its step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fc-hourly-"));
    try {
      const cache = new Cache(dir);
      const cfg = { ...TINY, ...dayAheadWindow(24), stride: 48 };
      const cold = await trainForecasterCached(cache, data, cfg, { seed: 2 });
      const warm = await trainForecasterCached(cache, data, cfg, { seed: 2 });
      expect(warm.hit).toBe(true);
      expect(warm.forecaster.stepsPerDay).toBe(24);
      const a = predictQuantiles(cold.forecaster, data, [800]);
      const b = predictQuantiles(warm.forecaster, data, [800]);
      expect(Array.from(b[0].values[1])).toEqual(Array.from(a[0].values[1]));
      cold.forecaster.model.dispose();
      warm.forecaster.model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("15-min behaviour unchanged", () => {
  const y = series(14, 96); // 1,344 steps
  let f: TrainedForecaster;
  beforeAll(async () => {
    f = await trainForecaster({ target: y }, { ...TINY, stride: 96, inputPooling: 4 }, { seed: 1 });
  });
  afterAll(() => f.model.dispose());

  it("defaults to 96 steps a day: the same evaluation and trace as an explicit 96", () => {
    expect(f.stepsPerDay).toBe(96);
    const ev = evaluateForecaster(f, { target: y }, { stride: 8 });
    expect(evaluateForecaster(f, { target: y, stepsPerDay: 96 }, { stride: 8 })).toEqual(ev);
    const err = (m: string) => ev.methods.find((r) => r.method === m)?.mae;
    expect(err("seasonal-naive-day")).toBeCloseTo(0.096, 12);
    expect(err("seasonal-naive-week")).toBeCloseTo(0.672, 12);
    const tr = dayAheadTrace(f, { target: y }, 2);
    expect(tr.step[0]).toBe(Math.ceil(f.split.test[0] / 96) * 96);
    for (let i = 0; i < tr.step.length; i++) expect(tr.seasonalNaive[i]).toBe(y[tr.step[i] - 96]);
    const fig = forecastTraceFigure({ name: "x", unit: "MW", columns: tr });
    expect((fig.data[0].x as number[]).slice(0, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe("noise-added truth at an hourly step", () => {
  it("is the truth perturbed by the hourly error process", () => {
    const truth = series(10, 24);
    const opts = { sigma: 0.1, ar1PerHour: 0.9, seed: 5, name: "load" };
    const hourly = uncertaintyNoisyTruth(truth, { ...opts, stepsPerDay: 24 }).forecast(30, 24);
    const e = relativeErrorProcess(truth.length, 0.1, 0.9, forecastErrorRng(5, "load"), { stepsPerDay: 24 });
    const want = perturbSeries(truth, e);
    expect(Array.from(hourly.p50)).toEqual(Array.from(want.subarray(30, 54)));
    const quarter = uncertaintyNoisyTruth(truth, opts).forecast(30, 24);
    const e15 = relativeErrorProcess(truth.length, 0.1, 0.9, forecastErrorRng(5, "load"));
    expect(Array.from(quarter.p50)).toEqual(Array.from(perturbSeries(truth, e15).subarray(30, 54)));
    expect(Array.from(quarter.p50)).not.toEqual(Array.from(hourly.p50));
  });
});
