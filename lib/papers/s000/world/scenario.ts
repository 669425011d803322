import { hashValue } from "../../../core/hash";
import { createRng } from "../../../core/rng";
import { DAYS_PER_YEAR, STEPS_PER_DAY, STEPS_PER_YEAR, type TimeIndex, timeIndex } from "../../../core/time";
import { generatePrices, type PriceSeries } from "../../../profiles/prices";
import { generateSolar, sunPositions } from "../../../profiles/solar";
import { generateTemperature } from "../../../profiles/weather";
import { generateWind } from "../../../profiles/wind";
import { type CityConfig, validateCityConfig } from "./cityConfig";
import { calibrateDemand, type DemandCalibration, generateLoadProfiles } from "./demand";
import { drawEntities, type EntityTable, profileSeriesLayout } from "./entities";
import { CLASS_EV_STATION, PROFILE_CLASS_COUNT, PROFILE_LOAD_CLASSES } from "./entityClasses";
import { type EvSessions, generateEvSessions, sliceEvSessions, uncontrolledEvMw } from "./ev";

/** Weather and renewable availability of the window. */
export interface WeatherSeries {
  readonly windSpeedMs: Float64Array;
  readonly temperatureC: Float64Array;
  readonly ghiWm2: Float64Array;
  readonly cloudState: Uint8Array;
  readonly sunAltitudeDeg: Float64Array;
  readonly stormActive: Uint8Array;
}

export interface RenewableSeries {
  /** Available wind farm output (MW), after hysteresis, outages and array losses, before curtailment. */
  readonly windMw: Float64Array;
  readonly turbinesOnline: Float64Array;
  /** Per-unit PV output (MW per MWp) by orientation (rooftop classes in config order, then community). */
  readonly pvPerUnitByOrientation: readonly Float64Array[];
  /** Installed MWp per orientation (sums of the entities' pvMwp). */
  readonly pvMwpByOrientation: Float64Array;
  readonly rooftopPvMw: Float64Array;
  readonly communityPvMw: Float64Array;
  /** rooftop + community (MW). */
  readonly pvMw: Float64Array;
}

export interface DemandSeries {
  /**
   * Unit-mean (class, noise group) profiles with `pad` steps of padding at each end, one block of
   * `stride` = length + 2 pad values per series: load_i(t) = meanPowerMw[i] x profiles[profileOffset[i] + t].
   */
  readonly profiles: Float64Array;
  readonly stride: number;
  readonly pad: number;
  /** Base (uncontrolled) demand per profile class (MW), sums over the class's entities. */
  readonly baseMwByClass: readonly Float64Array[];
  /** Flexible part of it: sum over entities of flexibleShare x load (MW). */
  readonly flexibleMwByClass: readonly Float64Array[];
  /** EV charging if every session charged at full power from arrival (MW). */
  readonly evUncontrolledMw: Float64Array;
  /** Sum of the profile classes and uncontrolled EV charging (MW). */
  readonly totalBaseMw: Float64Array;
}

/** One seeded city over its horizon. Every series is a Float64Array (or a small typed array) on `time`. */
export interface Scenario {
  readonly config: CityConfig;
  readonly seed: number;
  readonly time: TimeIndex;
  readonly weather: WeatherSeries;
  readonly renewables: RenewableSeries;
  readonly entities: EntityTable;
  readonly demand: DemandSeries;
  readonly ev: EvSessions;
  readonly prices: PriceSeries;
  readonly calibration: DemandCalibration;
}

const calibrationCache = new Map<string, DemandCalibration>();

/** The demand calibration of a config (seed-free; memoised per config content). */
export function demandCalibrationOf(config: CityConfig): DemandCalibration {
  const key = hashValue({
    d: config.demand,
    e: config.ev,
    t: config.temperature,
    s: [config.solar.latitudeDeg, config.solar.longitudeDeg, config.solar.referenceYear],
  });
  let c = calibrationCache.get(key);
  if (!c) {
    const sun = sunPositions(STEPS_PER_YEAR, config.solar);
    c = calibrateDemand(config.demand, config.ev, config.temperature, sun.altitudeDeg);
    calibrationCache.set(key, c);
  }
  return c;
}

/**
 * Generates the city for `config.horizon` from `seed`. The exogenous processes always run from
 * 1 January (day 0) of the first year to the end of the window, and the window is sliced out, so a
 * short window is exactly the same days as in the full-year scenario of the same seed (a week in
 * spring of the year run IS that week). Streams: createRng(seed, "city", component, ...).
 */
export function generateScenario(config: CityConfig, seed: number): Scenario {
  validateCityConfig(config);
  const { days, startDay } = config.horizon;
  const time = timeIndex(days, startDay);
  const genDays = Math.ceil((startDay + days) / DAYS_PER_YEAR) * DAYS_PER_YEAR;
  const N = genDays * STEPS_PER_DAY;
  const s0 = startDay * STEPS_PER_DAY;
  const n = time.length;
  const root = createRng(seed, "city");

  const temperature = generateTemperature(N, config.temperature, root.fork("temperature"));
  const solar = generateSolar(N, config.solar, temperature, root.fork("solar"));
  const wind = generateWind(N, config.wind, root.fork("wind"));
  const calibration = demandCalibrationOf(config);
  const entities = drawEntities(config.demand, calibration, config.ev, config.solar, root.fork("entities"));
  const profilesGen = generateLoadProfiles(
    N,
    config.demand,
    calibration,
    temperature,
    solar.sun.altitudeDeg,
    root.fork("demand"),
  );
  const sessionsGen = generateEvSessions(genDays, config.ev, root.fork("ev"));

  // Padded window of every (class, group) profile.
  let pad = 0;
  for (const name of PROFILE_LOAD_CLASSES) pad = Math.max(pad, config.demand.classes[name].shiftMaxSteps);
  const stride = n + 2 * pad;
  const layout = profileSeriesLayout(config.demand);
  const profiles = new Float64Array(layout.count * stride);
  PROFILE_LOAD_CLASSES.forEach((name, ci) => {
    const groups = config.demand.classes[name].noiseGroups;
    const src = profilesGen[ci];
    for (let g = 0; g < groups; g++) {
      const dst = (layout.classFirst[ci] + g) * stride;
      for (let j = -pad; j < n + pad; j++) {
        const k = Math.min(N - 1, Math.max(0, s0 + j));
        profiles[dst + pad + j] = src[g * N + k];
      }
    }
  });
  for (let i = 0; i < entities.n; i++) {
    const c = entities.classId[i];
    if (c < PROFILE_CLASS_COUNT) {
      entities.profileOffset[i] =
        (layout.classFirst[c] + entities.noiseGroup[i]) * stride + pad + entities.shiftSteps[i];
    }
  }

  const { baseMwByClass, flexibleMwByClass } = classAggregates(config, entities, profiles, stride, pad, n);

  const sessions = sliceEvSessions(sessionsGen, s0, n);
  const evUncontrolledMw = uncontrolledEvMw(sessions, n);
  const totalBaseMw = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let d = evUncontrolledMw[t];
    for (let ci = 0; ci < PROFILE_CLASS_COUNT; ci++) d += baseMwByClass[ci][t];
    totalBaseMw[t] = d;
  }

  // PV: installed MWp per orientation, window series.
  const nOrient = solar.perUnitByOrientation.length;
  const mwpByOrientation = new Float64Array(nOrient);
  for (let i = 0; i < entities.n; i++) {
    const o = entities.pvOrientation[i];
    if (o >= 0) mwpByOrientation[o] += entities.pvMwp[i];
  }
  const perUnit = solar.perUnitByOrientation.map((s) => s.slice(s0, s0 + n));
  const rooftopPvMw = new Float64Array(n);
  const communityPvMw = new Float64Array(n);
  const pvMw = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let r = 0;
    for (let o = 0; o < nOrient - 1; o++) r += mwpByOrientation[o] * perUnit[o][t];
    const c = mwpByOrientation[nOrient - 1] * perUnit[nOrient - 1][t];
    rooftopPvMw[t] = r;
    communityPvMw[t] = c;
    pvMw[t] = r + c;
  }
  const windMw = wind.windMw.slice(s0, s0 + n);

  // Prices are generated over the whole generated range (so a window is a slice of the year); their
  // driver is the uncontrolled net demand, computed here from the generated-range aggregates.
  const netGen = netDemandOverRange(
    N,
    config,
    entities,
    profilesGen,
    sessionsGen,
    wind.windMw,
    solar.perUnitByOrientation,
    mwpByOrientation,
  );
  const pricesGen = generatePrices(N, config.prices, netGen, root.fork("prices"));
  const cut = <T extends Float64Array | Uint8Array>(a: T): T => a.slice(s0, s0 + n) as T;
  const prices: PriceSeries = {
    importUsdPerMwh: cut(pricesGen.importUsdPerMwh),
    exportUsdPerMwh: cut(pricesGen.exportUsdPerMwh),
    band: cut(pricesGen.band),
    drIncentiveUsdPerMwh: cut(pricesGen.drIncentiveUsdPerMwh),
    gridStress: cut(pricesGen.gridStress),
  };

  return {
    config,
    seed,
    time,
    weather: {
      windSpeedMs: cut(wind.windSpeedMs),
      temperatureC: cut(temperature),
      ghiWm2: cut(solar.ghiWm2),
      cloudState: cut(solar.cloudState),
      sunAltitudeDeg: cut(solar.sun.altitudeDeg),
      stormActive: cut(wind.stormActive),
    },
    renewables: {
      windMw,
      turbinesOnline: cut(wind.turbinesOnline),
      pvPerUnitByOrientation: perUnit,
      pvMwpByOrientation: mwpByOrientation,
      rooftopPvMw,
      communityPvMw,
      pvMw,
    },
    entities,
    demand: { profiles, stride, pad, baseMwByClass, flexibleMwByClass, evUncontrolledMw, totalBaseMw },
    ev: sessions,
    prices,
    calibration,
  };
}

/**
 * Per profile class, the base and flexible demand (MW) of its entities over `n` steps, through
 * (noise group, shift) weights: exact sums over the entities of meanPowerMw x profile (x flexible
 * share), without an entity x step loop. `profiles` is the padded layout of DemandSeries.
 */
export function classAggregates(
  config: CityConfig,
  entities: EntityTable,
  profiles: Float64Array,
  stride: number,
  pad: number,
  n: number,
): { baseMwByClass: Float64Array[]; flexibleMwByClass: Float64Array[] } {
  const layout = profileSeriesLayout(config.demand);
  const width = 2 * pad + 1;
  const baseMwByClass: Float64Array[] = [];
  const flexibleMwByClass: Float64Array[] = [];
  PROFILE_LOAD_CLASSES.forEach((name, ci) => {
    const groups = config.demand.classes[name].noiseGroups;
    const w = new Float64Array(groups * width);
    const wf = new Float64Array(groups * width);
    for (let i = entities.classStart[ci]; i < entities.classStart[ci + 1]; i++) {
      const slot = entities.noiseGroup[i] * width + entities.shiftSteps[i] + pad;
      w[slot] += entities.meanPowerMw[i];
      wf[slot] += entities.meanPowerMw[i] * entities.flexibleShare[i];
    }
    const base = new Float64Array(n);
    const flex = new Float64Array(n);
    for (let g = 0; g < groups; g++) {
      for (let d = -pad; d <= pad; d++) {
        const ww = w[g * width + d + pad];
        const wwf = wf[g * width + d + pad];
        if (ww === 0) continue;
        const off = (layout.classFirst[ci] + g) * stride + pad + d;
        for (let t = 0; t < n; t++) {
          const p = profiles[off + t];
          base[t] += ww * p;
          flex[t] += wwf * p;
        }
      }
    }
    baseMwByClass.push(base);
    flexibleMwByClass.push(flex);
  });
  return { baseMwByClass, flexibleMwByClass };
}

/** Uncontrolled net demand (MW) over the whole generated range: the price driver. */
function netDemandOverRange(
  N: number,
  config: CityConfig,
  entities: EntityTable,
  profilesGen: Float64Array[],
  sessions: EvSessions,
  windMw: Float64Array,
  perUnit: readonly Float64Array[],
  mwpByOrientation: Float64Array,
): Float64Array {
  const net = new Float64Array(N);
  // Shifts are ignored here (they move a class's load by at most an hour; the driver is smooth).
  PROFILE_LOAD_CLASSES.forEach((name, ci) => {
    const groups = config.demand.classes[name].noiseGroups;
    const w = new Float64Array(groups);
    for (let i = entities.classStart[ci]; i < entities.classStart[ci + 1]; i++)
      w[entities.noiseGroup[i]] += entities.meanPowerMw[i];
    const src = profilesGen[ci];
    for (let g = 0; g < groups; g++) {
      if (w[g] === 0) continue;
      for (let t = 0; t < N; t++) net[t] += w[g] * src[g * N + t];
    }
  });
  const ev = uncontrolledEvMw(sessions, N);
  for (let t = 0; t < N; t++) {
    let pv = 0;
    for (let o = 0; o < perUnit.length; o++) pv += mwpByOrientation[o] * perUnit[o][t];
    net[t] += ev[t] - windMw[t] - pv;
  }
  return net;
}

/** Total entity count of the scenario (all market participants). */
export function participantCount(sc: Scenario): number {
  return sc.entities.n;
}

/** Station index of an EV-station entity id. */
export function evStationOf(sc: Scenario, entityId: number): number {
  return entityId - sc.entities.classStart[CLASS_EV_STATION];
}
