import { ConfigError, DataError } from "../../../core/errors";
import { type FeederName, loadFeeder } from "../../../grid/feederData";
import { buildRadialNetwork, type RadialNetwork } from "../../../grid/radialNetwork";
import { solveFeederSeries } from "../../../grid/timeSeries";

/**
 * The city's distribution-connected aggregates, MW per 15-min step (equal lengths). Only what sits
 * on the MV feeders belongs here: the offshore wind farm is transmission-connected and is left out.
 * batteryMw > 0 discharges, < 0 charges; evMw is charging demand (negative for V2G).
 */
export interface CityGridSeries {
  readonly loadMw: Float64Array;
  readonly pvMw: Float64Array;
  readonly batteryMw: Float64Array;
  readonly evMw: Float64Array;
}

/**
 * How the city is spread over K representative feeders (DESIGN.md §5; ADR 0300).
 * Feeder k carries share s_k of every city series (default 1/K each). Inside a feeder each series
 * is spread over buses by per-bus weights (default: the published base-case P loads, so load, PV,
 * batteries and EV chargers follow the customers); reactive load keeps each bus's published Q/P.
 */
export interface CityFeederConfig {
  readonly feeder: FeederName;
  /** K: the number of representative feeders; each carries 1/K of the city unless feederShares says otherwise. */
  readonly feederCount: number;
  /** Per-feeder shares of the city (length K, summing to 1). */
  readonly feederShares?: readonly number[];
  /** Per-bus weights (length nBus, summing to 1) for PV, battery and EVs; default the base-load shares. */
  readonly pvBusWeights?: ArrayLike<number>;
  readonly batteryBusWeights?: ArrayLike<number>;
  readonly evBusWeights?: ArrayLike<number>;
}

/**
 * K = ceil(peak city load / published feeder load): each feeder at the city's peak carries about
 * its published base load (Baran & Wu's loads are peak loads), e.g. 180 MW / 3.715 MW -> K = 49.
 */
export function representativeFeederCount(loadMw: ArrayLike<number>, feederBaseLoadMw: number): number {
  let peak = 0;
  for (let t = 0; t < loadMw.length; t++) if (loadMw[t] > peak) peak = loadMw[t];
  return Math.max(1, Math.ceil(peak / feederBaseLoadMw - 1e-9));
}

/** Defaults: IEEE 33-bus (Baran & Wu 1989), K = 49 (seed 000's ~180 MW peak / 3.715 MW). */
export const DEFAULT_CITY_FEEDER: CityFeederConfig = { feeder: "ieee33bw", feederCount: 49 };

/** Per-step voltage outcome of the city's representative feeders. */
export interface CityFeederResult {
  /** max over feeders and buses of |V - 1| in % of nominal (Fig. 6b). */
  readonly maxDeviationPct: Float64Array;
  readonly minVoltagePu: Float64Array;
  readonly maxVoltagePu: Float64Array;
  /** Losses summed over all K feeders, MW. */
  readonly lossMw: Float64Array;
  readonly feederCount: number;
}

function weights(w: ArrayLike<number> | undefined, fallback: Float64Array, where: string): Float64Array {
  if (!w) return fallback;
  if (w.length !== fallback.length) throw new ConfigError(`must have ${fallback.length} entries`, where);
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  if (!(Math.abs(s - 1) < 1e-9)) throw new ConfigError(`must sum to 1, got ${s}`, where);
  return Float64Array.from(w);
}

/**
 * Maps the city's aggregate series onto K representative feeders and solves a sweep power flow per
 * feeder and step (warm-started). Feeders with equal shares are identical, so each distinct share
 * is solved once. Pure: same inputs, same bytes.
 */
export function cityFeederVoltages(
  series: CityGridSeries,
  config: Partial<CityFeederConfig> = {},
  network?: RadialNetwork,
): CityFeederResult {
  const cfg = { ...DEFAULT_CITY_FEEDER, ...config };
  const steps = series.loadMw.length;
  for (const key of ["pvMw", "batteryMw", "evMw"] as const) {
    if (series[key].length !== steps) {
      throw new DataError(`must have ${steps} steps like loadMw, got ${series[key].length}`, `series.${key}`);
    }
  }
  if (!Number.isInteger(cfg.feederCount) || cfg.feederCount < 1) {
    throw new ConfigError(`must be a positive integer, got ${cfg.feederCount}`, "cityFeeder.feederCount");
  }
  const shares = cfg.feederShares ?? Array.from({ length: cfg.feederCount }, () => 1 / cfg.feederCount);
  if (shares.length !== cfg.feederCount || Math.abs(shares.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
    throw new ConfigError(`must have ${cfg.feederCount} entries summing to 1`, "cityFeeder.feederShares");
  }
  const net = network ?? buildRadialNetwork(loadFeeder(cfg.feeder));
  const n = net.nBus;
  let pTot = 0;
  for (let i = 0; i < n; i++) pTot += net.pLoadMw[i];
  const loadW = Float64Array.from(net.pLoadMw, (p) => p / pTot);
  const qOverP = Float64Array.from(net.pLoadMw, (p, i) => (p > 0 ? net.qLoadMvar[i] / p : 0));
  const pvW = weights(cfg.pvBusWeights, loadW, "cityFeeder.pvBusWeights");
  const batW = weights(cfg.batteryBusWeights, loadW, "cityFeeder.batteryBusWeights");
  const evW = weights(cfg.evBusWeights, loadW, "cityFeeder.evBusWeights");

  const out: CityFeederResult = {
    maxDeviationPct: new Float64Array(steps),
    minVoltagePu: new Float64Array(steps).fill(Number.POSITIVE_INFINITY),
    maxVoltagePu: new Float64Array(steps).fill(Number.NEGATIVE_INFINITY),
    lossMw: new Float64Array(steps),
    feederCount: cfg.feederCount,
  };
  const distinct = new Map<number, number>();
  for (const s of shares) distinct.set(s, (distinct.get(s) ?? 0) + 1);
  for (const [share, count] of distinct) {
    const r = solveFeederSeries(net, steps, (t, p, q) => {
      const load = series.loadMw[t] * share;
      const pv = series.pvMw[t] * share;
      const bat = series.batteryMw[t] * share;
      const ev = series.evMw[t] * share;
      for (let i = 0; i < n; i++) {
        const li = load * loadW[i];
        p[i] = li + ev * evW[i] - pv * pvW[i] - bat * batW[i];
        q[i] = li * qOverP[i];
      }
    });
    for (let t = 0; t < steps; t++) {
      if (r.maxDeviationPct[t] > out.maxDeviationPct[t]) out.maxDeviationPct[t] = r.maxDeviationPct[t];
      if (r.minVoltagePu[t] < out.minVoltagePu[t]) out.minVoltagePu[t] = r.minVoltagePu[t];
      if (r.maxVoltagePu[t] > out.maxVoltagePu[t]) out.maxVoltagePu[t] = r.maxVoltagePu[t];
      out.lossMw[t] += r.lossMw[t] * count;
    }
  }
  return out;
}

/** The per-step max voltage deviation (%) of the city's feeders: the number Fig. 6(b) plots. */
export function cityVoltageDeviationPct(
  series: CityGridSeries,
  config: Partial<CityFeederConfig> = {},
): Float64Array {
  return cityFeederVoltages(series, config).maxDeviationPct;
}
