import { createRng } from "../core/rng";
import { dayOfWeek, dayOfYear, hourOfDay, STEP_H, type TimeIndex, timeIndex } from "../core/time";

/**
 * The Figure 4(a) slice's minimal city scenario (foundation issue): seeded 15-min aggregate wind, PV and
 * demand with the seed-000 capacities. The full entity-level city (its own issue) extends this.
 * Every number below is an INPUT with its source; none is tuned toward a paper result.
 */
export interface SliceCityConfig {
  /** 30 x 5 MW offshore turbines (seed 000 §3). */
  readonly windCapacityMw: number;
  /** Power curve: cut-in 3, rated 12, cut-out 25 m/s (seed 000 §3); cubic between cut-in and rated. */
  readonly cutInMs: number;
  readonly ratedMs: number;
  readonly cutOutMs: number;
  /**
   * Hub-height (120 m) wind speed Weibull marginal: shape 2.2, scale 10.6 m/s, mean ~9.4 m/s, in the
   * range reported for the southern/central North Sea at 100-120 m (e.g. FINO1 mast statistics,
   * ~9.5-10 m/s at 100 m; Weibull k 2.0-2.3).
   */
  readonly weibullShape: number;
  readonly weibullScaleMs: number;
  /** Hourly lag-1 autocorrelation of the underlying Gaussian process (synoptic persistence ~0.97/h). */
  readonly windAr1PerHour: number;
  /** Seasonal amplitude of the Weibull scale (winter stronger), +/- fraction. */
  readonly windSeasonalAmplitude: number;
  /** Wake and electrical losses (typical 8-12 % for offshore arrays). */
  readonly windLossFraction: number;
  /** Urban PV 85 MW (seed 000 §3); inverter 97 % (seed 000 §3); temperature coefficient -0.4 %/K. */
  readonly pvCapacityMw: number;
  readonly inverterEfficiency: number;
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
  /** Mean city demand (MW): > 950 GWh/yr stated by seed 000 => 950,000 / 8760 = 108.4 MW; we use 110. */
  readonly meanDemandMw: number;
}

export const DEFAULT_SLICE_CITY: SliceCityConfig = {
  windCapacityMw: 150,
  cutInMs: 3,
  ratedMs: 12,
  cutOutMs: 25,
  weibullShape: 2.2,
  weibullScaleMs: 10.6,
  windAr1PerHour: 0.97,
  windSeasonalAmplitude: 0.15,
  windLossFraction: 0.1,
  pvCapacityMw: 85,
  inverterEfficiency: 0.97,
  // A coastal North Sea city (the paper names none): Kingston upon Hull, UK.
  latitudeDeg: 53.74,
  longitudeDeg: -0.33,
  meanDemandMw: 110,
};

export interface SliceScenario {
  readonly time: TimeIndex;
  readonly windSpeedMs: Float64Array;
  readonly windMw: Float64Array;
  readonly pvMw: Float64Array;
  readonly demandMw: Float64Array;
  /** Retail import price (USD/MWh) in the paper's bands: off-peak 35-60, normal 60-120, peak 120-180. */
  readonly importPriceUsdPerMwh: Float64Array;
  readonly exportPriceUsdPerMwh: Float64Array;
}

/** Turbine power (fraction of rated) at wind speed v: cubic from cut-in to rated, zero past cut-out. */
export function turbinePowerFraction(v: number, c: SliceCityConfig = DEFAULT_SLICE_CITY): number {
  if (v < c.cutInMs || v >= c.cutOutMs) return 0;
  if (v >= c.ratedMs) return 1;
  return (v ** 3 - c.cutInMs ** 3) / (c.ratedMs ** 3 - c.cutInMs ** 3);
}

/**
 * Cosine of the solar zenith angle at UTC hour `utcH` of day `doy` (0-based), from Spencer's (1971)
 * Fourier series for declination and the equation of time (NOAA's "General Solar Position
 * Calculations"); accurate to ~0.2 degrees, ample for 15-min PV energy.
 */
export function cosSolarZenith(doy: number, utcH: number, latDeg: number, lonDeg: number): number {
  const g = ((2 * Math.PI) / 365) * (doy + (utcH - 12) / 24);
  const decl =
    0.006918 -
    0.399912 * Math.cos(g) +
    0.070257 * Math.sin(g) -
    0.006758 * Math.cos(2 * g) +
    0.000907 * Math.sin(2 * g) -
    0.002697 * Math.cos(3 * g) +
    0.00148 * Math.sin(3 * g);
  const eqtMin =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(g) -
      0.032077 * Math.sin(g) -
      0.014615 * Math.cos(2 * g) -
      0.040849 * Math.sin(2 * g));
  const solarTimeMin = utcH * 60 + eqtMin + 4 * lonDeg;
  const ha = ((solarTimeMin / 4 - 180) * Math.PI) / 180;
  const lat = (latDeg * Math.PI) / 180;
  return Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(ha);
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
function normCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p =
    d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? 1 - p : p;
}

export function generateSliceScenario(
  days: number,
  seed: number,
  startDay = 0,
  cfg: SliceCityConfig = DEFAULT_SLICE_CITY,
): SliceScenario {
  const time = timeIndex(days, startDay);
  const n = time.length;
  const windSpeedMs = new Float64Array(n);
  const windMw = new Float64Array(n);
  const pvMw = new Float64Array(n);
  const demandMw = new Float64Array(n);
  const importPrice = new Float64Array(n);
  const exportPrice = new Float64Array(n);

  // Wind: AR(1) Gaussian process mapped to the Weibull marginal (Gaussian copula), seasonal scale.
  const rw = createRng(seed, "slice", "wind");
  const phi = cfg.windAr1PerHour ** STEP_H;
  let z = rw.normal();
  // PV: 3-state hourly Markov cloud process (clear / broken / overcast) with clearness indices.
  const rc = createRng(seed, "slice", "cloud");
  const clearness = [0.9, 0.5, 0.18];
  // Transition matrix per hour; stationary shares ~ 0.2 / 0.35 / 0.45 (UK sunshine ~ 30-35 % of daylight hours).
  const P = [
    [0.82, 0.13, 0.05],
    [0.08, 0.8, 0.12],
    [0.03, 0.09, 0.88],
  ];
  let cloud = 1;
  const rd = createRng(seed, "slice", "demand");
  const rp = createRng(seed, "slice", "price");
  let demandNoise = 0;
  const dailyShape = (h: number) =>
    0.78 +
    0.16 * Math.exp(-(((h - 9) / 2.5) ** 2)) +
    0.3 * Math.exp(-(((h - 18.5) / 2.2) ** 2)) -
    0.14 * Math.exp(-(((h - 3.5) / 3) ** 2));
  // Normalise the deterministic shape so the mean city demand is cfg.meanDemandMw over a full year.
  let dailyMean = 0;
  for (let k = 0; k < 96; k++) dailyMean += dailyShape(k * STEP_H) / 96;
  const weekMean = (5 + 2 * 0.92) / 7;
  for (let t = 0; t < n; t++) {
    const doy = dayOfYear(time, t);
    const h = hourOfDay(t);
    z = phi * z + Math.sqrt(1 - phi * phi) * rw.normal();
    const u = Math.min(1 - 1e-12, Math.max(1e-12, normCdf(z)));
    const scale =
      cfg.weibullScaleMs * (1 + cfg.windSeasonalAmplitude * Math.cos((2 * Math.PI * (doy - 15)) / 365));
    const v = scale * (-Math.log(1 - u)) ** (1 / cfg.weibullShape);
    windSpeedMs[t] = v;
    windMw[t] = cfg.windCapacityMw * (1 - cfg.windLossFraction) * turbinePowerFraction(v, cfg);

    if (t % 4 === 0) {
      const r = rc.next();
      const row = P[cloud];
      cloud = r < row[0] ? 0 : r < row[0] + row[1] ? 1 : 2;
    }
    const cosZ = cosSolarZenith(doy, h + STEP_H / 2, cfg.latitudeDeg, cfg.longitudeDeg);
    // Haurwitz clear-sky GHI (W/m2) = 1098 cos(z) exp(-0.057 / cos(z)).
    const ghi = cosZ > 0.01 ? 1098 * cosZ * Math.exp(-0.057 / cosZ) * clearness[cloud] : 0;
    const ambientC = 10 + 7 * Math.cos((2 * Math.PI * (doy - 200)) / 365);
    const cellC = ambientC + (ghi / 800) * 25; // NOCT-style rise: 25 K at 800 W/m2
    pvMw[t] = Math.max(
      0,
      cfg.pvCapacityMw * (ghi / 1000) * (1 - 0.004 * (cellC - 25)) * cfg.inverterEfficiency,
    );

    // Demand: daily shape (morning and evening peaks), weekend dip, winter-high season, AR(1) noise 3 %.
    const daily = dailyShape(h) / dailyMean;
    const weekend = dayOfWeek(time, t) >= 5 ? 0.92 : 1;
    const season = 1 + 0.12 * Math.cos((2 * Math.PI * (doy - 15)) / 365);
    demandNoise = 0.97 * demandNoise + Math.sqrt(1 - 0.97 ** 2) * 0.03 * rd.normal();
    demandMw[t] = (cfg.meanDemandMw * daily * weekend * season * (1 + demandNoise)) / weekMean;

    // Price bands (seed 000 §3): off-peak 23-07 h $35-60, peak 17-21 h $120-180, normal otherwise $60-120.
    const band = h >= 17 && h < 21 ? [120, 180] : h >= 7 && h < 23 ? [60, 120] : [35, 60];
    importPrice[t] = band[0] + (band[1] - band[0]) * rp.next();
    exportPrice[t] = 0.5 * importPrice[t];
  }
  return {
    time,
    windSpeedMs,
    windMw,
    pvMw,
    demandMw,
    importPriceUsdPerMwh: importPrice,
    exportPriceUsdPerMwh: exportPrice,
  };
}
