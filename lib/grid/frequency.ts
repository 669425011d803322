import { ConfigError, DataError } from "../core/errors";
import { STEP_H } from "../core/time";
import { discretise } from "./linearExp";

/**
 * Aggregate single-area frequency response (one balancing area, one equivalent machine).
 * States in per unit of the area base (Kundur, Power System Stability and Control, 1994, §11.1):
 *   2H dΔf/dt   = ΔPm + ΔPb - ΔPd - D Δf          (swing equation with load damping)
 *   Tg dΔPm/dt  = -Δf / R - ΔPm                    (droop governor + turbine as one lag)
 *   Tb dΔPb/dt  = -Δf Pbmax / fb - ΔPb, |ΔPb| <= Pbmax   (battery fast frequency response)
 * ΔPd is the imbalance (deficit > 0), Δf in pu of the nominal frequency.
 */
export interface FrequencyConfig {
  /** Nominal frequency (seed 000, Fig. 6 text: "50Hz"). */
  readonly nominalHz: number;
  /** Size of the balancing area the city belongs to, MW (paper silent: our choice, ADR 0300). */
  readonly systemBaseMw: number;
  /** Inertia constant on the area base, s (Kundur 1994 Table 3.2: thermal units 2.5-10 s). */
  readonly inertiaS: number;
  /** Load damping, pu power per pu frequency (Kundur 1994 §11.1.3: typically 1-2). */
  readonly loadDampingPu: number;
  /** Governor droop, pu frequency per pu power (Kundur 1994 §11.1: 5 %; ENTSO-E range 2-12 %). Infinity: no governor. */
  readonly droopPu: number;
  /** Combined governor + non-reheat turbine lag, s (Kundur 1994 §9: governor ~0.2 s + turbine ~0.3 s). */
  readonly governorLagS: number;
  /** Battery power available for fast frequency response, MW (seed 000: 60 MW battery). 0: none. */
  readonly batteryMaxMw: number;
  /** Frequency deviation at which the battery gives full power, Hz (ENTSO-E FCR: full activation at 200 mHz). */
  readonly batteryFullActivationHz: number;
  /** Battery response lag (its own latency), s (UK National Grid Enhanced Frequency Response: within 1 s). */
  readonly batteryLagS: number;
  /** Integration sub-step, s: the exact (zero-order-hold) discretisation is stable at any step; this sets sampling. */
  readonly subStepS: number;
  /** Bin width of the returned |Δf| histogram, Hz, and its upper edge (larger values go to the last bin). */
  readonly histogramBinHz: number;
  readonly histogramMaxHz: number;
}

export const DEFAULT_FREQUENCY: FrequencyConfig = {
  nominalHz: 50,
  systemBaseMw: 2000,
  inertiaS: 5,
  loadDampingPu: 1,
  droopPu: 0.05,
  governorLagS: 0.5,
  batteryMaxMw: 60,
  batteryFullActivationHz: 0.2,
  batteryLagS: 0.5,
  subStepS: 0.1,
  histogramBinHz: 0.005,
  histogramMaxHz: 0.5,
};

/**
 * What drives the area: the imbalance of each 15-min step (MW, deficit > 0), appearing as a step at
 * the start of the interval (forecast error, wind ramp, cloud drop, evening peak), and the
 * controller that answers it after `responseLatencyS`, cancelling `correctedFraction` of it for the
 * rest of the interval. What it leaves is carried by inertia, load damping, governors and the battery.
 */
export interface FrequencyInput {
  readonly imbalanceMw: Float64Array;
  readonly responseLatencyS: number;
  /** Share of the step's imbalance the controller removes once it has acted (default 1). */
  readonly correctedFraction?: number;
  /**
   * Optional per-step correction (MW, same sign convention as imbalanceMw) the controller applies once
   * it has acted, e.g. limited by its battery headroom; when given it replaces correctedFraction.
   */
  readonly correctionMw?: Float64Array;
  readonly stepH?: number;
  /** Optional: record Δf (Hz, signed) every `everyS` seconds for steps [fromStep, toStep). */
  readonly trace?: TraceWindow;
  /** Optional: more trace windows (e.g. one per disturbance), recorded in the same pass. */
  readonly traces?: readonly TraceWindow[];
}

/** A window of steps [fromStep, toStep) whose Δf is recorded every `everyS` seconds. */
export interface TraceWindow {
  readonly fromStep: number;
  readonly toStep: number;
  readonly everyS: number;
}

export interface FrequencyResult {
  readonly meanAbsHz: number;
  readonly p95AbsHz: number;
  readonly maxAbsHz: number;
  /** Signed extremes, Hz. */
  readonly minDeviationHz: number;
  readonly maxDeviationHz: number;
  /** |Δf| distribution: bin lower edges (Hz) and the share of sub-steps in each bin (sums to 1). */
  readonly histogram: { readonly binLowerHz: Float64Array; readonly share: Float64Array };
  /** max |Δf| inside each 15-min step, Hz (the trace of Fig. 6a). */
  readonly stepMaxAbsHz: Float64Array;
  /** The signed Δf of largest magnitude inside each step, Hz. */
  readonly stepExtremeHz: Float64Array;
  readonly subSteps: number;
  /** Δf samples (Hz) of the requested trace window, at `trace.everyS` (the sample at the end of each period). */
  readonly trace?: Float64Array;
  /** The samples of each of `input.traces`, in order. */
  readonly traces?: Float64Array[];
}

/** Resolution of the internal |Δf| histogram used for the P95: 1e-5 Hz up to 2 Hz. */
const FINE_HZ = 1e-5;
const FINE_BINS = 200_000;
/** A segment with constant input is treated as settled once no state moves by more than this, pu. */
const SETTLED_PU = 1e-13;

function checkConfig(c: FrequencyConfig): void {
  const pos = [
    "nominalHz",
    "systemBaseMw",
    "inertiaS",
    "governorLagS",
    "batteryFullActivationHz",
    "batteryLagS",
    "subStepS",
    "histogramBinHz",
    "histogramMaxHz",
  ] as const;
  for (const k of pos)
    if (!(c[k] > 0)) throw new ConfigError(`must be positive, got ${c[k]}`, `frequency.${k}`);
  if (!(c.loadDampingPu >= 0))
    throw new ConfigError(`must be >= 0, got ${c.loadDampingPu}`, "frequency.loadDampingPu");
  if (!(c.droopPu > 0))
    throw new ConfigError(`must be positive (Infinity: no governor), got ${c.droopPu}`, "frequency.droopPu");
  if (!(c.batteryMaxMw >= 0))
    throw new ConfigError(`must be >= 0, got ${c.batteryMaxMw}`, "frequency.batteryMaxMw");
}

/** The linear model x' = A x + B u (x = [Δf, ΔPm, ΔPb] pu, u = ΔPd pu), exactly discretised over dt. */
export function frequencyModel(
  c: FrequencyConfig,
  dt = c.subStepS,
): { phi: Float64Array; gamma: Float64Array; pbMaxPu: number } {
  const twoH = 2 * c.inertiaS;
  const pbMaxPu = c.batteryMaxMw / c.systemBaseMw;
  const kb = pbMaxPu / (c.batteryFullActivationHz / c.nominalHz); // pu power per pu frequency
  const A = Float64Array.of(
    -c.loadDampingPu / twoH,
    1 / twoH,
    1 / twoH,
    -1 / c.droopPu / c.governorLagS,
    -1 / c.governorLagS,
    0,
    -kb / c.batteryLagS,
    0,
    -1 / c.batteryLagS,
  );
  const B = Float64Array.of(-1 / twoH, 0, 0);
  return { ...discretise(A, B, 3, 1, dt), pbMaxPu };
}

/**
 * One exact sub-step of the model, in place on x = [Δf, ΔPm, ΔPb] (pu) for imbalance u (pu).
 * While the battery is at its limit it is a constant input: the step then uses the two-state
 * (swing + governor) discretisation with ΔPb held, so the saturated response stays exact too
 * (only the entry into saturation inside a sub-step is approximated).
 */
export function frequencyStepper(c: FrequencyConfig): (x: Float64Array, u: number) => void {
  const { phi, gamma, pbMaxPu } = frequencyModel(c);
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8] = phi;
  const [g0, g1, g2] = gamma;
  const twoH = 2 * c.inertiaS;
  const sat = discretise(
    Float64Array.of(-c.loadDampingPu / twoH, 1 / twoH, -1 / c.droopPu / c.governorLagS, -1 / c.governorLagS),
    Float64Array.of(-1 / twoH, 1 / twoH, 0, 0),
    2,
    2,
    c.subStepS,
  );
  const [s0, s1, s2, s3] = sat.phi;
  const [h0, h1, h2, h3] = sat.gamma;
  return (x: Float64Array, u: number) => {
    const f = x[0];
    const m = x[1];
    const b = x[2];
    const nb = p6 * f + p7 * m + p8 * b + g2 * u;
    if (nb > pbMaxPu || nb < -pbMaxPu) {
      const lim = nb > 0 ? pbMaxPu : -pbMaxPu;
      x[0] = s0 * f + s1 * m + h0 * u + h1 * lim;
      x[1] = s2 * f + s3 * m + h2 * u + h3 * lim;
      x[2] = lim;
    } else {
      x[0] = p0 * f + p1 * m + p2 * b + g0 * u;
      x[1] = p3 * f + p4 * m + p5 * b + g1 * u;
      x[2] = nb;
    }
  };
}

/** Δf (Hz) every sub-step for a constant imbalance step of `imbalanceMw` from rest, `durationS` long. */
export function frequencyStepResponse(
  imbalanceMw: number,
  durationS: number,
  config: Partial<FrequencyConfig> = {},
): Float64Array {
  const c = { ...DEFAULT_FREQUENCY, ...config };
  checkConfig(c);
  const step = frequencyStepper(c);
  const n = Math.round(durationS / c.subStepS);
  const out = new Float64Array(n + 1);
  const u = imbalanceMw / c.systemBaseMw;
  const x = new Float64Array(3);
  for (let k = 1; k <= n; k++) {
    step(x, u);
    out[k] = x[0] * c.nominalHz;
  }
  return out;
}

/**
 * Simulates a year (or any length) of sub-steps. Within an interval the input is piecewise constant
 * (before / after the controller's latency); once the states settle inside such a segment the
 * remaining identical sub-steps are counted in bulk, which keeps a year at 0.1 s to about a second.
 */
export function simulateFrequency(
  input: FrequencyInput,
  config: Partial<FrequencyConfig> = {},
): FrequencyResult {
  const c = { ...DEFAULT_FREQUENCY, ...config };
  checkConfig(c);
  const stepH = input.stepH ?? STEP_H;
  const frac = input.correctedFraction ?? 1;
  if (!(input.responseLatencyS >= 0))
    throw new ConfigError(`must be >= 0, got ${input.responseLatencyS}`, "frequency.responseLatencyS");
  if (!(frac >= 0 && frac <= 1))
    throw new ConfigError(`must be in [0, 1], got ${frac}`, "frequency.correctedFraction");
  const corr = input.correctionMw;
  if (corr && corr.length !== input.imbalanceMw.length)
    throw new DataError(
      `must have ${input.imbalanceMw.length} steps like imbalanceMw, got ${corr.length}`,
      "frequency.correctionMw",
    );
  const step = frequencyStepper(c);
  const x = new Float64Array(3);
  const subPerStep = Math.round((stepH * 3600) / c.subStepS);
  const latencySub = Math.min(subPerStep, Math.round(input.responseLatencyS / c.subStepS));
  const steps = input.imbalanceMw.length;
  const windows = [...(input.trace ? [input.trace] : []), ...(input.traces ?? [])];
  const wEvery: number[] = [];
  const wBuf: Float64Array[] = [];
  for (const tr of windows) {
    const every = Math.round(tr.everyS / c.subStepS);
    if (!(every >= 1) || Math.abs(every * c.subStepS - tr.everyS) > 1e-9 || subPerStep % every !== 0)
      throw new ConfigError(
        `must be a multiple of subStepS (${c.subStepS} s) dividing the step, got ${tr.everyS}`,
        "frequency.trace.everyS",
      );
    if (!(Number.isInteger(tr.fromStep) && tr.fromStep >= 0 && tr.toStep > tr.fromStep && tr.toStep <= steps))
      throw new ConfigError(
        `needs integers 0 <= fromStep < toStep <= ${steps}, got ${tr.fromStep}..${tr.toStep}`,
        "frequency.trace",
      );
    wEvery.push(every);
    wBuf.push(new Float64Array(((tr.toStep - tr.fromStep) * subPerStep) / every));
  }
  const nw = windows.length;
  const wBase = new Int32Array(nw);
  const fine = new Float64Array(FINE_BINS + 1);
  const stepMax = new Float64Array(steps);
  const stepExt = new Float64Array(steps);
  const hz = c.nominalHz;
  let sumAbs = 0;
  let maxAbs = 0;
  let lo = 0;
  let hi = 0;
  for (let t = 0; t < steps; t++) {
    const d = input.imbalanceMw[t];
    if (!Number.isFinite(d)) throw new DataError(`must be finite, got ${d}`, `imbalanceMw[${t}]`);
    const full = d / c.systemBaseMw;
    const after = corr ? (d - corr[t]) / c.systemBaseMw : full * (1 - frac);
    let tracing = false;
    for (let w = 0; w < nw; w++) {
      const tw = windows[w];
      wBase[w] = t >= tw.fromStep && t < tw.toStep ? (t - tw.fromStep) * (subPerStep / wEvery[w]) : -1;
      if (wBase[w] >= 0) tracing = true;
    }
    let smax = 0;
    let sext = 0;
    for (let seg = 0; seg < 2; seg++) {
      const u = seg === 0 ? full : after;
      const s0 = seg === 0 ? 0 : latencySub;
      const len = seg === 0 ? latencySub : subPerStep - latencySub;
      for (let k = 0; k < len; k++) {
        const f = x[0];
        const m = x[1];
        const b = x[2];
        step(x, u);
        const settled =
          Math.abs(x[0] - f) < SETTLED_PU &&
          Math.abs(x[1] - m) < SETTLED_PU &&
          Math.abs(x[2] - b) < SETTLED_PU;
        const dfHz = x[0] * hz;
        const a = dfHz < 0 ? -dfHz : dfHz;
        const reps = settled ? len - k : 1;
        sumAbs += a * reps;
        const bin = Math.min(FINE_BINS, Math.floor(a / FINE_HZ));
        fine[bin] += reps;
        if (a > smax) {
          smax = a;
          sext = dfHz;
        }
        if (dfHz < lo) lo = dfHz;
        if (dfHz > hi) hi = dfHz;
        if (tracing) {
          // samples at the end of sub-steps s0 + j + 1 that are multiples of each window's period
          const last = settled ? len - 1 : k;
          for (let w = 0; w < nw; w++) {
            if (wBase[w] < 0) continue;
            const every = wEvery[w];
            const buf = wBuf[w];
            for (let j = k; j <= last; j++) {
              const idx = s0 + j + 1;
              if (idx % every === 0) buf[wBase[w] + idx / every - 1] = dfHz;
            }
          }
        }
        if (settled) break;
      }
    }
    stepMax[t] = smax;
    stepExt[t] = sext;
    if (smax > maxAbs) maxAbs = smax;
  }
  const total = steps * subPerStep;
  // P95 from the fine histogram (resolution 1e-5 Hz), interpolated inside its bin
  let p95 = 0;
  let acc = 0;
  const target = 0.95 * total;
  for (let i = 0; i <= FINE_BINS; i++) {
    if (acc + fine[i] >= target) {
      p95 = (i + (fine[i] > 0 ? (target - acc) / fine[i] : 0)) * FINE_HZ;
      break;
    }
    acc += fine[i];
  }
  const nb = Math.ceil(c.histogramMaxHz / c.histogramBinHz);
  const binLowerHz = Float64Array.from({ length: nb }, (_, i) => i * c.histogramBinHz);
  const share = new Float64Array(nb);
  for (let i = 0; i <= FINE_BINS; i++) {
    if (fine[i] === 0) continue;
    const j = Math.min(nb - 1, Math.floor(((i + 0.5) * FINE_HZ) / c.histogramBinHz));
    share[j] += fine[i] / total;
  }
  return {
    meanAbsHz: total > 0 ? sumAbs / total : Number.NaN,
    p95AbsHz: Math.min(p95, maxAbs),
    maxAbsHz: maxAbs,
    minDeviationHz: lo,
    maxDeviationHz: hi,
    histogram: { binLowerHz, share },
    stepMaxAbsHz: stepMax,
    stepExtremeHz: stepExt,
    subSteps: total,
    ...(input.trace ? { trace: wBuf[0] } : {}),
    ...(input.traces ? { traces: wBuf.slice(input.trace ? 1 : 0) } : {}),
  };
}
