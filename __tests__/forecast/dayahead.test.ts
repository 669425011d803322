import { createRng } from "../../lib/core/rng";
import { STEPS_PER_DAY } from "../../lib/core/time";
import { persistenceForecast, seasonalNaiveForecast } from "../../lib/forecast/baselines";
import { capacityNormalisedMaePct, mae, skillScore } from "../../lib/forecast/metrics";
import { trainForecaster } from "../../lib/forecast/model";
import { modelProvider } from "../../lib/forecast/provider";
import { windowStarts } from "../../lib/forecast/splits";

// A PV-like synthetic day-ahead case (stand-in until lib/papers/s000/world exists): clear-sky half-sine 06:00-18:00 times
// a daily cloud factor (AR(1) across days), plus a "forecast irradiance" feature = tomorrow's cloud factor with noise,
// so the model has information the baselines lack. Capacity 1 MW.
const DAYS = 40;
const N = DAYS * STEPS_PER_DAY;
const rng = createRng(9, "test", "pv");
const cloud = new Float64Array(DAYS);
cloud[0] = 0.7;
for (let d = 1; d < DAYS; d++)
  cloud[d] = Math.min(1, Math.max(0.2, 0.7 + 0.5 * (cloud[d - 1] - 0.7) + 0.2 * rng.normal()));
const clear = (i: number) => {
  const h = ((i % STEPS_PER_DAY) / STEPS_PER_DAY) * 24;
  return h > 6 && h < 18 ? Math.sin((Math.PI * (h - 6)) / 12) : 0;
};
const pv = Float64Array.from({ length: N }, (_, i) => clear(i) * cloud[Math.floor(i / STEPS_PER_DAY)]);
// feature at step i: the cloud factor of the day starting 96 steps later (a weather forecast), noisy
const wx = Float64Array.from({ length: N }, (_, i) => {
  const d = Math.min(DAYS - 1, Math.floor((i + STEPS_PER_DAY) / STEPS_PER_DAY));
  return cloud[d] + 0.05 * rng.normal();
});

describe("day-ahead CNN-LSTM on a PV-like series (96-step horizon) through the provider interface", () => {
  it("beats persistence; skill against seasonal naive printed", async () => {
    const data = { target: pv, features: [wx] };
    const f = await trainForecaster(
      data,
      {
        architecture: "cnn-lstm",
        lookBack: 96,
        horizon: 96,
        units: 16,
        convFilters: 8,
        epochs: 12,
        stride: 8,
        learningRate: 0.01,
        patience: 6,
      },
      { seed: 4 },
    );
    const prov = modelProvider(f, data);
    const starts = windowStarts(f.split.test[0], f.split.test[1], 96, 96, STEPS_PER_DAY);
    const act: number[] = [];
    const m: number[] = [];
    const p: number[] = [];
    const s: number[] = [];
    for (const t of starts) {
      const fc = prov.forecast(t, 96);
      act.push(...pv.subarray(t, t + 96));
      m.push(...fc.p50);
      p.push(...persistenceForecast(pv, t, 96));
      s.push(...seasonalNaiveForecast(pv, t, 96));
      for (let k = 0; k < 96; k++) expect(fc.p10[k]).toBeLessThanOrEqual(fc.p90[k]);
    }
    const skillP = skillScore(mae(act, m), mae(act, p));
    const skillS = skillScore(mae(act, m), mae(act, s));
    // eslint-disable-next-line no-console
    console.log(
      `PV-like day-ahead CNN-LSTM: nMAE ${capacityNormalisedMaePct(act, m, 1).toFixed(2)} % of capacity; skill vs persistence ${skillP.toFixed(2)}, vs seasonal naive ${skillS.toFixed(2)} (${starts.length} test days)`,
    );
    // Measured: this CI budget gives skill ~0.72 vs persistence but ~-0.2 vs seasonal naive; with 25 epochs at
    // stride 4 (75 s) the same model reaches 0.88 / +0.47 (nMAE 3.0 %). The seasonal-naive gap is training
    // budget, not architecture, so only the persistence bar is asserted at CI cost (ADR 0600).
    expect(skillP).toBeGreaterThan(0.5);
  });
});
