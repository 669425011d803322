/**
 * ADR 0704's forecast block in the agents' observations: shapes, the stated forecast model, no value
 * after the issue step entering except through that model, and the horizon's validation.
 */
import { ConfigError } from "../../../../lib/core/errors";
import { forecastAtAccuracy, uncertaintyNoisyTruth } from "../../../../lib/forecast/provider";
import { CITY_AGENT_SPECS, CityMaddpgEnv } from "../../../../lib/papers/s000/agents/cityMaddpg";
import {
  AGENT_IDS,
  type CityObservations,
  FORECAST_QUANTITIES,
  forecastFeatureCount,
  forecastOffset,
  OBSERVATION_SIZE,
  observationSizes,
  REWARD_TERM_COUNT,
} from "../../../../lib/papers/s000/env/agents";
import { CityEnv, type CityEnvOptions } from "../../../../lib/papers/s000/env/cityEnv";
import { rulePolicyFor } from "../../../../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";

const H = 4; // default look-ahead (hours)
const SPH = 4; // 15-min steps per hour
const T = 40; // issue step of the leak tests (10:00 on day 1)

let sc: Scenario;
beforeAll(() => {
  sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 124), 2026);
});

/** The env's observations at step t under the rule policy (copies). */
function observationsAt(
  s: Scenario,
  t: number,
  opts: Partial<CityEnvOptions> = {},
): Record<string, number[]> {
  const env = new CityEnv(s, opts);
  const policy = rulePolicyFor(env);
  let obs: CityObservations = env.reset(s.seed);
  for (let k = 0; k < t; k++) obs = env.step(policy(obs)).observations;
  return {
    renewable: Array.from(obs.renewable),
    storage: Array.from(obs.storage),
    consumer: Array.from(obs.consumer),
    coordinator: Array.from(obs.coordinator),
    tradingShared: Array.from(obs.trading.shared),
  };
}

/** `s` with its wind, PV, uncontrolled demand and import price truth multiplied by `factor` on steps [from, to). */
function perturbed(s: Scenario, from: number, to: number, factor: number): Scenario {
  const bump = (a: Float64Array) => {
    const b = Float64Array.from(a);
    for (let k = from; k < Math.min(to, b.length); k++) b[k] *= factor;
    return b;
  };
  return {
    ...s,
    renewables: { ...s.renewables, windMw: bump(s.renewables.windMw), pvMw: bump(s.renewables.pvMw) },
    demand: {
      ...s.demand,
      baseMwByClass: s.demand.baseMwByClass.map(bump),
      evUncontrolledMw: bump(s.demand.evUncontrolledMw),
      totalBaseMw: bump(s.demand.totalBaseMw),
    },
    prices: { ...s.prices, importUsdPerMwh: bump(s.prices.importUsdPerMwh) },
  };
}

const hourlyMeans = (a: ArrayLike<number>, scale: number) =>
  Array.from({ length: H }, (_, j) => {
    let m = 0;
    for (let k = j * SPH; k < (j + 1) * SPH; k++) m += a[k];
    return m / SPH / scale;
  });

const windCap = () => sc.config.wind.turbineCount * sc.config.wind.turbineRatedMw;

describe("shapes", () => {
  test("every vector agent ends with the forecast block; sizes derive from the horizon", () => {
    expect(forecastFeatureCount(H)).toBe(FORECAST_QUANTITIES.length * (H + 1));
    expect(OBSERVATION_SIZE).toEqual(observationSizes(H));
    expect(observationSizes(0)).toEqual({
      renewable: 16,
      storage: 16,
      consumer: 21,
      coordinator: 18,
      tradingShared: 16,
    });
    expect(observationSizes(H).consumer).toBe(21 + 20);
    const o = observationsAt(sc, 3);
    for (const [k, v] of Object.entries(o))
      expect(v.length).toBe(OBSERVATION_SIZE[k as keyof typeof OBSERVATION_SIZE]);
    const env6 = new CityEnv(sc, { forecastHorizonHours: 6 });
    expect(env6.spaces.observation).toEqual(observationSizes(6));
    expect(env6.reset().storage.length).toBe(16 + 28);
    // the network input sizes follow OBSERVATION_SIZE
    expect(CITY_AGENT_SPECS.map((s) => s.observationSize)).toEqual([
      OBSERVATION_SIZE.renewable,
      OBSERVATION_SIZE.storage,
      OBSERVATION_SIZE.consumer,
      OBSERVATION_SIZE.tradingShared,
      OBSERVATION_SIZE.coordinator,
    ]);
  });

  test("the common and own features keep their indexes and values; H = 0 is the old observation", () => {
    const with4 = observationsAt(sc, 20);
    const without = observationsAt(sc, 20, { forecastHorizonHours: 0 });
    for (const k of Object.keys(without)) {
      expect(with4[k].slice(0, without[k].length)).toEqual(without[k]);
      expect(forecastOffset(k as "storage")).toBe(without[k].length);
    }
  });

  test("MADDPG refuses an env whose look-ahead its networks were not built for", () => {
    const env6 = new CityEnv(sc, { forecastHorizonHours: 6 });
    const scales = AGENT_IDS.map(() => new Float64Array(REWARD_TERM_COUNT).fill(1));
    expect(() => new CityMaddpgEnv([env6], scales)).toThrow(/forecastHorizonHours/);
  });
});

describe("the stated forecast models", () => {
  test("perfect: hourly means of the truth, zero uncertainty", () => {
    const o = observationsAt(sc, T, { forecastSource: { kind: "perfect" } }).storage;
    const b = forecastOffset("storage");
    const c = sc.config;
    const truth = [
      [sc.renewables.windMw, windCap()],
      [sc.renewables.pvMw, c.solar.totalMwp],
      [sc.demand.totalBaseMw, c.demand.peakTargetMw],
      [sc.prices.importUsdPerMwh, 180],
    ] as const;
    truth.forEach(([series, scale], q) => {
      const want = hourlyMeans(series.subarray(T, T + H * SPH), scale);
      want.forEach((v, j) => {
        expect(o[b + q * H + j]).toBeCloseTo(v, 12);
      });
      expect(o[b + 4 * H + q]).toBe(0);
    });
    // the first hour's means start at the current step's value features
    expect(o[b]).toBeGreaterThan(0);
  });

  test("noisy (default): the scenario's uncertainty model, seeded by the scenario; its relative sd", () => {
    const o = observationsAt(sc, T).storage;
    const b = forecastOffset("storage");
    const u = sc.config.uncertainty;
    const wind = uncertaintyNoisyTruth(sc.renewables.windMw, {
      sigma: u.windSigma,
      ar1PerHour: u.errorAr1PerHour,
      seed: sc.seed,
      name: "wind",
      capMw: windCap(),
    }).forecast(T, H * SPH);
    hourlyMeans(wind.p50, windCap()).forEach((v, j) => {
      expect(o[b + j]).toBeCloseTo(v, 12);
    });
    const truthMeans = hourlyMeans(sc.renewables.windMw.subarray(T, T + H * SPH), windCap());
    expect(o.slice(b, b + H)).not.toEqual(truthMeans); // it is a forecast, not the truth
    // price: 10 % relative sigma, never clipped at these prices
    expect(o[b + 4 * H + 3]).toBeCloseTo(0.1, 12);
    // demand: a mix of the class sigmas (6-15 %)
    expect(o[b + 4 * H + 2]).toBeGreaterThan(0.05);
    expect(o[b + 4 * H + 2]).toBeLessThan(0.15);
  });

  test("accuracy: Fig. 9(b)'s knob, errors keyed by issue time; accuracy 1 is perfect", () => {
    const b = forecastOffset("coordinator");
    const perfect = observationsAt(sc, T, { forecastSource: { kind: "perfect" } }).coordinator;
    const a1 = observationsAt(sc, T, { forecastSource: { kind: "accuracy", accuracy: 1 } }).coordinator;
    expect(a1).toEqual(perfect);
    const a7 = observationsAt(sc, T, { forecastSource: { kind: "accuracy", accuracy: 0.7, seed: 9 } });
    const price = forecastAtAccuracy(sc.prices.importUsdPerMwh, 0.7, 9).forecast(T, H * SPH);
    hourlyMeans(price.p50, 180).forEach((v, j) => {
      expect(a7.coordinator[b + 3 * H + j]).toBeCloseTo(v, 12);
    });
    expect(a7.coordinator[b + 4 * H + 3]).toBeCloseTo(0.3 * Math.sqrt(Math.PI / 2), 12);
  });
});

describe("no value after the issue step enters except through the forecast model", () => {
  test("truth perturbed beyond the look-ahead: every observation at t is unchanged, bit for bit", () => {
    const base = observationsAt(sc, T);
    const p = observationsAt(perturbed(sc, T + H * SPH, sc.time.length, 0.6), T);
    expect(p).toEqual(base);
  });

  test("truth perturbed inside the look-ahead: only the forecast block moves, as the model says", () => {
    const from = T + 1;
    const ps = perturbed(sc, from, sc.time.length, 0.6);
    const base = observationsAt(sc, T);
    const p = observationsAt(ps, T);
    for (const k of Object.keys(base)) {
      const b = forecastOffset(k as "storage");
      expect(p[k].slice(0, b)).toEqual(base[k].slice(0, b)); // current and past features
      expect(p[k].slice(b)).toEqual(p.storage.slice(forecastOffset("storage"))); // one block for all
    }
    // the block is the stated model on the perturbed truth with the same (truth-independent) errors
    const u = sc.config.uncertainty;
    const f = uncertaintyNoisyTruth(ps.renewables.windMw, {
      sigma: u.windSigma,
      ar1PerHour: u.errorAr1PerHour,
      seed: sc.seed,
      name: "wind",
      capMw: windCap(),
    }).forecast(T, H * SPH);
    const b = forecastOffset("renewable");
    hourlyMeans(f.p50, windCap()).forEach((v, j) => {
      expect(p.renewable[b + j]).toBeCloseTo(v, 12);
    });
    expect(p.renewable.slice(b, b + H)).not.toEqual(base.renewable.slice(b, b + H));
  });

  test("the last steps of the episode hold the last value (no step past the data is read)", () => {
    const o = observationsAt(sc, sc.time.length - 1, { forecastSource: { kind: "perfect" } }).storage;
    const b = forecastOffset("storage");
    const last = sc.renewables.windMw[sc.time.length - 1] / windCap();
    for (let j = 0; j < H; j++) expect(o[b + j]).toBeCloseTo(last, 12);
  });
});

describe("validation", () => {
  test("a forecast horizon longer than the data is a ConfigError naming the key and the fix", () => {
    const make = () => new CityEnv(sc, { forecastHorizonHours: 25 });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/CityEnvOptions\.forecastHorizonHours/);
    expect(make).toThrow(/use at most 24 h, or a longer episode/);
    expect(() => new CityEnv(sc, { forecastHorizonHours: 24 })).not.toThrow();
  });

  test("a fractional or negative horizon and an unknown source are ConfigErrors", () => {
    expect(() => new CityEnv(sc, { forecastHorizonHours: 2.5 })).toThrow(/forecastHorizonHours/);
    expect(() => new CityEnv(sc, { forecastHorizonHours: -1 })).toThrow(/forecastHorizonHours/);
    expect(
      () =>
        new CityEnv(sc, {
          forecastSource: { kind: "oracle" } as unknown as CityEnvOptions["forecastSource"],
        }),
    ).toThrow(/forecastSource\.kind/);
    expect(() => new CityEnv(sc, { forecastSource: { kind: "accuracy", accuracy: 1.5 } })).toThrow(
      /forecastSource\.accuracy/,
    );
  });
});
