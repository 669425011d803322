import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../lib/core/cache";
import { createRng } from "../../lib/core/rng";
import { persistenceForecast } from "../../lib/forecast/baselines";
import { forecasterKey, trainForecasterCached } from "../../lib/forecast/cached";
import type { ForecasterConfig } from "../../lib/forecast/config";
import { intervalCoverage, mae, skillScore } from "../../lib/forecast/metrics";
import { predictQuantiles, trainForecaster } from "../../lib/forecast/model";
import { loadModelDir, saveModelDir } from "../../lib/forecast/modelIo";
import { windowStarts } from "../../lib/forecast/splits";

// Noisy sine, period 32 steps, noise sd 0.1 (so the best possible MAE is 0.1 * sqrt(2/pi) ~ 0.08).
const N = 1600;
const rng = createRng(42, "test", "sine");
const target = Float64Array.from(
  { length: N },
  (_, i) => Math.sin((2 * Math.PI * i) / 32) + 0.1 * rng.normal(),
);
const TINY: Partial<ForecasterConfig> = {
  architecture: "lstm",
  lookBack: 16,
  horizon: 4,
  units: 12,
  epochs: 12,
  batchSize: 32,
  learningRate: 0.01,
  calendarFeatures: false,
  patience: 3,
};

function evaluate(f: Awaited<ReturnType<typeof trainForecaster>>) {
  const starts = windowStarts(f.split.test[0], f.split.test[1], 16, 4, 4);
  const qf = predictQuantiles(f, { target }, starts);
  const act: number[] = [];
  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  const pers: number[] = [];
  starts.forEach((t, s) => {
    act.push(...target.subarray(t, t + 4));
    p10.push(...qf[s].values[0]);
    p50.push(...qf[s].values[1]);
    p90.push(...qf[s].values[2]);
    pers.push(...persistenceForecast(target, t, 4));
  });
  return { mae: mae(act, p50), pers: mae(act, pers), coverage: intervalCoverage(act, p10, p90) };
}

describe("forecaster on a noisy sine", () => {
  let f: Awaited<ReturnType<typeof trainForecaster>>;
  beforeAll(async () => {
    const progress: number[] = [];
    f = await trainForecaster({ target }, TINY, { seed: 1, onEpoch: (p) => progress.push(p.valLoss) });
    expect(progress.length).toBeGreaterThan(0);
    expect(f.history.every((h) => Number.isFinite(h.loss) && Number.isFinite(h.valLoss) && h.etaS >= 0)).toBe(
      true,
    );
  });

  it("learns it to low error, beats persistence, P10-P90 covers near 80 %", () => {
    const r = evaluate(f);
    // eslint-disable-next-line no-console
    console.log(
      `sine LSTM: MAE ${r.mae.toFixed(3)}, persistence ${r.pers.toFixed(3)}, skill ${skillScore(r.mae, r.pers).toFixed(2)}, P10-P90 coverage ${r.coverage.toFixed(2)}`,
    );
    expect(r.mae).toBeLessThan(0.2); // amplitude 1; noise floor 0.08
    expect(skillScore(r.mae, r.pers)).toBeGreaterThan(0.3);
    expect(r.coverage).toBeGreaterThan(0.6);
    expect(r.coverage).toBeLessThan(0.95);
  });

  it("save -> load gives identical predictions", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fc-"));
    try {
      await saveModelDir(f.model, dir);
      const model = await loadModelDir(dir);
      const starts = [400, 900, 1500];
      const a = predictQuantiles(f, { target }, starts);
      const b = predictQuantiles({ ...f, model }, { target }, starts);
      for (let s = 0; s < starts.length; s++)
        for (let j = 0; j < 3; j++) expect(Array.from(b[s].values[j])).toEqual(Array.from(a[s].values[j]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("no leakage: changing the test part changes neither scalers nor training history", async () => {
    const altered = target.slice();
    for (let i = f.split.test[0]; i < N; i++) altered[i] = 100 * altered[i] + 50;
    const g = await trainForecaster({ target: altered }, { ...TINY, epochs: 2 }, { seed: 1 });
    const h = await trainForecaster({ target }, { ...TINY, epochs: 2 }, { seed: 1 });
    expect(g.targetScaler).toEqual(h.targetScaler);
    expect(g.history.map((x) => x.loss)).toEqual(h.history.map((x) => x.loss));
  });
});

describe("forecaster cache", () => {
  it("key changes with data, hyperparameters and seed", () => {
    const k = forecasterKey({ target }, TINY, 1);
    const t2 = target.slice();
    t2[5] += 1e-9;
    expect(forecasterKey({ target: t2 }, TINY, 1)).not.toBe(k);
    expect(forecasterKey({ target }, { ...TINY, units: 13 }, 1)).not.toBe(k);
    expect(forecasterKey({ target }, TINY, 2)).not.toBe(k);
    expect(forecasterKey({ target }, TINY, 1)).toBe(k);
  });

  it("a warm run trains nothing and predicts the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fc-cache-"));
    try {
      const cache = new Cache(dir);
      const cfg = { ...TINY, epochs: 2, architecture: "gru" as const };
      const cold = await trainForecasterCached(cache, { target }, cfg, { seed: 3 });
      let epochs = 0;
      const warm = await trainForecasterCached(cache, { target }, cfg, { seed: 3, onEpoch: () => epochs++ });
      expect(cold.hit).toBe(false);
      expect(warm.hit).toBe(true);
      expect(epochs).toBe(0);
      const a = predictQuantiles(cold.forecaster, { target }, [500]);
      const b = predictQuantiles(warm.forecaster, { target }, [500]);
      expect(Array.from(b[0].values[1])).toEqual(Array.from(a[0].values[1]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("every architecture builds and trains one epoch", () => {
  it.each(["gru", "rnn", "cnn-lstm", "price"] as const)("%s", async (architecture) => {
    const features = [Float64Array.from({ length: 600 }, (_, i) => Math.cos(i / 10))];
    const f = await trainForecaster(
      { target: target.subarray(0, 600), features },
      { ...TINY, architecture, epochs: 1, units: 4, calendarFeatures: true, horizon: 8 },
      { seed: 5 },
    );
    const [q] = predictQuantiles(f, { target: target.subarray(0, 600), features }, [300]);
    expect(q.values[1].length).toBe(8);
    for (let k = 0; k < 8; k++) expect(q.values[0][k]).toBeLessThanOrEqual(q.values[2][k]);
  });
});
