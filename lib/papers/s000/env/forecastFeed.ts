import { ConfigError } from "../../../core/errors";
import { STEPS_PER_DAY } from "../../../core/time";
import type { ForecastData, TrainedForecaster } from "../../../forecast/model";
import {
  blendTowardTruth,
  type Forecast,
  type ForecastProvider,
  forecastAtAccuracy,
  modelProvider,
  perfectForesight,
  uncertaintyNoisyTruth,
} from "../../../forecast/provider";
import { withHorizon } from "../world/cityConfig";
import {
  SEED000_FORECASTERS,
  type Seed000Target,
  seed000Capacity,
  seed000Data,
  seed000Sigma,
  seed000Target,
} from "../world/forecasters";
import { generateScenario, type Scenario } from "../world/scenario";

/**
 * Where a feed's forecasts come from (one kind for every quantity):
 * - "perfect": perfect foresight (MPC's "perfect forecast information", notes-000 §2);
 * - "noisy": noise-added truth with the scenario's own uncertainty sigmas (lib/profiles/uncertainty.ts: solar 10 %,
 *   wind 12 %, residential 8 %, commercial 6 %, EV 15 %, AR(1) errors; price 10 % [choice]);
 * - "accuracy": the forecast-quality knob of Fig. 9b (forecastAtAccuracy: expected absolute percentage error
 *   exactly 1 - accuracy);
 * - "model": the trained seed-000 forecasters (by spec name: "wind", "pv", "demand-residential", ...), optionally
 *   blended toward truth by `blendTowardTruth` in [0, 1] (errors scale by 1 - w).
 */
export type FeedSource =
  | { readonly kind: "perfect" }
  | { readonly kind: "noisy"; readonly seed: number }
  | { readonly kind: "accuracy"; readonly accuracy: number; readonly seed: number }
  | {
      readonly kind: "model";
      readonly forecasters: ReadonlyMap<string, TrainedForecaster>;
      readonly blendTowardTruth?: number;
    };

/** What the feed needs of the env: its current scenario and the step it simulates next (CityEnv has both). */
export interface FeedEnv {
  readonly scenario: Scenario;
  readonly stepIndex: number;
}

export interface ForecastFeed {
  /** The quantities served (every seed-000 target, or those with a model). */
  readonly targets: readonly Seed000Target[];
  /**
   * Forecast of `target` for env steps t .. t + horizon - 1, issued at env step t (default: env.stepIndex, the
   * step the next env.step() simulates, so a policy called with the current observations reads the forecast
   * of the steps it is about to act on). Original units (MW, USD/MWh).
   */
  forecast(target: Seed000Target, horizon: number, t?: number): Forecast;
}

/** Spec name of a target's forecaster. */
function nameOf(target: Seed000Target): string {
  const s = SEED000_FORECASTERS.find((x) => x.target === target);
  if (!s) throw new ConfigError(`no forecaster for "${target}"`, "forecastFeed");
  return s.name;
}

/**
 * The model inputs of `sc` with whole days of history in front: `days` days before the window come from the
 * same seed's city (a window is the same days as in the year run, lib/papers/s000/world), as far back as 1 January; any
 * shortfall is padded by repeating the first available day (only the first day of a 1-January episode).
 * Returns the data per forecaster and the offset of env step 0 in it.
 */
export function modelInputsWithHistory(
  sc: Scenario,
  days: number,
): { offset: number; data: (name: string) => ForecastData } {
  const avail = Math.min(days, sc.time.startDay);
  const ext =
    avail > 0
      ? generateScenario(
          withHorizon(sc.config, sc.config.horizon.days + avail, sc.time.startDay - avail),
          sc.seed,
        )
      : sc;
  const pad = (days - avail) * STEPS_PER_DAY;
  const withPad = (a: Float64Array): Float64Array => {
    if (pad === 0) return a;
    const out = new Float64Array(a.length + pad);
    for (let i = 0; i < pad; i++) out[i] = a[i % STEPS_PER_DAY];
    out.set(a, pad);
    return out;
  };
  const cache = new Map<string, ForecastData>();
  return {
    offset: days * STEPS_PER_DAY,
    data(name) {
      let d = cache.get(name);
      if (!d) {
        const spec = SEED000_FORECASTERS.find((s) => s.name === name);
        if (!spec) throw new ConfigError(`unknown forecaster "${name}"`, "forecastFeed");
        const raw = seed000Data(ext, spec);
        d = { target: withPad(raw.target), features: (raw.features ?? []).map(withPad) };
        cache.set(name, d);
      }
      return d;
    },
  };
}

/**
 * Forecasts for controllers, aligned with the env's step index: `feed.forecast("wind", 96)` inside a policy is
 * the day-ahead wind forecast for the steps the env is about to simulate. Follows env.reset(seed): a new
 * scenario rebuilds the providers. Truth comes from the env's own scenario, so perfect foresight is exact.
 */
export function createForecastFeed(env: FeedEnv, source: FeedSource): ForecastFeed {
  const targets: Seed000Target[] =
    source.kind === "model"
      ? SEED000_FORECASTERS.filter((s) => source.forecasters.has(s.name)).map((s) => s.target)
      : SEED000_FORECASTERS.map((s) => s.target);
  let current: Scenario | undefined;
  let providers = new Map<Seed000Target, ForecastProvider>();
  let modelOffset = 0;
  let inputs: ReturnType<typeof modelInputsWithHistory> | undefined;

  const build = (sc: Scenario, target: Seed000Target): ForecastProvider => {
    const truth = seed000Target(sc, target);
    switch (source.kind) {
      case "perfect":
        return perfectForesight(truth);
      case "noisy":
        return uncertaintyNoisyTruth(truth, {
          sigma: seed000Sigma(sc.config.uncertainty, target),
          ar1PerHour: sc.config.uncertainty.errorAr1PerHour,
          seed: source.seed,
          name: target,
          capMw: seed000Capacity(sc, target),
        });
      case "accuracy":
        return forecastAtAccuracy(truth, source.accuracy, source.seed);
      case "model": {
        const name = nameOf(target);
        const f = source.forecasters.get(name);
        if (!f)
          throw new ConfigError(
            `no trained model "${name}" in the feed`,
            "forecastFeed",
            "train it with trainSeed000Forecasters",
          );
        if (!inputs) {
          let look = 0;
          for (const g of source.forecasters.values()) look = Math.max(look, g.config.lookBack);
          inputs = modelInputsWithHistory(sc, Math.ceil(look / STEPS_PER_DAY));
          modelOffset = inputs.offset;
        }
        const inner = modelProvider(f, inputs.data(name));
        const off = modelOffset;
        const shifted: ForecastProvider = { forecast: (t, h) => inner.forecast(t + off, h) };
        const w = source.blendTowardTruth ?? 0;
        return w > 0 ? blendTowardTruth(shifted, truth, w) : shifted;
      }
    }
  };

  return {
    targets,
    forecast(target, horizon, t = env.stepIndex) {
      const sc = env.scenario;
      if (sc !== current) {
        current = sc;
        providers = new Map();
        inputs = undefined;
      }
      if (!targets.includes(target))
        throw new ConfigError(`the feed serves ${targets.join(", ")}; asked "${target}"`, "forecastFeed");
      if (!Number.isInteger(t) || t < 0 || t >= sc.time.length)
        throw new ConfigError(`issue step must be in [0, ${sc.time.length}), got ${t}`, "forecastFeed.t");
      let p = providers.get(target);
      if (!p) {
        p = build(sc, target);
        providers.set(target, p);
      }
      return p.forecast(t, horizon);
    },
  };
}
