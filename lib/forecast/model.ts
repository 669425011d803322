import * as tf from "@tensorflow/tfjs";
import { ConfigError, DataError } from "../core/errors";
import { createRng } from "../core/rng";
import { STEPS_PER_DAY } from "../core/time";
import { resolveStep } from "../profiles/step";
import { initForecastBackend } from "./backend";
import { type ForecasterConfig, resolveConfig } from "./config";
import { applyScaler, fitScaler, invertScaler, type Scaler } from "./scaling";
import { type ChronoSplit, chronoSplit, windowStarts } from "./splits";

/**
 * A target series and optional exogenous columns (weather etc.), all the same length, step 0 at midnight.
 * `stepsPerDay` is the series' step (96 = 15 min, the default; 24 = hourly), e.g.
 * `stepsPerDayOf(target.length, 366)` for a leap year's hourly data: it sets the calendar features, the
 * seasonal-naive periods (a day, a week) and the daily issue times of the evaluation.
 */
export interface ForecastData {
  readonly target: Float64Array;
  readonly features?: readonly Float64Array[];
  readonly stepsPerDay?: number;
}

export interface EpochProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly valLoss: number;
  readonly etaS: number;
}

export interface TrainOptions {
  readonly seed: number;
  readonly split?: ChronoSplit;
  readonly onEpoch?: (p: EpochProgress) => void;
}

export interface TrainedForecaster {
  readonly config: ForecasterConfig;
  /** Steps a day of the data it was trained on (its calendar features); 96 for models stored without it. */
  readonly stepsPerDay: number;
  readonly model: tf.LayersModel;
  readonly targetScaler: Scaler;
  readonly featureScalers: readonly Scaler[];
  readonly split: ChronoSplit;
  readonly history: readonly EpochProgress[];
  readonly bestEpoch: number;
}

/** Quantile forecast for steps t..t+h-1: q[j][k] is quantile config.quantiles[j] at lead k. */
export interface QuantileForecast {
  readonly quantiles: readonly number[];
  readonly values: readonly Float64Array[];
}

/**
 * Steps a day of `data`: its own `stepsPerDay`, else the forecaster's (trained on), else 96 (15 min).
 * DataError when the data's differs from the forecaster's (its calendar features would be another clock).
 */
export function stepsPerDayOfData(data: ForecastData, f?: Pick<TrainedForecaster, "stepsPerDay">): number {
  const own = data.stepsPerDay;
  if (own !== undefined) resolveStep({ stepsPerDay: own }, "ForecastData.stepsPerDay");
  const trained = f?.stepsPerDay ?? STEPS_PER_DAY;
  if (f && own !== undefined && own !== trained)
    throw new DataError(
      `data has ${own} steps a day, the forecaster was trained on ${trained}`,
      "ForecastData.stepsPerDay",
      "resample the data to the forecaster's step (lib/core/time.ts resample) or train one at this step",
    );
  return own ?? trained;
}

function nInputs(cfg: ForecasterConfig, data: ForecastData): number {
  return 1 + (data.features?.length ?? 0) + (cfg.calendarFeatures ? 2 : 0);
}

/**
 * Builds the network. All kernels are seeded (glorotUniform / orthogonal with `seed`).
 * - lstm / gru / rnn: `layers` recurrent layers of `units`, Dropout after each, Dense(horizon * nQuantiles).
 * - cnn-lstm: Conv1D(convFilters, convKernel, relu) over the input channels (target + weather + calendar)
 *   along time, feeding the LSTM stack (notes-000 §1.3: hybrid CNN-LSTM for PV). Default kernel 1 (see below).
 * - price: our documented choice (seed 000 says only "a time-series model"): a GRU stack with calendar features,
 *   because prices follow daily shapes and the GRU trains ~25 % cheaper than an LSTM of the same width.
 */
export function buildNetwork(cfg: ForecasterConfig, nIn: number, seed: number): tf.LayersModel {
  const model = tf.sequential();
  const nQ = cfg.quantiles.length;
  let s = seed >>> 0;
  const k = () => tf.initializers.glorotUniform({ seed: s++ });
  const r = () => tf.initializers.orthogonal({ seed: s++ });
  const inputShape: [number, number] = [cfg.lookBack / cfg.inputPooling, nIn];
  let first = true;
  if (cfg.architecture === "cnn-lstm") {
    if (cfg.convKernel === 1) {
      // A width-1 Conv1D is a Dense over the channels at each step; written as Dense because the wasm backend
      // has no Conv2DBackpropFilter kernel (tfjs 4.22), so a real Conv1D cannot train there (ADR 0600).
      model.add(
        tf.layers.dense({ inputShape, units: cfg.convFilters, activation: "relu", kernelInitializer: k() }),
      );
    } else {
      if (tf.getBackend() === "wasm")
        throw new ConfigError(
          `convKernel ${cfg.convKernel} needs Conv1D gradients, which the tfjs wasm backend lacks`,
          "forecaster.convKernel",
          "use convKernel 1 (default) on wasm, or the cpu / tfjs-node backend",
        );
      model.add(
        tf.layers.conv1d({
          inputShape,
          filters: cfg.convFilters,
          kernelSize: cfg.convKernel,
          padding: "same", // the window holds only past steps, so "same" padding cannot leak the future
          activation: "relu",
          kernelInitializer: k(),
        }),
      );
    }
    first = false;
  }
  for (let i = 0; i < cfg.layers; i++) {
    const common = {
      units: cfg.units,
      activation: cfg.activation,
      returnSequences: i < cfg.layers - 1,
      kernelInitializer: k(),
      recurrentInitializer: r(),
      ...(first ? { inputShape } : {}),
    };
    first = false;
    switch (cfg.architecture) {
      case "lstm":
      case "cnn-lstm":
        model.add(tf.layers.lstm(common));
        break;
      case "gru":
      case "price":
        model.add(tf.layers.gru(common));
        break;
      case "rnn":
        model.add(tf.layers.simpleRNN(common));
        break;
      default:
        throw new ConfigError(`unknown architecture "${cfg.architecture}"`, "forecaster.architecture");
    }
    if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout }));
  }
  model.add(tf.layers.dense({ units: cfg.horizon * nQ, kernelInitializer: k() }));
  return model;
}

/** Pinball loss over outputs laid out [lead k][quantile j] (index k * nQ + j), targets tiled the same way. */
export function pinballLossFn(quantiles: readonly number[], horizon: number) {
  const qRow = new Float32Array(horizon * quantiles.length);
  for (let k = 0; k < horizon; k++)
    for (let j = 0; j < quantiles.length; j++) qRow[k * quantiles.length + j] = quantiles[j];
  return (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar =>
    tf.tidy(() => {
      const q = tf.tensor1d(qRow);
      const e = tf.sub(yTrue, yPred);
      return tf.mean(tf.maximum(tf.mul(q, e), tf.mul(tf.sub(q, 1), e))) as tf.Scalar;
    });
}

/** Scaled input columns: target, features, calendar (hour of day from step 0 = midnight, `stepsPerDay` a day). */
function inputColumns(
  cfg: ForecasterConfig,
  data: ForecastData,
  ts: Scaler,
  fs: readonly Scaler[],
  stepsPerDay: number,
): Float64Array[] {
  const cols = [applyScaler(ts, data.target)];
  for (const [i, f] of (data.features ?? []).entries()) cols.push(applyScaler(fs[i], f));
  if (cfg.calendarFeatures) cols.push(...calendarColumns(data.target.length, stepsPerDay));
  return cols;
}

/**
 * The hour-of-day calendar inputs of `n` steps from midnight: sin and cos of 2 pi (i mod stepsPerDay) /
 * stepsPerDay (default 96, 15-min steps).
 * @example calendarColumns(24, 24)[0][6] // => 1 (06:00 at hourly steps)
 */
export function calendarColumns(
  n: number,
  stepsPerDay: number = STEPS_PER_DAY,
): [Float64Array, Float64Array] {
  const sin = new Float64Array(n);
  const cos = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * (i % stepsPerDay)) / stepsPerDay;
    sin[i] = Math.sin(a);
    cos[i] = Math.cos(a);
  }
  return [sin, cos];
}

/**
 * Input windows t-lookBack..t-1 of every column; with pooling p > 1 each run of p consecutive steps is averaged
 * (runs aligned to end at t-1, so no value at or after t enters), giving lookBack / p recurrent steps.
 */
function windowsX(
  cols: readonly Float64Array[],
  starts: readonly number[],
  lookBack: number,
  pool = 1,
): tf.Tensor3D {
  const nIn = cols.length;
  const L = lookBack / pool;
  const x = new Float32Array(starts.length * L * nIn);
  let o = 0;
  for (const t of starts)
    for (let j = 0; j < L; j++) {
      const l0 = t - lookBack + j * pool;
      for (let c = 0; c < nIn; c++) {
        const col = cols[c];
        let s = 0;
        for (let k = 0; k < pool; k++) s += col[l0 + k];
        x[o++] = s / pool;
      }
    }
  return tf.tensor3d(x, [starts.length, L, nIn]);
}

function windowsY(y: Float64Array, starts: readonly number[], horizon: number, nQ: number): tf.Tensor2D {
  const out = new Float32Array(starts.length * horizon * nQ);
  let o = 0;
  for (const t of starts) for (let k = 0; k < horizon; k++) for (let j = 0; j < nQ; j++) out[o++] = y[t + k];
  return tf.tensor2d(out, [starts.length, horizon * nQ]);
}

function validate(data: ForecastData): void {
  const n = data.target.length;
  (data.features ?? []).forEach((f, i) => {
    if (f.length !== n)
      throw new DataError(`feature ${i} has ${f.length} values, target has ${n}`, `features[${i}]`);
  });
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(data.target[i]))
      throw new DataError(`non-finite target value ${data.target[i]}`, `target[${i}]`);
}

/**
 * Trains on the chronological train part, early-stops on the validation part (best weights restored).
 * Scalers are fitted on the train part only. Mini-batches are shuffled by the project Rng (seeded), not by tfjs.
 * Note: Dropout masks come from tfjs's internal generator (not seedable per call), so with dropout > 0 two
 * runs differ slightly; the cache makes a trained model reproducible from then on (ADR 0600).
 */
export async function trainForecaster(
  data: ForecastData,
  partial: Partial<ForecasterConfig>,
  opts: TrainOptions,
): Promise<TrainedForecaster> {
  await initForecastBackend();
  const cfg = resolveConfig(partial);
  validate(data);
  const stepsPerDay = stepsPerDayOfData(data);
  const n = data.target.length;
  const split = opts.split ?? chronoSplit(n);
  const [a, b] = split.train;
  const ts = fitScaler(cfg.scaling, data.target, a, b);
  const fs = (data.features ?? []).map((f) => fitScaler(cfg.scaling, f, a, b));
  const cols = inputColumns(cfg, data, ts, fs, stepsPerDay);
  const y = cols[0];
  const nQ = cfg.quantiles.length;
  const trainStarts = windowStarts(a, b, cfg.lookBack, cfg.horizon, cfg.stride);
  const valStarts = windowStarts(split.val[0], split.val[1], cfg.lookBack, cfg.horizon, cfg.stride);
  if (trainStarts.length === 0)
    throw new DataError(
      `train range [${a}, ${b}) is shorter than lookBack + horizon = ${cfg.lookBack + cfg.horizon}`,
      "trainForecaster",
      "give a longer series or a shorter lookBack/horizon",
    );
  const model = buildNetwork(cfg, cols.length, opts.seed);
  const loss = pinballLossFn(cfg.quantiles, cfg.horizon);
  model.compile({ optimizer: tf.train.adam(cfg.learningRate), loss });
  const xVal = valStarts.length > 0 ? windowsX(cols, valStarts, cfg.lookBack, cfg.inputPooling) : undefined;
  const yVal = valStarts.length > 0 ? windowsY(y, valStarts, cfg.horizon, nQ) : undefined;
  const rng = createRng(opts.seed, "forecast", "batches");
  const history: EpochProgress[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = -1;
  let bestWeights: tf.Tensor[] | undefined;
  let since = 0;
  const t0 = performance.now();
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    const order = [...trainStarts];
    rng.shuffle(order);
    let lossSum = 0;
    let count = 0;
    for (let i = 0; i < order.length; i += cfg.batchSize) {
      const batch = order.slice(i, i + cfg.batchSize);
      const xb = windowsX(cols, batch, cfg.lookBack, cfg.inputPooling);
      const yb = windowsY(y, batch, cfg.horizon, nQ);
      const l = (await model.trainOnBatch(xb, yb)) as number;
      xb.dispose();
      yb.dispose();
      lossSum += l * batch.length;
      count += batch.length;
    }
    const trainLoss = lossSum / count;
    let valLoss = Number.NaN;
    if (xVal && yVal) {
      const v = tf.tidy(() => loss(yVal, model.predict(xVal) as tf.Tensor));
      valLoss = (await v.data())[0];
      v.dispose();
    }
    const elapsed = (performance.now() - t0) / 1000;
    const p: EpochProgress = {
      epoch,
      epochs: cfg.epochs,
      loss: trainLoss,
      valLoss,
      etaS: (elapsed / (epoch + 1)) * (cfg.epochs - epoch - 1),
    };
    history.push(p);
    opts.onEpoch?.(p);
    const monitored = Number.isNaN(valLoss) ? trainLoss : valLoss;
    if (monitored < best - 1e-7) {
      best = monitored;
      bestEpoch = epoch;
      since = 0;
      for (const w of bestWeights ?? []) w.dispose();
      bestWeights = model.getWeights().map((w) => w.clone());
    } else if (++since >= cfg.patience) break;
  }
  if (bestWeights) {
    model.setWeights(bestWeights);
    for (const w of bestWeights) w.dispose();
  }
  xVal?.dispose();
  yVal?.dispose();
  return { config: cfg, stepsPerDay, model, targetScaler: ts, featureScalers: fs, split, history, bestEpoch };
}

/**
 * Forecasts for each issue time t in `starts` (inputs t-lookBack..t-1 of `data`, which may extend past the
 * training series), in original units. Quantiles are sorted per lead so P10 <= P50 <= P90 always holds.
 */
export function predictQuantiles(
  f: TrainedForecaster,
  data: ForecastData,
  starts: readonly number[],
): QuantileForecast[] {
  const cfg = f.config;
  for (const t of starts)
    if (t < cfg.lookBack || t > data.target.length)
      throw new DataError(`issue time ${t} needs ${cfg.lookBack} past values`, "predictQuantiles");
  if (nInputs(cfg, data) !== f.model.inputs[0].shape[2])
    throw new DataError(
      "data has a different number of feature columns than the model was trained on",
      "predictQuantiles",
    );
  const cols = inputColumns(cfg, data, f.targetScaler, f.featureScalers, stepsPerDayOfData(data, f));
  const x = windowsX(cols, starts, cfg.lookBack, cfg.inputPooling);
  const out = f.model.predict(x) as tf.Tensor;
  const raw = out.dataSync();
  x.dispose();
  out.dispose();
  const nQ = cfg.quantiles.length;
  const H = cfg.horizon;
  return starts.map((_, s) => {
    const values = cfg.quantiles.map(() => new Float64Array(H));
    const tmp = new Float64Array(nQ);
    for (let k = 0; k < H; k++) {
      for (let j = 0; j < nQ; j++) tmp[j] = raw[s * H * nQ + k * nQ + j];
      tmp.sort();
      for (let j = 0; j < nQ; j++) values[j][k] = tmp[j];
    }
    return { quantiles: cfg.quantiles, values: values.map((v) => invertScaler(f.targetScaler, v)) };
  });
}
