import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { STEPS_PER_DAY } from "../../../../lib/core/time";
import { evaluateForecaster, predictMany } from "../../../../lib/forecast/evaluate";
import { mae } from "../../../../lib/forecast/metrics";
import {
  SEED000_FORECASTERS,
  type Seed000Budget,
  seed000Capacity,
  seed000Data,
  seed000Feature,
  seed000Target,
  seed000TrainingScenario,
  trainSeed000Forecasters,
} from "../../../../lib/papers/s000/world/forecasters";

/**
 * The test budget: 21 days of seed 2026 from 1 January (70/10/20 split: the last ~4 days held out), 16 units,
 * hourly-mean inputs, windows every 4 steps, up to 10 epochs. Larger than the experiment's ci budget (which is a smoke run) and
 * far below quick; enough for every forecaster to learn the daily shape. See ADR 0600 for the measured skill.
 */
const TEST_BUDGET: Seed000Budget = {
  historyDays: 21,
  startDay: 0,
  config: {
    units: 16,
    convFilters: 8,
    stride: 4,
    epochs: 10,
    learningRate: 0.01,
    patience: 3,
    inputPooling: 4,
  },
  evalStride: 8,
};
const sc = seed000TrainingScenario(TEST_BUDGET, 2026);

describe("seed-000 columns of the entity-level city", () => {
  it("targets are the scenario's series; capacities are the installed ones", () => {
    expect(seed000Target(sc, "wind")).toBe(sc.renewables.windMw);
    expect(seed000Target(sc, "pv")).toBe(sc.renewables.pvMw);
    expect(seed000Target(sc, "demand.industrial")).toBe(sc.demand.baseMwByClass[3]);
    expect(seed000Target(sc, "demand.ev")).toBe(sc.demand.evUncontrolledMw);
    expect(seed000Target(sc, "price")).toBe(sc.prices.importUsdPerMwh);
    expect(seed000Capacity(sc, "wind")).toBe(150); // 30 x 5 MW nameplate (notes-000 §1.1)
    const mwp = Array.from(sc.renewables.pvMwpByOrientation).reduce((a, b) => a + b, 0);
    expect(seed000Capacity(sc, "pv")).toBeCloseTo(mwp, 9);
    expect(seed000Capacity(sc, "price")).toBeUndefined();
  });

  it("'ahead' features are calendar / astronomy one day later; the lag is last week's target", () => {
    const wk = seed000Feature(sc, "weekendAhead", "price");
    // 1 January (day 0) is a Monday, so days 5 and 6 are the weekend: weekendAhead is 1 for i in days 4 and 5
    expect(wk[3 * STEPS_PER_DAY]).toBe(0); // day 3 + 1 = day 4 (Friday)
    expect(wk[4 * STEPS_PER_DAY]).toBe(1); // -> day 5 (Saturday)
    expect(wk[5 * STEPS_PER_DAY + 95]).toBe(1); // -> day 6 (Sunday)
    expect(wk[6 * STEPS_PER_DAY]).toBe(0); // -> day 7 (Monday)
    const alt = seed000Feature(sc, "sunAltitudeAhead", "pv");
    expect(alt[10]).toBe(sc.weather.sunAltitudeDeg[10 + STEPS_PER_DAY]);
    const lag = seed000Feature(sc, "targetWeekAgoAhead", "demand.commercial");
    const y = sc.demand.baseMwByClass[2];
    // value at i = y[i + 96 - 672]: last week's value of the step one day after i, known at i
    expect(lag[1000]).toBe(y[1000 + 96 - 672]);
    for (let i = 576; i < y.length; i += 37) expect(lag[i]).toBe(y[i - 576]);
  });

  it("every spec builds data with its features, all the window's length", () => {
    for (const spec of SEED000_FORECASTERS) {
      const d = seed000Data(sc, spec);
      expect(d.features).toHaveLength(spec.features.length);
      for (const f of d.features ?? []) expect(f.length).toBe(sc.time.length);
    }
  });
});

describe("every seed-000 forecaster beats persistence on held-out data", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "seed000-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("trains, caches, and scores each one on the chronological test part (skill printed)", async () => {
    const cache = new Cache(dir);
    const trained = await trainSeed000Forecasters(cache, sc, TEST_BUDGET, { seed: 2026 });
    expect(trained.map((t) => t.spec.name)).toEqual(SEED000_FORECASTERS.map((s) => s.name));
    const lines: string[] = [];
    const skills: Record<string, number> = {};
    for (const t of trained) {
      const { test, val } = t.split;
      expect(val[1]).toBe(test[0]);
      const cap = t.spec.capacityNormalised ? seed000Capacity(sc, t.spec.target) : undefined;
      const ev = evaluateForecaster(t.forecaster, t.data, { stride: TEST_BUDGET.evalStride, capacity: cap });
      // independent check of the pooled model MAE: through predictMany, recomputed here by hand
      const H = t.forecaster.config.horizon;
      const starts: number[] = [];
      for (let s = test[0]; s + H <= test[1]; s += TEST_BUDGET.evalStride) starts.push(s);
      const fc = predictMany(t.forecaster, t.data, starts);
      const act: number[] = [];
      const p50: number[] = [];
      starts.forEach((s, i) => {
        act.push(...t.data.target.subarray(s, s + H));
        p50.push(...fc[i].p50);
      });
      expect(ev.methods[0].mae).toBeCloseTo(mae(act, p50), 9);
      skills[t.spec.name] = ev.skillVsPersistence;
      lines.push(
        `${t.spec.name.padEnd(19)} ${t.forecaster.config.architecture.padEnd(8)} skill vs persistence ${ev.skillVsPersistence.toFixed(3)}, vs yesterday ${ev.skillVsSeasonalDay.toFixed(3)}, vs last week ${ev.skillVsSeasonalWeek.toFixed(3)}; nMAE ${ev.methods[0].nmaePct.toFixed(2)} % (${ev.normalisedBy}), P10-P90 coverage ${ev.methods[0].coverage80?.toFixed(2)}`,
      );
    }
    // eslint-disable-next-line no-console
    console.log(`seed-000 forecasters on held-out days (test budget):\n${lines.join("\n")}`);
    for (const [name, s] of Object.entries(skills)) {
      if (!(s > 0)) throw new Error(`${name} does not beat persistence: skill ${s}`);
    }
    // a warm run trains nothing and gives the same forecasts
    const again = await trainSeed000Forecasters(cache, sc, TEST_BUDGET, { seed: 2026, only: ["pv"] });
    expect(again[0].hit).toBe(true);
    const pv = trained.find((t) => t.spec.name === "pv")!;
    const s0 = [pv.split.test[0]];
    expect(Array.from(predictMany(again[0].forecaster, again[0].data, s0)[0].p50)).toEqual(
      Array.from(predictMany(pv.forecaster, pv.data, s0)[0].p50),
    );
    for (const t of [...trained, ...again]) t.forecaster.model.dispose();
  });
});
