import type { Cache } from "../../../core/cache";
import { ConfigError } from "../../../core/errors";
import { isWeekend, STEPS_PER_DAY } from "../../../core/time";
import { trainForecasterCached } from "../../../forecast/cached";
import type { ForecasterConfig } from "../../../forecast/config";
import type { EpochProgress, ForecastData, TrainedForecaster } from "../../../forecast/model";
import { type ChronoSplit, chronoSplit } from "../../../forecast/splits";
import type { UncertaintyConfig } from "../../../profiles/uncertainty";
import { DEFAULT_CITY_CONFIG, withHorizon } from "./cityConfig";
import { PROFILE_LOAD_CLASSES, type ProfileLoadClass } from "./entityClasses";
import { generateScenario, type Scenario } from "./scenario";

/**
 * Seed 000's forecasters (notes-000 §1.3) wired to the entity-level city (lib/papers/s000/world generateScenario):
 * LSTM for offshore wind, hybrid CNN-LSTM for PV (weather features), one LSTM per demand class
 * (notes-000 §1.3 names "separate dedicated LSTM models" per load type; we train one per profile class of
 * the city, residential, prosumer, commercial, industrial, municipal, plus uncontrolled EV charging) and a
 * time-series model for the import price (GRU, ADR 0600). Every one is day-ahead (96 steps), P10/P50/P90.
 */
export type Seed000Target =
  | "wind"
  | "pv"
  | "demand.residential"
  | "demand.prosumer"
  | "demand.commercial"
  | "demand.industrial"
  | "demand.municipal"
  | "demand.ev"
  | "price";

/**
 * Input columns a forecaster may read (besides its own target's past and the hour-of-day calendar):
 * - past observations: `windSpeedMs`, `ghiWm2`, `temperatureC`, `netDemandMw` (uncontrolled demand - wind - PV);
 * - known in advance (calendar / astronomy, no target information): `weekendAhead` (1 if the step one day
 *   later falls on a weekend), `sunAltitudeAhead` (solar altitude one day later, degrees);
 * - a lag of the target itself: `targetWeekAgoAhead` at step i = the target one week before step i + 96, i.e.
 *   y[i + 96 - 672], an observation already known at i (before the first 6 days: y[i], one day before).
 * At look-back 96 and horizon 96 the window t-96..t-1 of an "ahead" column holds exactly the values that
 * belong to the forecast steps t..t+95 (for the lag: last week's values of those steps).
 */
export type Seed000Feature =
  | "windSpeedMs"
  | "ghiWm2"
  | "temperatureC"
  | "netDemandMw"
  | "weekendAhead"
  | "sunAltitudeAhead"
  | "targetWeekAgoAhead";

export interface ForecasterSpec {
  readonly name: string;
  readonly target: Seed000Target;
  readonly features: readonly Seed000Feature[];
  readonly config: Partial<ForecasterConfig>;
  /** Normalise errors by installed capacity (PV MWp, wind nameplate MW); others by the mean actual. */
  readonly capacityNormalised: boolean;
}

const demandSpec = (c: ProfileLoadClass): ForecasterSpec => ({
  name: `demand-${c}`,
  target: `demand.${c}` as Seed000Target,
  features: ["temperatureC", "weekendAhead", "targetWeekAgoAhead"],
  config: { architecture: "lstm" },
  capacityNormalised: false,
});

export const SEED000_FORECASTERS: readonly ForecasterSpec[] = [
  {
    name: "wind",
    target: "wind",
    features: ["windSpeedMs"],
    config: { architecture: "lstm" },
    capacityNormalised: true,
  },
  {
    name: "pv",
    target: "pv",
    features: ["ghiWm2", "temperatureC", "sunAltitudeAhead"],
    config: { architecture: "cnn-lstm" },
    capacityNormalised: true,
  },
  ...PROFILE_LOAD_CLASSES.map(demandSpec),
  {
    name: "demand-ev",
    target: "demand.ev",
    features: ["weekendAhead", "targetWeekAgoAhead"],
    config: { architecture: "lstm" },
    capacityNormalised: false,
  },
  {
    name: "price",
    target: "price",
    features: ["netDemandMw", "weekendAhead", "targetWeekAgoAhead"],
    config: { architecture: "price" },
    capacityNormalised: false,
  },
];

/**
 * A training budget: which days of the training seed's year the forecasters see (chronological 70/10/20
 * train/validation/test split of that window, chronoSplit), the config overrides, and how often test
 * forecasts are issued for the error tables (steps).
 */
export interface Seed000Budget {
  readonly historyDays: number;
  readonly startDay: number;
  readonly config: Partial<ForecasterConfig>;
  readonly evalStride: number;
}

/**
 * ci: tiny (the whole set in well under 30 s cold): 14 days, 8 units, hourly-mean inputs, windows every 4 steps,
 * 6 epochs. Only a smoke test of the pipeline; the error tables at this budget are not the layer's skill.
 */
export const CI_FORECAST_BUDGET: Seed000Budget = {
  historyDays: 14,
  startDay: 0,
  config: {
    units: 8,
    convFilters: 4,
    stride: 4,
    epochs: 6,
    learningRate: 0.01,
    patience: 3,
    inputPooling: 4,
  },
  evalStride: 8,
};

/**
 * quick (our choice, the 10-minute goal for every forecaster cold on 2 shared cores): 60 days from
 * 1 January, windows every hour (stride 4), look-back fed as hourly means (inputPooling 4: a quarter of the
 * recurrent steps, ~4x cheaper), 32 units, at most 15 epochs, learning rate 5e-3 (the short budget needs a
 * larger step than Adam's 1e-3; at 8 epochs of 3e-3 every model still improved at its last epoch).
 */
export const QUICK_FORECAST_BUDGET: Seed000Budget = {
  historyDays: 60,
  startDay: 0,
  config: { units: 32, stride: 4, epochs: 15, learningRate: 5e-3, inputPooling: 4 },
  evalStride: 4,
};

/**
 * paper: a year of history, every step, the default 64 units, 30 epochs, the same hourly-mean look-back as quick
 * (so paper differs from quick in data, width and epochs only; estimate in bench/forecast-lstm.ts).
 */
export const PAPER_FORECAST_BUDGET: Seed000Budget = {
  historyDays: 365,
  startDay: 0,
  config: { stride: 1, epochs: 30, inputPooling: 4 },
  evalStride: 4,
};

export const SEED000_BUDGETS = {
  ci: CI_FORECAST_BUDGET,
  quick: QUICK_FORECAST_BUDGET,
  paper: PAPER_FORECAST_BUDGET,
} as const;

/** Series of one target: the truth (MW or USD/MWh) and the capacity used to normalise its errors. */
export function seed000Target(sc: Scenario, target: Seed000Target): Float64Array {
  if (target === "wind") return sc.renewables.windMw;
  if (target === "pv") return sc.renewables.pvMw;
  if (target === "price") return sc.prices.importUsdPerMwh;
  if (target === "demand.ev") return sc.demand.evUncontrolledMw;
  const cls = target.slice("demand.".length);
  const i = (PROFILE_LOAD_CLASSES as readonly string[]).indexOf(cls);
  if (i < 0) throw new ConfigError(`unknown target "${target}"`, "seed000Target");
  return sc.demand.baseMwByClass[i];
}

/** Installed capacity of wind (turbines x rated MW, nameplate) and PV (sum of the entities' MWp). */
export function seed000Capacity(sc: Scenario, target: Seed000Target): number | undefined {
  if (target === "wind") return sc.config.wind.turbineCount * sc.config.wind.turbineRatedMw;
  if (target === "pv") {
    let s = 0;
    for (const v of sc.renewables.pvMwpByOrientation) s += v;
    return s;
  }
  return undefined;
}

/** Relative forecast-error sigma of a target from the scenario's uncertainty config (noise-added truth). */
export function seed000Sigma(u: UncertaintyConfig, target: Seed000Target): number {
  switch (target) {
    case "wind":
      return u.windSigma;
    case "pv":
      return u.solarSigma;
    case "demand.residential":
    case "demand.prosumer": // prosumers are households: the residential 8 % [choice]
      return u.residentialSigma;
    case "demand.commercial":
      return u.commercialSigma;
    case "demand.industrial":
      return u.industrialSigma;
    case "demand.municipal":
      return u.municipalSigma;
    case "demand.ev":
      return u.evSigma;
    case "price":
      return PRICE_FORECAST_SIGMA;
  }
}

/**
 * Price forecast-error sigma for noise-added truth: the paper gives none (notes-000 §2 lists solar, wind and
 * demand only). 10 %, between its demand and renewable values. [choice]
 */
export const PRICE_FORECAST_SIGMA = 0.1;

/** One feature column over the scenario's window (`target`: the forecaster's own target, for the lag). */
export function seed000Feature(sc: Scenario, feature: Seed000Feature, target: Seed000Target): Float64Array {
  const n = sc.time.length;
  switch (feature) {
    case "targetWeekAgoAhead": {
      const y = seed000Target(sc, target);
      const back = 7 * STEPS_PER_DAY - STEPS_PER_DAY;
      return Float64Array.from({ length: n }, (_, i) => (i >= back ? y[i - back] : y[i]));
    }
    case "windSpeedMs":
      return sc.weather.windSpeedMs;
    case "ghiWm2":
      return sc.weather.ghiWm2;
    case "temperatureC":
      return sc.weather.temperatureC;
    case "netDemandMw": {
      const out = new Float64Array(n);
      for (let t = 0; t < n; t++)
        out[t] = sc.demand.totalBaseMw[t] - sc.renewables.windMw[t] - sc.renewables.pvMw[t];
      return out;
    }
    case "weekendAhead":
      return Float64Array.from({ length: n }, (_, t) => (isWeekend(sc.time, t + STEPS_PER_DAY) ? 1 : 0));
    case "sunAltitudeAhead": {
      // One day later; past the window's end the same time today (the altitude moves < 0.5 deg a day).
      const alt = sc.weather.sunAltitudeDeg;
      return Float64Array.from({ length: n }, (_, t) =>
        t + STEPS_PER_DAY < n ? alt[t + STEPS_PER_DAY] : alt[t],
      );
    }
  }
}

/** The forecaster's data (target + feature columns) over the scenario's window. */
export function seed000Data(sc: Scenario, spec: ForecasterSpec): ForecastData {
  return {
    target: seed000Target(sc, spec.target),
    features: spec.features.map((f) => seed000Feature(sc, f, spec.target)),
  };
}

/** The training scenario of a budget: the budget's window of the city of `seed` (default config). */
export function seed000TrainingScenario(budget: Seed000Budget, seed: number): Scenario {
  return generateScenario(withHorizon(DEFAULT_CITY_CONFIG, budget.historyDays, budget.startDay), seed);
}

export interface TrainedSeed000 {
  readonly spec: ForecasterSpec;
  readonly forecaster: TrainedForecaster;
  readonly data: ForecastData;
  readonly split: ChronoSplit;
  /** True when loaded from the cache (nothing trained). */
  readonly hit: boolean;
  readonly key: string;
  /** Wall time of training or loading (s). */
  readonly seconds: number;
}

/**
 * Trains (or loads from the cache) every seed-000 forecaster on `scenario`, chronological 70/10/20 split of
 * its window, training seed `seed`. `only` restricts to some names. A warm run trains nothing.
 */
export async function trainSeed000Forecasters(
  cache: Cache,
  scenario: Scenario,
  budget: Seed000Budget,
  opts: {
    seed: number;
    only?: readonly string[];
    onEpoch?: (name: string, p: EpochProgress) => void;
    onModel?: (name: string, r: TrainedSeed000) => void;
  },
): Promise<TrainedSeed000[]> {
  const specs = SEED000_FORECASTERS.filter((s) => !opts.only || opts.only.includes(s.name));
  if (opts.only)
    for (const name of opts.only)
      if (!SEED000_FORECASTERS.some((s) => s.name === name))
        throw new ConfigError(
          `unknown forecaster "${name}"`,
          "only",
          `one of ${SEED000_FORECASTERS.map((s) => s.name).join(", ")}`,
        );
  const split = chronoSplit(scenario.time.length);
  const out: TrainedSeed000[] = [];
  for (const spec of specs) {
    const data = seed000Data(scenario, spec);
    const t0 = performance.now();
    const { forecaster, hit, key } = await trainForecasterCached(
      cache,
      data,
      { ...spec.config, ...budget.config },
      { seed: opts.seed, split, onEpoch: opts.onEpoch && ((p) => opts.onEpoch?.(spec.name, p)) },
    );
    const r: TrainedSeed000 = {
      spec,
      forecaster,
      data,
      split,
      hit,
      key,
      seconds: (performance.now() - t0) / 1000,
    };
    opts.onModel?.(spec.name, r);
    out.push(r);
  }
  return out;
}
