import { ConfigError, requireInRange } from "../../../core/errors";
import { profileSeriesLayout } from "./entities";
import { PROFILE_CLASS_COUNT } from "./entityClasses";
import { classAggregates, type DemandSeries, type RenewableSeries, type Scenario } from "./scenario";

/**
 * A stress event on a scenario (seed 000, Fig. 8): over the window steps [fromStep, toStep) the
 * available wind, the PV and the demand of the profile classes are multiplied by constant factors.
 * Outside the window every series is the original's, bit for bit.
 */
export interface StressEvent {
  /** First step of the event (window step index, 0 = the scenario's first step). */
  readonly fromStep: number;
  /** One past the last step of the event (<= the scenario length). */
  readonly toStep: number;
  /** Multiplier of every PV series (per-unit by orientation, rooftop, community, total); default 1. */
  readonly pvFactor?: number;
  /** Multiplier of the available wind farm output; default 1. */
  readonly windFactor?: number;
  /** Multiplier of the demand of the profile classes (residential ... municipal); default 1. EV sessions are not scaled. */
  readonly demandFactor?: number;
  /**
   * Grid import limit (MW) for the whole horizon instead of the config's (null/undefined: unchanged).
   * Changes `scenario.config.grid`, so a controller trained per config sees another city.
   */
  readonly importLimitMw?: number | null;
}

/**
 * A new Scenario with `ev` applied (the input is not modified; unscaled series are shared, scaled
 * ones are copies).
 *
 * What is scaled, exactly:
 *  - renewables.windMw and every PV series (pvPerUnitByOrientation, rooftopPvMw, communityPvMw,
 *    pvMw): factor x original at every step inside the window;
 *  - demand.profiles: every (class, noise group) unit-mean profile at the window steps of the event
 *    (the env reads each entity's load from them while the P2P market is open);
 *  - demand.baseMwByClass / flexibleMwByClass / totalBaseMw (what the env reads while the market is
 *    closed, and what MPC, GA-EMS and the observations read) are RECOMPUTED from the scaled profiles
 *    with the same (group, shift) weights as lib/papers/s000/world/scenario.ts, so they stay exactly the sums over
 *    the env's entities.
 * Edge approximation: entity i reads its group's profile at step t + shiftSteps[i] (a per-entity
 * time shift of at most `demand.pad` steps, +-1 h by default), so the demand scaling of entity i
 * starts and ends up to `pad` steps early or late: inside [fromStep + pad, toStep - pad) every
 * demand aggregate is exactly demandFactor x original; in the `pad` steps at each edge it lies
 * between the original and the scaled value. Wind and PV have no such shift (exact at the edges).
 * Not changed: weather (the drivers), prices (generated from the unstressed net demand: a stress
 * event does not move the tariff), EV sessions, entities.
 */
export function withStress(sc: Scenario, ev: StressEvent): Scenario {
  const n = sc.time.length;
  const from = ev.fromStep;
  const to = ev.toStep;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > n || from >= to)
    throw new ConfigError(
      `needs integers 0 <= fromStep < toStep <= ${n}, got [${from}, ${to})`,
      "StressEvent.fromStep/toStep",
      "give the event's window in steps of the scenario",
    );
  const pvF = requireInRange(ev.pvFactor ?? 1, 0, 10, "StressEvent.pvFactor");
  const windF = requireInRange(ev.windFactor ?? 1, 0, 10, "StressEvent.windFactor");
  const demF = requireInRange(ev.demandFactor ?? 1, 0, 10, "StressEvent.demandFactor");
  let config = sc.config;
  if (ev.importLimitMw !== undefined && ev.importLimitMw !== null) {
    requireInRange(ev.importLimitMw, 0, 1e6, "StressEvent.importLimitMw");
    config = { ...config, grid: { ...config.grid, importLimitMw: ev.importLimitMw } };
  }
  const scaled = (a: Float64Array, f: number): Float64Array => {
    if (f === 1) return a;
    const b = a.slice();
    for (let t = from; t < to; t++) b[t] = a[t] * f;
    return b;
  };
  const r = sc.renewables;
  const renewables: RenewableSeries =
    pvF === 1 && windF === 1
      ? r
      : {
          ...r,
          windMw: scaled(r.windMw, windF),
          pvPerUnitByOrientation: r.pvPerUnitByOrientation.map((s) => scaled(s, pvF)),
          rooftopPvMw: scaled(r.rooftopPvMw, pvF),
          communityPvMw: scaled(r.communityPvMw, pvF),
          pvMw: scaled(r.pvMw, pvF),
        };
  const demand = demF === 1 ? sc.demand : scaledDemand(sc, from, to, demF);
  return { ...sc, config, renewables, demand };
}

/** The demand series with every profile scaled over window steps [from, to) and the aggregates recomputed. */
function scaledDemand(sc: Scenario, from: number, to: number, f: number): DemandSeries {
  const d = sc.demand;
  const { stride, pad } = d;
  const n = sc.time.length;
  const layout = profileSeriesLayout(sc.config.demand);
  const profiles = d.profiles.slice();
  for (let s = 0; s < layout.count; s++) {
    const o = s * stride + pad;
    for (let j = from; j < to; j++) profiles[o + j] = d.profiles[o + j] * f;
  }
  const { baseMwByClass, flexibleMwByClass } = classAggregates(
    sc.config,
    sc.entities,
    profiles,
    stride,
    pad,
    n,
  );
  const totalBaseMw = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = d.evUncontrolledMw[t];
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) s += baseMwByClass[c][t];
    totalBaseMw[t] = s;
  }
  return { ...d, profiles, baseMwByClass, flexibleMwByClass, totalBaseMw };
}
