import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import { daysInYear } from "../core/time";
import { resolveStep, type SeriesStep } from "./step";

/**
 * Urban PV: sun position (the `suncalc` package, Meeus-based), Haurwitz clear-sky irradiance, a
 * Markov cloud-cover process, Erbs diffuse split, isotropic transposition to the panel plane and a
 * NOCT cell-temperature derating. Output: per-unit power (MW per MWp) for each panel orientation.
 */
export interface PanelOrientation {
  readonly tiltDeg: number;
  /** Azimuth, degrees clockwise from north (180 = south), as suncalc reports the sun's. */
  readonly azimuthDeg: number;
  /** Share of the rooftop systems with this orientation (shares sum to 1). */
  readonly share: number;
}

export interface SolarConfig {
  /**
   * Site: Kingston upon Hull, UK (53.74 N, 0.33 W), a coastal city on the Humber estuary facing the
   * North Sea offshore wind zone (Hornsea). The paper names no location (notes-000 §1.1, "TMY data",
   * no site). Clock: UTC, no daylight saving.
   */
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
  /** Calendar year for the sun position; 2018 (1 January is a Monday, as `timeIndex` assumes). */
  readonly referenceYear: number;
  /** 85 MW urban PV (notes-000 §1.1) as 10,500 rooftop systems + 15 community plants. */
  readonly totalMwp: number;
  readonly rooftopCount: number;
  /**
   * Mean rooftop system size (kWp): 4, the typical UK domestic installation (MCS installation
   * data: median ~3.5-4 kWp). 10,500 x 4 kWp = 42 MWp rooftop; the other 43 MWp are the 15
   * community plants (~2.9 MWp each). [choice; the split is unspecified, notes-000 §1.1]
   */
  readonly rooftopMeanKwp: number;
  /** Log-normal spread (sigma of ln) of rooftop sizes; sizes are rescaled to the exact total. [choice] */
  readonly rooftopSizeSigma: number;
  readonly communityCount: number;
  /** Community plant sizes: uniform in [min, max] x mean, rescaled to the exact total. [choice] */
  readonly communitySizeSpread: number;
  /** Rooftop orientation classes (UK roofs: pitch ~35 deg, S/SE/SW/E/W). [choice] */
  readonly rooftopOrientations: readonly PanelOrientation[];
  /** Community plants: ground-mounted, 30 deg, due south. [choice] */
  readonly communityTiltDeg: number;
  readonly communityAzimuthDeg: number;
  /**
   * Panel efficiency 22 % (notes-000 §1.1). It sets the module area per MWp (1 MWp / (0.22 x
   * 1 kW/m2) = 4,545 m2); output per MWp follows from irradiance at standard test conditions.
   */
  readonly panelEfficiency: number;
  /** Inverter efficiency 97 % (notes-000 §1.1). */
  readonly inverterEfficiency: number;
  /**
   * DC system losses (soiling, wiring, mismatch, light-induced degradation, availability): 14 %,
   * PVWatts' default (Dobos 2014, NREL/TP-6A20-62641), excluding the inverter.
   */
  readonly systemLossFraction: number;
  /** Power temperature coefficient: -0.35 %/K, typical of 22 %-efficient mono-Si modules' data sheets. */
  readonly tempCoeffPerK: number;
  /** Nominal operating cell temperature (C): 45, NOCT model T_cell = T_air + (NOCT - 20) / 800 x G. */
  readonly noctC: number;
  /** Ground albedo 0.2 (the usual default for urban/grass surroundings). */
  readonly albedo: number;
  /**
   * Cloud cover: hourly Markov chain over 3 states (clear, broken, overcast) with clear-sky indices
   * and transition matrix; stationary shares 0.28 / 0.29 / 0.43, so about a third of daylight hours
   * are clear, as UK sunshine duration (~1,500 h of ~4,450 daylight hours a year on the Humber
   * coast; Met Office averages). Broken-cloud steps jitter by `brokenJitterSd`. [choice]
   */
  readonly clearSkyIndex: readonly [number, number, number];
  readonly cloudTransitionPerHour: readonly (readonly [number, number, number])[];
  readonly brokenJitterSd: number;
}

export const DEFAULT_SOLAR: SolarConfig = {
  latitudeDeg: 53.74,
  longitudeDeg: -0.33,
  referenceYear: 2018,
  totalMwp: 85,
  rooftopCount: 10_500,
  rooftopMeanKwp: 4,
  rooftopSizeSigma: 0.35,
  communityCount: 15,
  communitySizeSpread: 0.5,
  rooftopOrientations: [
    { tiltDeg: 35, azimuthDeg: 180, share: 0.4 },
    { tiltDeg: 35, azimuthDeg: 135, share: 0.2 },
    { tiltDeg: 35, azimuthDeg: 225, share: 0.2 },
    { tiltDeg: 35, azimuthDeg: 90, share: 0.1 },
    { tiltDeg: 35, azimuthDeg: 270, share: 0.1 },
  ],
  communityTiltDeg: 30,
  communityAzimuthDeg: 180,
  panelEfficiency: 0.22,
  inverterEfficiency: 0.97,
  systemLossFraction: 0.14,
  tempCoeffPerK: -0.0035,
  noctC: 45,
  albedo: 0.2,
  clearSkyIndex: [0.98, 0.62, 0.28],
  cloudTransitionPerHour: [
    [0.86, 0.11, 0.03],
    [0.09, 0.76, 0.15],
    [0.03, 0.09, 0.88],
  ],
  brokenJitterSd: 0.15,
};

export function validateSolar(c: SolarConfig, where = "city.solar"): void {
  if (!(Math.abs(c.latitudeDeg) <= 90)) throw new ConfigError(`must be in [-90, 90]`, `${where}.latitudeDeg`);
  const shares = c.rooftopOrientations.reduce((s, o) => s + o.share, 0);
  if (Math.abs(shares - 1) > 1e-9) {
    throw new ConfigError(`shares sum to ${shares}, not 1`, `${where}.rooftopOrientations`);
  }
  const rooftopMwp = (c.rooftopCount * c.rooftopMeanKwp) / 1000;
  if (!(rooftopMwp < c.totalMwp)) {
    throw new ConfigError(
      `rooftop capacity ${rooftopMwp} MWp leaves nothing for the community plants of ${c.totalMwp} MWp`,
      `${where}.rooftopMeanKwp`,
    );
  }
  c.cloudTransitionPerHour.forEach((row, i) => {
    const s = row[0] + row[1] + row[2];
    if (Math.abs(s - 1) > 1e-9 || row.some((p) => p < 0)) {
      throw new ConfigError(
        `row must be probabilities summing to 1, got ${row}`,
        `${where}.cloudTransitionPerHour[${i}]`,
      );
    }
  });
  for (const [k, v] of [
    ["panelEfficiency", c.panelEfficiency],
    ["inverterEfficiency", c.inverterEfficiency],
  ] as const) {
    if (!(v > 0 && v <= 1)) throw new ConfigError(`must be in (0, 1], got ${v}`, `${where}.${k}`);
  }
}

/** Module area (m2) of `mwp` MWp at the configured panel efficiency (STC 1 kW/m2). */
export function moduleAreaM2(mwp: number, c: SolarConfig = DEFAULT_SOLAR): number {
  return (mwp * 1000) / c.panelEfficiency;
}

/**
 * suncalc 2.x is an ES module with a CommonJS build (its package "exports" map `require` to
 * suncalc.cjs); its type declarations are ES-module only, hence the typed require. Version 2
 * returns DEGREES: apparent (refraction-corrected) altitude and azimuth clockwise from north.
 */
const SunCalc = require("suncalc") as {
  getPosition(date: Date, latitude: number, longitude: number): { altitude: number; azimuth: number };
};

/** Solar constant (W/m2): Kopp & Lean 2011, Geophys. Res. Lett. 38, L01706. */
const SOLAR_CONSTANT_WM2 = 1361;

/** Haurwitz (1945) clear-sky GHI (W/m2) from cos(zenith); ranked well among simple models by Reno, Hansen & Stein (2012, SAND2012-2389). */
export function haurwitzGhi(cosZ: number): number {
  return cosZ > 0 ? 1098 * cosZ * Math.exp(-0.057 / cosZ) : 0;
}

/** Erbs, Klein & Duffie (1982, Solar Energy 28, 293-302) diffuse fraction from the clearness index. */
export function erbsDiffuseFraction(kt: number): number {
  if (kt <= 0.22) return 1 - 0.09 * kt;
  if (kt <= 0.8) return 0.9511 - 0.1604 * kt + 4.388 * kt ** 2 - 16.638 * kt ** 3 + 12.336 * kt ** 4;
  return 0.165;
}

export interface SunPosition {
  /** Apparent altitude (degrees) and azimuth (degrees clockwise from north) at each step's midpoint. */
  readonly altitudeDeg: Float64Array;
  readonly azimuthDeg: Float64Array;
}

/**
 * Sun position at the middle of each step (default 15 min) from 1 January 00:00 UTC of the reference
 * year. Past the reference year's last day (365 or 366 days) the geometry repeats from 1 January.
 */
export function sunPositions(n: number, c: SolarConfig, step: SeriesStep = {}): SunPosition {
  const { stepsPerDay, stepH } = resolveStep(step, "sunPositions.stepsPerDay");
  const alt = new Float64Array(n);
  const az = new Float64Array(n);
  const t0 = Date.UTC(c.referenceYear, 0, 1);
  const stepMs = stepH * 3600 * 1000;
  const yearSteps = daysInYear(c.referenceYear) * stepsPerDay;
  for (let t = 0; t < n; t++) {
    // Multi-year horizons repeat the reference year's geometry.
    const tt = t % yearSteps;
    const p = SunCalc.getPosition(new Date(t0 + (tt + 0.5) * stepMs), c.latitudeDeg, c.longitudeDeg);
    alt[t] = p.altitude;
    az[t] = p.azimuth;
  }
  return { altitudeDeg: alt, azimuthDeg: az };
}

export interface SolarSeries {
  readonly sun: SunPosition;
  /** Global horizontal irradiance (W/m2) and the cloud state (0 clear, 1 broken, 2 overcast). */
  readonly ghiWm2: Float64Array;
  readonly cloudState: Uint8Array;
  /** Per-unit AC output (MW per MWp) for each orientation: rooftop classes in config order, then community. */
  readonly perUnitByOrientation: readonly Float64Array[];
}

/**
 * `n` steps (default 15 min) of irradiance and per-unit PV output from 1 January 00:00 UTC. The hourly
 * cloud chain moves once at the start of every hour: every 4th step at 15 min, every step hourly, k times
 * per step at k-hour steps.
 */
export function generateSolar(
  n: number,
  c: SolarConfig,
  temperatureC: Float64Array,
  rng: Rng,
  step: SeriesStep = {},
): SolarSeries {
  validateSolar(c);
  const { stepsPerDay, stepMinutes } = resolveStep(step, "generateSolar.stepsPerDay");
  const yearDays = daysInYear(c.referenceYear);
  const sun = sunPositions(n, c, { stepsPerDay });
  const ghi = new Float64Array(n);
  const cloud = new Uint8Array(n);
  const dhi = new Float64Array(n);
  const dni = new Float64Array(n);
  const rc = rng.fork("cloud");
  const rj = rng.fork("jitter");
  const P = c.cloudTransitionPerHour;
  let state = 1;
  const deg = Math.PI / 180;
  for (let t = 0; t < n; t++) {
    // Hour starts in [t, t + 1) steps: ceil((t + 1) m / 60) - ceil(t m / 60), integer arithmetic.
    const hours = Math.floor(((t + 1) * stepMinutes + 59) / 60) - Math.floor((t * stepMinutes + 59) / 60);
    for (let k = 0; k < hours; k++) {
      const r = rc.next();
      const row = P[state];
      state = r < row[0] ? 0 : r < row[0] + row[1] ? 1 : 2;
    }
    cloud[t] = state;
    const jitter = state === 1 ? rj.normal(0, c.brokenJitterSd) : 0;
    const cosZ = Math.sin(sun.altitudeDeg[t] * deg);
    if (cosZ <= 0) continue;
    const csi = Math.min(1.15, Math.max(0.05, c.clearSkyIndex[state] * (1 + jitter)));
    const g = haurwitzGhi(cosZ) * csi;
    const day = Math.floor(t / stepsPerDay) % yearDays;
    const etrH = SOLAR_CONSTANT_WM2 * (1 + 0.033 * Math.cos((2 * Math.PI * day) / yearDays)) * cosZ;
    const kt = Math.min(1, g / etrH);
    const fd = erbsDiffuseFraction(kt);
    ghi[t] = g;
    // Near the horizon the beam/diffuse split is unreliable: treat all as diffuse below 3.7 deg.
    if (cosZ > 0.065) {
      dhi[t] = fd * g;
      dni[t] = (g - dhi[t]) / cosZ;
    } else dhi[t] = g;
  }
  const orientations: PanelOrientation[] = [
    ...c.rooftopOrientations,
    { tiltDeg: c.communityTiltDeg, azimuthDeg: c.communityAzimuthDeg, share: 0 },
  ];
  const dcToAc = (1 - c.systemLossFraction) * c.inverterEfficiency;
  const perUnit = orientations.map((o) => {
    const out = new Float64Array(n);
    const cb = Math.cos(o.tiltDeg * deg);
    const sb = Math.sin(o.tiltDeg * deg);
    for (let t = 0; t < n; t++) {
      const g = ghi[t];
      if (g <= 0) continue;
      const alt = sun.altitudeDeg[t] * deg;
      const cosZ = Math.sin(alt);
      const sinZ = Math.cos(alt);
      const cosAoi = cosZ * cb + sinZ * sb * Math.cos((sun.azimuthDeg[t] - o.azimuthDeg) * deg);
      const poa = dni[t] * Math.max(0, cosAoi) + (dhi[t] * (1 + cb)) / 2 + (g * c.albedo * (1 - cb)) / 2;
      const cellC = temperatureC[t] + ((c.noctC - 20) / 800) * poa;
      out[t] = Math.max(0, (poa / 1000) * (1 + c.tempCoeffPerK * (cellC - 25)) * dcToAc);
    }
    return out;
  });
  return { sun, ghiWm2: ghi, cloudState: cloud, perUnitByOrientation: perUnit };
}

/** Stationary distribution of a 3-state Markov chain (power iteration). */
export function cloudStationaryShares(P: SolarConfig["cloudTransitionPerHour"]): [number, number, number] {
  let p: [number, number, number] = [1 / 3, 1 / 3, 1 / 3];
  for (let k = 0; k < 10_000; k++) {
    p = [
      p[0] * P[0][0] + p[1] * P[1][0] + p[2] * P[2][0],
      p[0] * P[0][1] + p[1] * P[1][1] + p[2] * P[2][1],
      p[0] * P[0][2] + p[1] * P[1][2] + p[2] * P[2][2],
    ];
  }
  return p;
}
