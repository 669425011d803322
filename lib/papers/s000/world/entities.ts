import { ConfigError } from "../../../core/errors";
import type { Rng } from "../../../core/rng";
import { STEP_H, STEPS_PER_YEAR } from "../../../core/time";
import type { SolarConfig } from "../../../profiles/solar";
import type { DemandCalibration, DemandConfig } from "./demand";
import {
  CLASS_COMMUNITY_PV,
  CLASS_COUNT,
  CLASS_EV_STATION,
  CLASS_PROSUMER,
  PROFILE_CLASS_COUNT,
  PROFILE_LOAD_CLASSES,
} from "./entityClasses";
import type { EvConfig } from "./ev";

/**
 * Every market participant of the city as columns (row = entity id). Ids are contiguous per class
 * in ENTITY_CLASSES order. Loads of the five profile classes are
 *   load_i(t) [MW] = meanPowerMw[i] x profiles[profileOffset[i] + t]
 * with `profiles` the scenario's padded unit-mean (class, group) series; EV stations load from
 * their sessions; community PV plants have no load.
 */
export interface EntityTable {
  readonly n: number;
  /** First id of each class; classStart[CLASS_COUNT] = n. */
  readonly classStart: Int32Array;
  readonly classId: Int32Array;
  /** Mean load (MW) after calibration; 0 for EV stations and community plants. */
  readonly meanPowerMw: Float64Array;
  /** Noise group within the class and time shift (steps) of the entity's profile; 0 where unused. */
  readonly noiseGroup: Int32Array;
  readonly shiftSteps: Int32Array;
  /** Index of step 0 of the entity's profile in `DemandSeries.profiles`; -1 for non-profile classes. */
  readonly profileOffset: Int32Array;
  /** Flexible (shiftable/interruptible) share of the entity's load, in [0, 1]. */
  readonly flexibleShare: Float64Array;
  /** Installed PV (MWp): rooftop prosumers and community plants; 0 otherwise. */
  readonly pvMwp: Float64Array;
  /** PV orientation index into `SolarSeries.perUnitByOrientation`; -1 without PV. */
  readonly pvOrientation: Int32Array;
  /**
   * Static trading temperament in [0, 1): a seller with a higher value asks more, a buyer bids more.
   * Heterogeneity that a shared trading policy can read from its local observation. [choice]
   */
  readonly pricePreference: Float64Array;
}

/** Counts per class from the configs (EV stations and community plants included). */
export function classCounts(demand: DemandConfig, ev: EvConfig, solar: SolarConfig): Int32Array {
  const counts = new Int32Array(CLASS_COUNT);
  PROFILE_LOAD_CLASSES.forEach((name, ci) => {
    counts[ci] = demand.classes[name].count;
  });
  counts[CLASS_EV_STATION] = ev.stationCount;
  counts[CLASS_COMMUNITY_PV] = solar.communityCount;
  return counts;
}

/**
 * Draws the entity columns (sizes, shifts, groups, flexible shares, PV sizes and orientations,
 * price preferences). `profileOffset` is filled by the scenario builder, which knows the layout.
 */
export function drawEntities(
  demand: DemandConfig,
  calib: DemandCalibration,
  ev: EvConfig,
  solar: SolarConfig,
  rng: Rng,
): EntityTable {
  const counts = classCounts(demand, ev, solar);
  const classStart = new Int32Array(CLASS_COUNT + 1);
  for (let c = 0; c < CLASS_COUNT; c++) classStart[c + 1] = classStart[c] + counts[c];
  const n = classStart[CLASS_COUNT];
  const classId = new Int32Array(n);
  for (let c = 0; c < CLASS_COUNT; c++) classId.fill(c, classStart[c], classStart[c + 1]);
  const meanPowerMw = new Float64Array(n);
  const noiseGroup = new Int32Array(n);
  const shiftSteps = new Int32Array(n);
  const flexibleShare = new Float64Array(n);
  const pvMwp = new Float64Array(n);
  const pvOrientation = new Int32Array(n).fill(-1);
  const pricePreference = new Float64Array(n);
  PROFILE_LOAD_CLASSES.forEach((name, ci) => {
    const k = demand.classes[name];
    const r = rng.fork("class", name);
    const from = classStart[ci];
    const to = classStart[ci + 1];
    let s = 0;
    for (let i = from; i < to; i++) {
      meanPowerMw[i] = r.logNormal(0, k.sizeSigma);
      s += meanPowerMw[i];
    }
    // Exact class mean: the calibrated annual energy per entity, as mean power.
    const meanMw = (calib.energyScale * k.annualMwhPerEntity) / (STEPS_PER_YEAR * STEP_H);
    const f = s > 0 ? (meanMw * (to - from)) / s : 0;
    for (let i = from; i < to; i++) {
      meanPowerMw[i] *= f;
      noiseGroup[i] = r.int(k.noiseGroups);
      shiftSteps[i] = r.int(2 * k.shiftMaxSteps + 1) - k.shiftMaxSteps;
      flexibleShare[i] = r.uniform(k.flexibleShareRange[0], k.flexibleShareRange[1]);
    }
  });
  // Rooftop PV on a random subset of the prosumers, sizes log-normal rescaled to the exact total.
  const pros = classStart[CLASS_PROSUMER + 1] - classStart[CLASS_PROSUMER];
  if (solar.rooftopCount > pros) {
    throw new ConfigError(
      `${solar.rooftopCount} rooftop systems but only ${pros} prosumers`,
      "city.solar.rooftopCount",
      "every rooftop system belongs to one prosumer",
    );
  }
  const rp = rng.fork("rooftop");
  const ids = Int32Array.from({ length: pros }, (_, j) => classStart[CLASS_PROSUMER] + j);
  rp.shuffle(ids);
  const rooftopMwp = (solar.rooftopCount * solar.rooftopMeanKwp) / 1000;
  let sz = 0;
  const cumShare: number[] = [];
  solar.rooftopOrientations.reduce((a, o) => {
    cumShare.push(a + o.share);
    return a + o.share;
  }, 0);
  for (let j = 0; j < solar.rooftopCount; j++) {
    const i = ids[j];
    pvMwp[i] = Math.min(4, Math.max(0.25, rp.logNormal(0, solar.rooftopSizeSigma)));
    sz += pvMwp[i];
    const u = rp.next();
    let o = 0;
    while (o < cumShare.length - 1 && u >= cumShare[o]) o++;
    pvOrientation[i] = o;
  }
  for (let j = 0; j < solar.rooftopCount; j++) pvMwp[ids[j]] *= rooftopMwp / sz;
  const rc = rng.fork("community");
  const cFrom = classStart[CLASS_COMMUNITY_PV];
  const communityMwp = solar.totalMwp - rooftopMwp;
  let cs = 0;
  for (let i = cFrom; i < classStart[CLASS_COMMUNITY_PV + 1]; i++) {
    pvMwp[i] = rc.uniform(1 - solar.communitySizeSpread, 1 + solar.communitySizeSpread);
    cs += pvMwp[i];
    pvOrientation[i] = solar.rooftopOrientations.length;
  }
  for (let i = cFrom; i < classStart[CLASS_COMMUNITY_PV + 1]; i++) pvMwp[i] *= communityMwp / cs;
  const rpp = rng.fork("pricePreference");
  for (let i = 0; i < n; i++) pricePreference[i] = rpp.next();
  const profileOffset = new Int32Array(n).fill(-1);
  return {
    n,
    classStart,
    classId,
    meanPowerMw,
    noiseGroup,
    shiftSteps,
    profileOffset,
    flexibleShare,
    pvMwp,
    pvOrientation,
    pricePreference,
  };
}

/** Number of profile (class, group) series and the first series index of each class. */
export function profileSeriesLayout(demand: DemandConfig): { count: number; classFirst: Int32Array } {
  const classFirst = new Int32Array(PROFILE_CLASS_COUNT + 1);
  PROFILE_LOAD_CLASSES.forEach((name, ci) => {
    classFirst[ci + 1] = classFirst[ci] + demand.classes[name].noiseGroups;
  });
  return { count: classFirst[PROFILE_CLASS_COUNT], classFirst };
}
