/**
 * Forecast training throughput. (1) The ANCHORS.md LSTM: 2,000 x (24 steps x 8 features) -> LSTM(64) ->
 * Dense(24), batch 64, one epoch, Adam, MSE, on tfjs wasm and pure-JS cpu in one run (ANCHORS: PyTorch 1.13,
 * 1 thread 0.135 s; tfjs wasm 1.9 s; tfjs pure JS 9.9 s). (2) An estimate of the wall time to train every
 * seed-000 forecaster on the quick and paper budgets, from a measured epoch of the default config on wasm.
 * Run: npx tsx bench/forecast-lstm.ts
 */
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../lib/core/rng";
import { STEPS_PER_DAY } from "../lib/core/time";
import { initForecastBackend } from "../lib/forecast/backend";
import { DEFAULT_FORECASTER_CONFIG } from "../lib/forecast/config";
import { trainForecaster } from "../lib/forecast/model";
import {
  PAPER_FORECAST_BUDGET,
  QUICK_FORECAST_BUDGET,
  SEED000_FORECASTERS,
} from "../lib/papers/s000/world/forecasters";
import { machine, summarise } from "./util";

const N = 2000;
const T = 24;
const F = 8;
const H = 24;
const PYTORCH_EPOCH_S = 0.135;

async function anchorEpochs(backend: "wasm" | "cpu", runs: number): Promise<number[]> {
  await initForecastBackend(backend);
  const rng = createRng(1, "bench", "lstm");
  const x = tf.tensor3d(
    Float32Array.from({ length: N * T * F }, () => rng.normal()),
    [N, T, F],
  );
  const y = tf.tensor2d(
    Float32Array.from({ length: N * H }, () => rng.normal()),
    [N, H],
  );
  const model = tf.sequential({
    layers: [tf.layers.lstm({ inputShape: [T, F], units: 64 }), tf.layers.dense({ units: H })],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "meanSquaredError" });
  await model.fit(x, y, { batchSize: 64, epochs: 1, shuffle: false, verbose: 0 }); // warm-up (wasm tier-up)
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await model.fit(x, y, { batchSize: 64, epochs: 1, shuffle: false, verbose: 0 });
    out.push((performance.now() - t0) / 1000);
  }
  model.dispose();
  x.dispose();
  y.dispose();
  return out;
}

async function forecasterEpochS(
  historyDays: number,
  stride: number,
  units: number,
  inputPooling: number,
): Promise<{ epochS: number; windows: number }> {
  await initForecastBackend("wasm");
  const n = historyDays * STEPS_PER_DAY;
  const rng = createRng(2, "bench", "series");
  const target = Float64Array.from(
    { length: n },
    (_, i) => Math.sin((2 * Math.PI * i) / 96) + 0.1 * rng.normal(),
  );
  const features = [Float64Array.from({ length: n }, () => rng.normal())];
  const t0 = performance.now();
  const f = await trainForecaster(
    { target, features },
    { epochs: 1, stride, units, inputPooling },
    { seed: 1 },
  );
  const epochS = (performance.now() - t0) / 1000;
  const windows = Math.floor(
    (0.7 * n - DEFAULT_FORECASTER_CONFIG.lookBack - DEFAULT_FORECASTER_CONFIG.horizon) / stride,
  );
  f.model.dispose();
  return { epochS, windows };
}

async function main() {
  const wasm = await anchorEpochs("wasm", 3);
  const cpu = await anchorEpochs("cpu", 1);
  const w = summarise(wasm);
  const c = summarise(cpu);
  // one epoch of the default seed-000 config (lookBack 96, horizon 96, LSTM 64, 3 quantiles) on quick data
  const qc = { ...DEFAULT_FORECASTER_CONFIG, ...QUICK_FORECAST_BUDGET.config };
  const pc = { ...DEFAULT_FORECASTER_CONFIG, ...PAPER_FORECAST_BUDGET.config };
  const q = await forecasterEpochS(QUICK_FORECAST_BUDGET.historyDays, qc.stride, qc.units, qc.inputPooling);
  const quickEpochS = q.epochS;
  // the paper budget's units (64) and pooling, measured on the quick window and scaled by windows
  const pq = await forecasterEpochS(QUICK_FORECAST_BUDGET.historyDays, qc.stride, pc.units, pc.inputPooling);
  const k = SEED000_FORECASTERS.length;
  const quickS = quickEpochS * qc.epochs * k;
  const paperScale =
    (PAPER_FORECAST_BUDGET.historyDays / QUICK_FORECAST_BUDGET.historyDays) * (qc.stride / pc.stride);
  const paperS = pq.epochS * paperScale * pc.epochs * k;
  console.log(
    JSON.stringify(
      {
        bench: "forecast-lstm",
        anchorConfig: "2000 x (24 x 8) -> LSTM(64) -> Dense(24), batch 64, Adam, MSE, one epoch",
        wasm: { epochS: w, samplesPerS: N / w.median },
        cpu: { epochS: c, samplesPerS: N / c.median },
        wasmOverCpuSpeedup: c.median / w.median,
        pytorchAnchor: {
          epochS: PYTORCH_EPOCH_S,
          samplesPerS: N / PYTORCH_EPOCH_S,
          source: "ANCHORS.md, PyTorch 1.13 1 thread",
        },
        wasmOverPytorchSlowdown: w.median / PYTORCH_EPOCH_S,
        seed000Estimate: {
          forecasters: k,
          quick: {
            ...QUICK_FORECAST_BUDGET,
            windowsPerEpoch: q.windows,
            measuredEpochS: quickEpochS,
            totalS: quickS,
          },
          paper: {
            ...PAPER_FORECAST_BUDGET,
            totalS: paperS,
            note: "extrapolated linearly in windows from the quick epoch",
          },
          note: "epoch incl. validation pass, lookBack 96, horizon 96, 3 quantiles, the budget's units, wasm; assumes every epoch runs (no early stop). Measured quick wall time: bench/forecast-seed000.ts",
        },
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
