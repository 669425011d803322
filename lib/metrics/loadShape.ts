import { ConfigError } from "../core/errors";
import type { CityFlows } from "./flows";

/**
 * Shape of the city's exchange with the grid, after CityLearn's district KPIs
 * (intelligent-environments-lab/CityLearn, citylearn/cost_function.py: `ramping`,
 * `one_minus_load_factor`, `peak`). CityLearn's windows are counted in its 1-hour steps; here
 * every window is given in HOURS and converted with the flows' stepH (DESIGN.md §5).
 */

/** Net grid power per step (MW) = (gridImport + gridToBattery - gridExport) / stepH; > 0 imports. */
export function netGridPowerMw(f: CityFlows): Float64Array {
  const n = f.gridImportMwh.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++)
    out[t] = (f.gridImportMwh[t] + f.gridToBatteryMwh[t] - f.gridExportMwh[t]) / f.stepH;
  return out;
}

/** Grid import power per step (MW) = (gridImport + gridToBattery) / stepH (what a demand meter sees). */
export function gridImportPowerMw(f: CityFlows): Float64Array {
  const n = f.gridImportMwh.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = (f.gridImportMwh[t] + f.gridToBatteryMwh[t]) / f.stepH;
  return out;
}

/** Steps per window of `windowH` hours; throws unless it is a positive whole number of steps. */
export function stepsPerWindow(windowH: number, stepH: number, where = "windowH"): number {
  const k = Math.round(windowH / stepH);
  if (!(k >= 1) || Math.abs(k * stepH - windowH) > 1e-9 * windowH) {
    throw new ConfigError(`must be a positive multiple of the step (${stepH} h), got ${windowH}`, where);
  }
  return k;
}

/**
 * Load factor over windows of `windowH` hours: the mean over consecutive windows (the last may
 * be partial) of mean(P) / max(P) within the window. Windows whose maximum is <= 0 (net export
 * throughout) have no load factor and are skipped. CityLearn reports 1 - this value
 * (`one_minus_load_factor`, windows 24 h "daily" and 730 h "monthly").
 */
export function loadFactor(powerMw: ArrayLike<number>, stepH: number, windowH: number): number {
  const k = stepsPerWindow(windowH, stepH);
  let acc = 0;
  let windows = 0;
  for (let start = 0; start < powerMw.length; start += k) {
    const end = Math.min(powerMw.length, start + k);
    let s = 0;
    let m = Number.NEGATIVE_INFINITY;
    for (let t = start; t < end; t++) {
      s += powerMw[t];
      if (powerMw[t] > m) m = powerMw[t];
    }
    if (m > 0) {
      acc += s / (end - start) / m;
      windows++;
    }
  }
  return windows > 0 ? acc / windows : Number.NaN;
}

/** Averages of `powerMw` over consecutive windows of k steps (the last may be partial). */
function windowMeans(powerMw: ArrayLike<number>, k: number): Float64Array {
  const n = Math.ceil(powerMw.length / k);
  const out = new Float64Array(n);
  for (let w = 0; w < n; w++) {
    const end = Math.min(powerMw.length, (w + 1) * k);
    let s = 0;
    for (let t = w * k; t < end; t++) s += powerMw[t];
    out[w] = s / (end - w * k);
  }
  return out;
}

/**
 * Ramping (MW) = sum over consecutive windows of max(P_w - P_{w-1}, 0), P_w the mean power of
 * window w of `windowH` hours (default 1 h = CityLearn's hourly step). Only upward ramps count,
 * as in CityLearn's `ramping` default (down_ramp=False); `includeDownRamps` sums |P_w - P_{w-1}|
 * (its docstring formula).
 */
export function ramping(
  powerMw: ArrayLike<number>,
  stepH: number,
  windowH = 1,
  includeDownRamps = false,
): number {
  const p = windowMeans(powerMw, stepsPerWindow(windowH, stepH));
  let r = 0;
  for (let w = 1; w < p.length; w++) {
    const d = p[w] - p[w - 1];
    r += includeDownRamps ? Math.abs(d) : Math.max(d, 0);
  }
  return r;
}

/**
 * Ramp-rate violations per day: the number of consecutive windows (of `windowH` hours) whose mean
 * power changes by more than `limitMw`, divided by the run length in days (Fig. 6d). The limit
 * is a grid-code choice the paper leaves open (notes-000 §5 item 7).
 */
export function rampViolationsPerDay(
  powerMw: ArrayLike<number>,
  stepH: number,
  windowH: number,
  limitMw: number,
): number {
  const p = windowMeans(powerMw, stepsPerWindow(windowH, stepH));
  let v = 0;
  for (let w = 1; w < p.length; w++) if (Math.abs(p[w] - p[w - 1]) > limitMw) v++;
  const days = (powerMw.length * stepH) / 24;
  return days > 0 ? v / days : Number.NaN;
}

/**
 * Average peak over windows of `windowH` hours (mean over windows of max P), as CityLearn's
 * `peak` (24 h: "daily peak average"; the run length: "all-time peak").
 */
export function averageWindowPeakMw(powerMw: ArrayLike<number>, stepH: number, windowH: number): number {
  const k = stepsPerWindow(windowH, stepH);
  let acc = 0;
  let windows = 0;
  for (let start = 0; start < powerMw.length; start += k) {
    const end = Math.min(powerMw.length, start + k);
    let m = Number.NEGATIVE_INFINITY;
    for (let t = start; t < end; t++) if (powerMw[t] > m) m = powerMw[t];
    acc += m;
    windows++;
  }
  return windows > 0 ? acc / windows : Number.NaN;
}
