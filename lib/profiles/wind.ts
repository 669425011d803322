import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import { approxNormalCdf } from "./normal";
import { type ResolvedStep, resolveStep, type SeriesStep } from "./step";

/**
 * Offshore wind farm: hub-height wind speed generator and the turbines' power curve.
 * Every number is an INPUT with its source (docs/adr/0100-city-modelling-choices.md); none is tuned
 * toward a paper result. The capacity factor is whatever these inputs give (reported by the bench
 * and the tests, checked only against a plausible range).
 */
export interface WindFarmConfig {
  /** 30 turbines x 5 MW = 150 MW (notes-000 §1.1, Section 3 "Offshore Wind Farm"). */
  readonly turbineCount: number;
  readonly turbineRatedMw: number;
  /** Hub height 120 m (notes-000 §1.1). */
  readonly hubHeightM: number;
  /** Power curve: cut-in 3, rated 12, cut-out 25 m/s (notes-000 §1.1); cubic between cut-in and rated. */
  readonly cutInMs: number;
  readonly ratedMs: number;
  readonly cutOutMs: number;
  /**
   * Cut-out hysteresis: a turbine stopped by high wind restarts only once its wind falls below
   * this "cut-back-in" speed. 20 m/s: the usual glossary value (cut-out ~55 mph, cut-back-in
   * ~45 mph = 20.1 m/s) for utility turbines. [choice; paper silent]
   */
  readonly cutBackInMs: number;
  /**
   * Weibull marginal of hourly wind speed measured at FINO1 (German Bight, 102 m, 2004-2009):
   * shape k = 2.26, scale A = 11.21 m/s, mean 9.93 m/s (Spangehl et al. 2023, Adv. Sci. Res. 20,
   * 109-128, Table 3, doi:10.5194/asr-20-109-2023).
   */
  readonly weibullShape: number;
  readonly weibullScaleMs: number;
  /** Height of the Weibull statistics (m); the scale is extrapolated to the hub height. */
  readonly referenceHeightM: number;
  /**
   * Power-law shear exponent at sea, near-neutral: 0.11 (Hsu, Meindl & Gilhousen 1994, J. Appl.
   * Meteor. 33, 757-765). 102 m -> 120 m raises the scale by 1.8 %.
   */
  readonly shearExponent: number;
  /**
   * Seasonal amplitude of the Weibull scale (+/- fraction, maximum in mid-January): the FINO1
   * Weibull scale has a clear annual cycle (Bilstein & Emeis 2010, DEWI Magazine 36, 42-46);
   * North Sea winter means exceed summer means by ~30-40 % (Coelingh, van Wijk & Holtslag 1996,
   * J. Wind Eng. Ind. Aerodyn. 61, 51-69). 0.15 -> winter/summer ratio 1.35. [choice within that]
   */
  readonly seasonalAmplitude: number;
  /** Day of year (0-based) of the seasonal maximum: 15 (mid-January). */
  readonly seasonalPeakDay: number;
  /**
   * Diurnal amplitude (+/- fraction) and hour of maximum. Diurnal cycles are weak at sea (Coelingh
   * et al. 1996); the paper says offshore wind "has strong generation output at night"
   * (notes-000 §1.1). 0.04 with a 03:00 maximum. [choice]
   */
  readonly diurnalAmplitude: number;
  readonly diurnalPeakHour: number;
  /**
   * Synoptic persistence: lag-1 autocorrelation of the normal-transformed hourly wind speed.
   * Hourly wind speed after a normalising transform is well described by a low-order AR process
   * with lag-1 autocorrelation ~0.95-0.97 (Brown, Katz & Murphy 1984, J. Clim. Appl. Meteor. 23,
   * 1184-1195). 0.97. [choice within that]
   */
  readonly synopticAr1PerHour: number;
  /**
   * Turbulence / sub-synoptic fluctuation of the 15-min mean: relative standard deviation and 15-min
   * lag-1 autocorrelation of a multiplicative AR(1). Offshore turbulence intensity is ~0.06 at
   * 10-15 m/s (Türk & Emeis 2010, J. Wind Eng. Ind. Aerodyn. 98, 466-471); 15-min means vary
   * less than 1-Hz speeds: 0.04 relative, 0.6 correlation. [choice] The correlation is per 15 minutes: at
   * another step the generator uses turbulenceAr1PerStep^(step minutes / 15).
   */
  readonly turbulenceRelSd: number;
  readonly turbulenceAr1PerStep: number;
  /**
   * Storm events ("Extreme weather events", notes-000 §1.1): Poisson arrivals, `stormsPerYear` on
   * average, seasonally modulated with `stormSeasonality` (+/- fraction, peak in mid-January);
   * duration exponential (mean `stormMeanDurationH`, at least 6 h); peak hub-height speed
   * 20 m/s + exponential(mean `stormPeakExcessMs`), capped at `stormMaxMs` (below the IEC 61400-1
   * class I 50-year reference speed of 50 m/s). Inside an event the speed is raised to
   * peak x sin^2(pi tau / D). [choice: ~8 named-storm-class events a year in the North Sea]
   */
  readonly stormsPerYear: number;
  readonly stormSeasonality: number;
  readonly stormMeanDurationH: number;
  readonly stormPeakExcessMs: number;
  readonly stormMaxMs: number;
  /**
   * Static per-turbine wind speed deviation (relative sd) from array position: turbines cut out at
   * slightly different times. [choice]
   */
  readonly turbineSpeedSpread: number;
  /**
   * Wake and electrical (array) losses: ~10 % is typical of large offshore arrays (Barthelmie et
   * al. 2009, Wind Energy 12, 431-444: Horns Rev wake losses ~10-20 %). [choice]
   */
  readonly arrayLossFraction: number;
  /**
   * Turbine outages: two-state Markov per turbine, mean time between failures and mean time to
   * repair (h); 950 h / 50 h -> 95 % availability, the UK offshore fleet's typical value
   * (Carroll, McDonald & McMillan 2016, Wind Energy 19, 1107-1119). [choice]
   */
  readonly mtbfH: number;
  readonly mttrH: number;
}

export const DEFAULT_WIND_FARM: WindFarmConfig = {
  turbineCount: 30,
  turbineRatedMw: 5,
  hubHeightM: 120,
  cutInMs: 3,
  ratedMs: 12,
  cutOutMs: 25,
  cutBackInMs: 20,
  weibullShape: 2.26,
  weibullScaleMs: 11.21,
  referenceHeightM: 102,
  shearExponent: 0.11,
  seasonalAmplitude: 0.15,
  seasonalPeakDay: 15,
  diurnalAmplitude: 0.04,
  diurnalPeakHour: 3,
  synopticAr1PerHour: 0.97,
  turbulenceRelSd: 0.04,
  turbulenceAr1PerStep: 0.6,
  stormsPerYear: 8,
  stormSeasonality: 0.8,
  stormMeanDurationH: 18,
  stormPeakExcessMs: 4,
  stormMaxMs: 38,
  turbineSpeedSpread: 0.02,
  arrayLossFraction: 0.1,
  mtbfH: 950,
  mttrH: 50,
};

export function validateWindFarm(c: WindFarmConfig, where = "city.wind"): void {
  const pos = (v: number, k: string) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new ConfigError(`must be > 0, got ${v}`, `${where}.${k}`);
  };
  pos(c.turbineCount, "turbineCount");
  pos(c.turbineRatedMw, "turbineRatedMw");
  pos(c.weibullShape, "weibullShape");
  pos(c.weibullScaleMs, "weibullScaleMs");
  pos(c.mtbfH, "mtbfH");
  pos(c.mttrH, "mttrH");
  if (!(c.cutInMs < c.ratedMs && c.ratedMs < c.cutOutMs)) {
    throw new ConfigError(
      `need cutIn < rated < cutOut, got ${c.cutInMs} / ${c.ratedMs} / ${c.cutOutMs} m/s`,
      `${where}.cutInMs`,
    );
  }
  if (!(c.cutBackInMs > c.ratedMs && c.cutBackInMs <= c.cutOutMs)) {
    throw new ConfigError(
      `must lie in (ratedMs, cutOutMs], got ${c.cutBackInMs}`,
      `${where}.cutBackInMs`,
      "the restart speed after a storm stop is below the cut-out speed",
    );
  }
  if (!(c.synopticAr1PerHour >= 0 && c.synopticAr1PerHour < 1))
    throw new ConfigError(`must be in [0, 1), got ${c.synopticAr1PerHour}`, `${where}.synopticAr1PerHour`);
  if (!(c.arrayLossFraction >= 0 && c.arrayLossFraction < 1))
    throw new ConfigError(`must be in [0, 1), got ${c.arrayLossFraction}`, `${where}.arrayLossFraction`);
}

/**
 * Static power curve (fraction of rated) of a RUNNING turbine at speed v: 0 below cut-in,
 * (v^3 - vin^3) / (vr^3 - vin^3) up to rated, 1 from rated up to cut-out, 0 at and above cut-out.
 * Whether a turbine runs between cut-back-in and cut-out depends on its history: see `TurbineState`.
 */
export function powerCurveFraction(v: number, c: WindFarmConfig = DEFAULT_WIND_FARM): number {
  if (!(v >= c.cutInMs) || v >= c.cutOutMs) return 0;
  if (v >= c.ratedMs) return 1;
  const vin3 = c.cutInMs ** 3;
  return (v * v * v - vin3) / (c.ratedMs ** 3 - vin3);
}

/**
 * Output (fraction of rated) of a turbine with cut-out hysteresis, for a sequence of 15-min mean
 * speeds: a running turbine stops when v >= cutOut; a stopped turbine restarts when v < cutBackIn.
 * `stopped` carries the state between calls (1 = stopped by high wind).
 */
export function hysteresisPowerFraction(
  v: number,
  stopped: Uint8Array,
  j: number,
  c: WindFarmConfig = DEFAULT_WIND_FARM,
): number {
  if (stopped[j] === 1) {
    if (v < c.cutBackInMs) stopped[j] = 0;
    else return 0;
  }
  if (v >= c.cutOutMs) {
    stopped[j] = 1;
    return 0;
  }
  return powerCurveFraction(v, c);
}

/** Weibull scale at hub height (power-law shear from the reference height). */
export function hubScaleMs(c: WindFarmConfig): number {
  return c.weibullScaleMs * (c.hubHeightM / c.referenceHeightM) ** c.shearExponent;
}

export interface WindSeries {
  /** Farm-mean hub-height 15-min wind speed (m/s). */
  readonly windSpeedMs: Float64Array;
  /** Available farm output after hysteresis, outages and array losses (MW), before any curtailment. */
  readonly windMw: Float64Array;
  /** Turbines producing (not stopped by storm, not on outage) per step. */
  readonly turbinesOnline: Float64Array;
  /** 1 while a storm event is under way. */
  readonly stormActive: Uint8Array;
}

/**
 * Generates `n` steps of `step` (default 15 min) from the start of a year (step 0 = 1 January 00:00).
 * Streams: `rng.fork(...)` per component, so adding a component never shifts another's numbers.
 * Rates and persistences are per hour (synoptic AR(1), outages, storm arrivals and durations) or per
 * 15 minutes (turbulence), converted to the step, so their hourly meaning is the same at any step.
 */
export function generateWind(n: number, c: WindFarmConfig, rng: Rng, step: SeriesStep = {}): WindSeries {
  validateWindFarm(c);
  const st = resolveStep(step, "generateWind.stepsPerDay");
  const { stepsPerDay, stepH } = st;
  const speed = new Float64Array(n);
  const power = new Float64Array(n);
  const online = new Float64Array(n);
  const storm = stormSpeeds(n, c, rng.fork("storms"), st);
  const stormActive = new Uint8Array(n);
  const rz = rng.fork("synoptic");
  const rt = rng.fork("turbulence");
  const phi = c.synopticAr1PerHour ** stepH;
  const innov = Math.sqrt(1 - phi * phi);
  const phiT =
    st.stepMinutes === 15 ? c.turbulenceAr1PerStep : c.turbulenceAr1PerStep ** (st.stepMinutes / 15);
  const innovT = c.turbulenceRelSd * Math.sqrt(1 - phiT * phiT);
  const scale = hubScaleMs(c);
  const invK = 1 / c.weibullShape;
  let z = rz.normal();
  let e = rt.normal(0, c.turbulenceRelSd);
  for (let t = 0; t < n; t++) {
    z = phi * z + innov * rz.normal();
    e = phiT * e + innovT * rt.normal();
    const day = Math.floor(t / stepsPerDay) % 365;
    const hour = (t % stepsPerDay) * stepH;
    const season = 1 + c.seasonalAmplitude * Math.cos((2 * Math.PI * (day - c.seasonalPeakDay)) / 365);
    const diurnal = 1 + c.diurnalAmplitude * Math.cos((2 * Math.PI * (hour - c.diurnalPeakHour)) / 24);
    const u = Math.min(1 - 1e-12, Math.max(1e-12, approxNormalCdf(z)));
    const base = scale * (-Math.log(1 - u)) ** invK * season * diurnal * Math.max(0, 1 + e);
    const s = storm[t];
    stormActive[t] = s > 0 ? 1 : 0;
    speed[t] = s > base ? s : base;
  }
  // Turbines: static speed factor, outage Markov chain, cut-out hysteresis.
  const rturb = rng.fork("turbines");
  const factor = new Float64Array(c.turbineCount);
  for (let j = 0; j < c.turbineCount; j++) factor[j] = 1 + c.turbineSpeedSpread * rturb.normal();
  const stopped = new Uint8Array(c.turbineCount);
  const down = new Uint8Array(c.turbineCount);
  const pFail = 1 - Math.exp(-stepH / c.mtbfH);
  const pRepair = 1 - Math.exp(-stepH / c.mttrH);
  const ro = rng.fork("outages");
  for (let j = 0; j < c.turbineCount; j++) down[j] = ro.bernoulli(c.mttrH / (c.mtbfH + c.mttrH)) ? 1 : 0;
  const netMw = c.turbineRatedMw * (1 - c.arrayLossFraction);
  for (let t = 0; t < n; t++) {
    let p = 0;
    let on = 0;
    for (let j = 0; j < c.turbineCount; j++) {
      const r = ro.next();
      if (down[j] === 1) {
        if (r < pRepair) down[j] = 0;
      } else if (r < pFail) down[j] = 1;
      const f = hysteresisPowerFraction(speed[t] * factor[j], stopped, j, c);
      if (down[j] === 0) {
        p += f;
        if (f > 0) on++;
      }
    }
    power[t] = p * netMw;
    online[t] = on;
  }
  return { windSpeedMs: speed, windMw: power, turbinesOnline: online, stormActive };
}

/** Storm speed envelope per step (0 outside events). */
function stormSpeeds(n: number, c: WindFarmConfig, rng: Rng, step: ResolvedStep): Float64Array {
  const { stepsPerDay, stepH } = step;
  const out = new Float64Array(n);
  if (c.stormsPerYear <= 0) return out;
  // Thinning: candidate arrivals at the maximum seasonal rate, kept with probability rate(t)/max.
  const maxRatePerStep = (c.stormsPerYear * (1 + c.stormSeasonality)) / (365 * stepsPerDay);
  let t = rng.exponential(maxRatePerStep);
  while (t < n) {
    const start = Math.floor(t);
    const day = Math.floor(start / stepsPerDay) % 365;
    const rate = 1 + c.stormSeasonality * Math.cos((2 * Math.PI * (day - c.seasonalPeakDay)) / 365);
    const keep = rng.next() < rate / (1 + c.stormSeasonality);
    const durH = Math.max(6, rng.exponential(1 / c.stormMeanDurationH));
    const peak = Math.min(c.stormMaxMs, 20 + rng.exponential(1 / c.stormPeakExcessMs));
    if (keep) {
      const steps = Math.round(durH / stepH);
      for (let k = 0; k < steps && start + k < n; k++) {
        const s = Math.sin((Math.PI * (k + 0.5)) / steps);
        const v = peak * s * s;
        if (v > out[start + k]) out[start + k] = v;
      }
    }
    t += rng.exponential(maxRatePerStep);
  }
  return out;
}
