import { ConfigError } from "../core/errors";
import { STEPS_PER_DAY, STEPS_PER_HOUR } from "../core/time";
import { resolveStep } from "../profiles/step";

/** The architectures behind the one Forecaster interface. "tft" is a later issue (seam: add a builder in model.ts). */
export type Architecture = "lstm" | "gru" | "rnn" | "cnn-lstm" | "price";

export interface ForecasterConfig {
  readonly architecture: Architecture;
  /** Input window, steps of the data (ForecastData.stepsPerDay; 15 min by default). */
  readonly lookBack: number;
  /** Output steps: day-ahead 96, intraday 4-16 at 15 min (a day: dayAheadWindow(stepsPerDay)). */
  readonly horizon: number;
  readonly units: number;
  readonly layers: number;
  /** Dropout after each recurrent layer (0 = none). */
  readonly dropout: number;
  /** Output activation of the recurrent cells. */
  readonly activation: "tanh" | "sigmoid";
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Early stopping: epochs without validation improvement before stopping (best weights restored). */
  readonly patience: number;
  /** Output quantiles, trained with the pinball loss. [0.5] = a point forecast (pinball at 0.5 = MAE / 2). */
  readonly quantiles: readonly number[];
  readonly scaling: "minmax" | "standard";
  /** CNN-LSTM only: Conv1D filters and kernel over the (weather) feature channels. */
  readonly convFilters: number;
  readonly convKernel: number;
  /** Adds sin/cos of the hour of day of each input step (index 0 = midnight, ForecastData.stepsPerDay a day). */
  readonly calendarFeatures: boolean;
  /** Training windows start every `stride` steps (1 = all). */
  readonly stride: number;
  /**
   * Input pooling: the look-back window is fed as means of `inputPooling` consecutive steps (4 = hourly means
   * of the 15-min inputs), so the recurrence runs lookBack / inputPooling steps; the output stays at 15 min.
   * 1 = every step. Must divide lookBack. (Cost of an LSTM epoch on tfjs is nearly linear in sequence length.)
   */
  readonly inputPooling: number;
}

/**
 * Defaults. Seed 000 (notes-000 §1.3) names LSTM for wind and demand, CNN-LSTM for PV, a time-series model for
 * price, with no hyperparameters: we use one 64-unit layer (the ANCHORS.md LSTM size), look-back one day,
 * day-ahead horizon 96 (notes-000 §1.3: day-ahead forecasts at 15-min resolution), Adam 1e-3 (Kingma & Ba
 * default), P10/P50/P90 quantile outputs (issue 4).
 */
export const DEFAULT_FORECASTER_CONFIG: ForecasterConfig = {
  architecture: "lstm",
  lookBack: 96,
  horizon: 96,
  units: 64,
  layers: 1,
  dropout: 0,
  activation: "tanh",
  learningRate: 1e-3,
  epochs: 30,
  batchSize: 64,
  patience: 4,
  quantiles: [0.1, 0.5, 0.9],
  scaling: "minmax",
  convFilters: 16,
  convKernel: 1, // >1 needs Conv1D gradients, absent from the tfjs wasm backend (ADR 0600)
  calendarFeatures: true,
  stride: 1,
  inputPooling: 1,
};

/**
 * Seed 002's per-building LSTM (notes-002): 1 layer, 100 units, sigmoid, learning rate 0.05, dropout 0.5,
 * min-max scaling, 80/20 split (the split lives in chronoSplit's defaults).
 */
export const SEED002_BUILDING_LSTM: Partial<ForecasterConfig> = {
  architecture: "lstm",
  layers: 1,
  units: 100,
  activation: "sigmoid",
  learningRate: 0.05,
  dropout: 0.5,
  scaling: "minmax",
};

/** Intraday horizon example (issue 4: 4-16 steps); one hour at 15-min steps. */
export const INTRADAY_HORIZON_STEPS = STEPS_PER_HOUR;
/** A day at 15-min steps; at another step use dayAheadWindow(stepsPerDay). */
export const DAY_AHEAD_HORIZON_STEPS = STEPS_PER_DAY;

/**
 * Look-back and horizon of one day at `stepsPerDay` steps a day: the defaults' 96 at 15 min, 24 for hourly
 * data. Spread into a config: `{ ...SEED002_BUILDING_LSTM, ...dayAheadWindow(24) }`.
 * @example dayAheadWindow(24) // => { lookBack: 24, horizon: 24 }
 */
export function dayAheadWindow(stepsPerDay: number = STEPS_PER_DAY): { lookBack: number; horizon: number } {
  const { stepsPerDay: spd } = resolveStep({ stepsPerDay }, "dayAheadWindow.stepsPerDay");
  return { lookBack: spd, horizon: spd };
}

export function resolveConfig(partial: Partial<ForecasterConfig> = {}): ForecasterConfig {
  const c = { ...DEFAULT_FORECASTER_CONFIG, ...partial };
  const ints: (keyof ForecasterConfig)[] = [
    "lookBack",
    "horizon",
    "units",
    "layers",
    "epochs",
    "batchSize",
    "stride",
    "inputPooling",
  ];
  for (const k of ints) {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v < 1)
      throw new ConfigError(`${k} must be a positive integer, got ${v}`, `forecaster.${k}`);
  }
  if (c.lookBack % c.inputPooling !== 0)
    throw new ConfigError(
      `inputPooling ${c.inputPooling} must divide lookBack ${c.lookBack}`,
      "forecaster.inputPooling",
    );
  if (!(c.dropout >= 0 && c.dropout < 1))
    throw new ConfigError(`dropout must be in [0, 1), got ${c.dropout}`, "forecaster.dropout");
  if (c.quantiles.length === 0 || c.quantiles.some((q) => !(q > 0 && q < 1)))
    throw new ConfigError(
      `quantiles must be non-empty, each in (0, 1): ${c.quantiles}`,
      "forecaster.quantiles",
    );
  return c;
}
