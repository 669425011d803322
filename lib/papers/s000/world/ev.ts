import { ConfigError } from "../../../core/errors";
import type { Rng } from "../../../core/rng";
import { STEP_H, STEPS_PER_DAY } from "../../../core/time";

/**
 * EV charging stations: charging sessions (arrival, departure, energy, power limit) per station,
 * drawn from time-of-day arrival densities with a limited number of charge points per station.
 * The env decides how each session is charged within its constraints (flexible charging).
 */
export interface EvStationType {
  readonly name: string;
  /** Share of the 300 stations of this type. [choice] */
  readonly share: number;
  /** Charge points per station; an arrival finding all points busy leaves (session lost). */
  readonly points: number;
  /** Point rating (kW) and the vehicle's acceptance limit (kW); a session charges at most min of both. */
  readonly pointPowerKw: number;
  readonly vehicleMaxKw: number;
  /** Mean sessions per point per day (Poisson), weekday and weekend. */
  readonly sessionsPerPointWeekday: number;
  readonly sessionsPerPointWeekend: number;
  /** Session energy: log-normal with this mean (kWh) and sigma of ln. */
  readonly energyMeanKwh: number;
  readonly energySigma: number;
  /** Connection (dwell) time: log-normal with this mean (h) and sigma of ln. */
  readonly dwellMeanH: number;
  readonly dwellSigma: number;
  /** Relative arrival density per hour of day (24 values), weekday and weekend. */
  readonly arrivalWeekday: readonly number[];
  readonly arrivalWeekend: readonly number[];
}

export interface EvConfig {
  /** 300 EV charging stations (notes-000 §1.1). */
  readonly stationCount: number;
  readonly types: readonly EvStationType[];
}

/**
 * Public AC stations: EVnetNL's public network (2015) saw weekday sessions start around 08:51 and end
 * around 17:12, weekend starts around 13:45, 8.4 kWh per session on average (EVnetNL yearly
 * statistics 2015, reported by Nederland Elektrisch). We keep those times, take 10 kWh (larger
 * batteries since) and a 6 h mean dwell (workplace and overnight stays mixed), 4 points x 22 kW per
 * station with 11 kW on-board chargers, 1.5 sessions per point per weekday. DC fast-charging hubs:
 * 2 x 150 kW points, 100 kW vehicle acceptance, 25 kWh in ~45 min, 8 sessions per point per day.
 * [choice: the paper gives no EV data, notes-000 §1.1]
 */
export const DEFAULT_EV: EvConfig = {
  stationCount: 300,
  types: [
    {
      name: "publicAc",
      share: 0.8,
      points: 4,
      pointPowerKw: 22,
      vehicleMaxKw: 11,
      sessionsPerPointWeekday: 1.5,
      sessionsPerPointWeekend: 1.2,
      energyMeanKwh: 10,
      energySigma: 0.6,
      dwellMeanH: 6,
      dwellSigma: 0.7,
      // Morning (workplace) peak at 08-09, evening (residential) peak at 17-19.
      arrivalWeekday: [
        1, 0.5, 0.3, 0.3, 0.3, 0.6, 2, 5, 9, 7, 4, 3, 3, 3, 3, 3.5, 4.5, 6, 6, 4.5, 3, 2.2, 1.6, 1.2,
      ],
      arrivalWeekend: [
        1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.5, 3.5, 4.5, 5.5, 6, 6.5, 6, 5.5, 5, 5, 4.5, 3.5, 2.5, 2, 1.5,
        1.2,
      ],
    },
    {
      name: "dcFast",
      share: 0.2,
      points: 2,
      pointPowerKw: 150,
      vehicleMaxKw: 100,
      sessionsPerPointWeekday: 8,
      sessionsPerPointWeekend: 7,
      energyMeanKwh: 25,
      energySigma: 0.4,
      dwellMeanH: 0.75,
      dwellSigma: 0.4,
      arrivalWeekday: [
        0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.5, 3, 4, 4, 4.5, 5, 5.5, 5, 4.5, 5, 6, 6.5, 6, 5, 4, 3, 2, 1,
      ],
      arrivalWeekend: [
        0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 0.8, 1.5, 3, 4.5, 5.5, 6, 6, 6, 6, 6, 6, 5.5, 5, 4, 3, 2.5, 1.5, 1,
      ],
    },
  ],
};

/** Sessions as columns, sorted by arrival step. Steps are relative to the series' first step. */
export interface EvSessions {
  readonly n: number;
  readonly station: Int32Array;
  readonly arrivalStep: Int32Array;
  /** First step the vehicle is gone (exclusive end). */
  readonly departureStep: Int32Array;
  readonly energyMwh: Float64Array;
  readonly maxPowerMw: Float64Array;
  /** Sessions lost because every point of the station was busy. */
  readonly rejected: number;
}

export function validateEv(c: EvConfig, where = "city.ev"): void {
  if (!Number.isInteger(c.stationCount) || c.stationCount < 0)
    throw new ConfigError(`must be a non-negative integer, got ${c.stationCount}`, `${where}.stationCount`);
  const s = c.types.reduce((a, t) => a + t.share, 0);
  if (c.types.length === 0 || Math.abs(s - 1) > 1e-9)
    throw new ConfigError(`type shares sum to ${s}, not 1`, `${where}.types`);
  c.types.forEach((t, i) => {
    if (t.arrivalWeekday.length !== 24 || t.arrivalWeekend.length !== 24)
      throw new ConfigError("needs 24 hourly weights", `${where}.types[${i}].arrivalWeekday/arrivalWeekend`);
    if (
      !(t.points >= 1 && t.pointPowerKw > 0 && t.vehicleMaxKw > 0 && t.energyMeanKwh > 0 && t.dwellMeanH > 0)
    )
      throw new ConfigError("points, powers, energy and dwell must be positive", `${where}.types[${i}]`);
  });
}

/** Station type index of each station: the first share x count stations are type 0, and so on. */
export function stationTypes(c: EvConfig): Int32Array {
  const out = new Int32Array(c.stationCount);
  let s = 0;
  let acc = 0;
  c.types.forEach((t, k) => {
    acc += t.share;
    const end = k === c.types.length - 1 ? c.stationCount : Math.round(acc * c.stationCount);
    for (; s < end; s++) out[s] = k;
  });
  return out;
}

/** Session power limit (MW) of a type. */
function sessionMaxMw(t: EvStationType): number {
  return Math.min(t.pointPowerKw, t.vehicleMaxKw) / 1000;
}

/**
 * Sessions of `days` days from day 0 (a Monday; weekday = day % 7 < 5). One keyed stream per
 * station, so a station's sessions do not depend on the others.
 */
export function generateEvSessions(days: number, c: EvConfig, rng: Rng): EvSessions {
  validateEv(c);
  const types = stationTypes(c);
  const station: number[] = [];
  const arrival: number[] = [];
  const departure: number[] = [];
  const energy: number[] = [];
  const power: number[] = [];
  let rejected = 0;
  for (let s = 0; s < c.stationCount; s++) {
    const ty = c.types[types[s]];
    const r = rng.fork("station", s);
    const busyUntil = new Int32Array(ty.points);
    const pMax = sessionMaxMw(ty);
    const cdfWd = cumulative(ty.arrivalWeekday);
    const cdfWe = cumulative(ty.arrivalWeekend);
    const muE = Math.log(ty.energyMeanKwh) - (ty.energySigma * ty.energySigma) / 2;
    const muD = Math.log(ty.dwellMeanH) - (ty.dwellSigma * ty.dwellSigma) / 2;
    for (let d = 0; d < days; d++) {
      const weekend = d % 7 >= 5;
      const rate = ty.points * (weekend ? ty.sessionsPerPointWeekend : ty.sessionsPerPointWeekday);
      const k = r.poisson(rate);
      const times: number[] = [];
      for (let i = 0; i < k; i++) times.push(sampleHour(weekend ? cdfWe : cdfWd, r.next()) + r.next());
      times.sort((a, b) => a - b);
      for (const h of times) {
        const a = d * STEPS_PER_DAY + Math.min(STEPS_PER_DAY - 1, Math.floor(h / STEP_H));
        const dwellH = Math.max(STEP_H, r.logNormal(muD, ty.dwellSigma));
        const dep = a + Math.max(1, Math.ceil(dwellH / STEP_H));
        // Feasible by construction: at most 95 % of what the dwell allows at full power.
        const e = Math.min(r.logNormal(muE, ty.energySigma) / 1000, 0.95 * pMax * (dep - a) * STEP_H);
        let free = -1;
        for (let p = 0; p < ty.points; p++) if (busyUntil[p] <= a && free < 0) free = p;
        if (free < 0) {
          rejected++;
          continue;
        }
        busyUntil[free] = dep;
        station.push(s);
        arrival.push(a);
        departure.push(dep);
        energy.push(e);
        power.push(pMax);
      }
    }
  }
  // Sort all sessions by arrival (stable on station order).
  const order = arrival.map((_, i) => i).sort((i, j) => arrival[i] - arrival[j] || i - j);
  return {
    n: order.length,
    station: Int32Array.from(order, (i) => station[i]),
    arrivalStep: Int32Array.from(order, (i) => arrival[i]),
    departureStep: Int32Array.from(order, (i) => departure[i]),
    energyMwh: Float64Array.from(order, (i) => energy[i]),
    maxPowerMw: Float64Array.from(order, (i) => power[i]),
    rejected,
  };
}

/** The sessions arriving in [from, from + n), re-indexed to start at step 0 (sessions already plugged in at `from` are dropped). */
export function sliceEvSessions(s: EvSessions, from: number, n: number): EvSessions {
  // Sessions under way at the window start are kept from step 0 with the energy still missing
  // after uncontrolled charging up to the start, so a window's uncontrolled EV load is exactly the
  // same steps of the year's (a window is a slice of the year, as every other series).
  const keep: number[] = [];
  const energy: number[] = [];
  for (let i = 0; i < s.n; i++) {
    const a = s.arrivalStep[i];
    if (a >= from && a < from + n) {
      keep.push(i);
      energy.push(s.energyMwh[i]);
    } else if (a < from && s.departureStep[i] > from) {
      let rem = s.energyMwh[i];
      const pE = s.maxPowerMw[i] * STEP_H;
      for (let t = a; t < from && rem > 0; t++) rem -= Math.min(rem, pE);
      if (rem > 0) {
        keep.push(i);
        energy.push(rem);
      }
    }
  }
  return {
    n: keep.length,
    station: Int32Array.from(keep, (i) => s.station[i]),
    arrivalStep: Int32Array.from(keep, (i) => Math.max(0, s.arrivalStep[i] - from)),
    departureStep: Int32Array.from(keep, (i) => s.departureStep[i] - from),
    energyMwh: Float64Array.from(energy),
    maxPowerMw: Float64Array.from(keep, (i) => s.maxPowerMw[i]),
    rejected: s.rejected,
  };
}

/**
 * Uncontrolled ("as soon as possible") charging power per step (MW) summed over stations: each
 * session charges at its power limit from arrival until its energy is delivered.
 */
export function uncontrolledEvMw(s: EvSessions, n: number): Float64Array {
  const total = new Float64Array(n);
  for (let i = 0; i < s.n; i++) {
    let rem = s.energyMwh[i];
    const pE = s.maxPowerMw[i] * STEP_H;
    for (let t = s.arrivalStep[i]; t < s.departureStep[i] && rem > 0 && t < n; t++) {
      const e = Math.min(rem, pE);
      if (t >= 0) total[t] += e / STEP_H;
      rem -= e;
    }
  }
  return total;
}

/**
 * Expected uncontrolled EV power (MW) over one weekday and one weekend day (96 steps each),
 * ignoring point blocking: arrivals per step x mean energy spread over the mean charging time.
 * Used by the demand calibration, which must not depend on the seed.
 */
export function expectedEvDayMw(c: EvConfig): { weekday: Float64Array; weekend: Float64Array } {
  validateEv(c);
  const types = stationTypes(c);
  const count = new Float64Array(c.types.length);
  for (let s = 0; s < types.length; s++) count[types[s]]++;
  const out = { weekday: new Float64Array(STEPS_PER_DAY), weekend: new Float64Array(STEPS_PER_DAY) };
  for (const weekend of [false, true]) {
    const day = weekend ? out.weekend : out.weekday;
    c.types.forEach((ty, k) => {
      const w = weekend ? ty.arrivalWeekend : ty.arrivalWeekday;
      const wSum = w.reduce((a, b) => a + b, 0);
      const perDay =
        count[k] * ty.points * (weekend ? ty.sessionsPerPointWeekend : ty.sessionsPerPointWeekday);
      const pMax = sessionMaxMw(ty);
      const d = Math.max(1, Math.ceil(ty.energyMeanKwh / 1000 / (pMax * STEP_H)));
      const mwPerArrival = ty.energyMeanKwh / 1000 / (d * STEP_H);
      for (let a = 0; a < STEPS_PER_DAY; a++) {
        const arrivals = (perDay * w[Math.floor(a / 4)]) / wSum / 4;
        for (let j = 0; j < d; j++) day[(a + j) % STEPS_PER_DAY] += arrivals * mwPerArrival;
      }
    });
  }
  return out;
}

function cumulative(w: readonly number[]): Float64Array {
  const c = new Float64Array(w.length);
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    s += w[i];
    c[i] = s;
  }
  for (let i = 0; i < w.length; i++) c[i] /= s;
  return c;
}

function sampleHour(cdf: Float64Array, u: number): number {
  let h = 0;
  while (h < cdf.length - 1 && u > cdf[h]) h++;
  return h;
}
