import type { PowerFlowOptions } from "./powerFlowResult";
import type { RadialNetwork } from "./radialNetwork";
import { RadialSweepSolver } from "./sweep";

/** Per-step summary of a time series of power flows (one entry per step). */
export interface FeederSeries {
  readonly minVoltagePu: Float64Array;
  readonly maxVoltagePu: Float64Array;
  /** max over buses of |V - V_slack| / V_slack * 100. */
  readonly maxDeviationPct: Float64Array;
  readonly lossMw: Float64Array;
  readonly slackPMw: Float64Array;
  readonly iterations: Int32Array;
}

/**
 * Fills the net bus demand (MW, Mvar; index = bus - 1) for step t. Write into the arrays given;
 * they are reused across steps.
 */
export type StepDemandFiller = (t: number, pMw: Float64Array, qMvar: Float64Array) => void;

/**
 * Solves `steps` loadings of one feeder with one sweep solver: topology, ordering and work arrays
 * are built once and each step warm-starts from the previous voltages (consecutive 15-min states
 * are close, so a step takes 3-5 sweeps instead of 6-9). Throws ConvergenceError naming the step.
 */
export function solveFeederSeries(
  net: RadialNetwork,
  steps: number,
  fill: StepDemandFiller,
  opts: Partial<PowerFlowOptions> = {},
  solver = new RadialSweepSolver(net, { tolerancePu: 1e-8, ...opts }),
): FeederSeries {
  const n = net.nBus;
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const out: FeederSeries = {
    minVoltagePu: new Float64Array(steps),
    maxVoltagePu: new Float64Array(steps),
    maxDeviationPct: new Float64Array(steps),
    lossMw: new Float64Array(steps),
    slackPMw: new Float64Array(steps),
    iterations: new Int32Array(steps),
  };
  const { vRe, vIm, jRe, jIm } = solver;
  const { rPu, slack } = net;
  const vs = solver.opts.slackVoltagePu;
  for (let t = 0; t < steps; t++) {
    fill(t, p, q);
    out.iterations[t] = solver.solveNet(p, q, `power flow step ${t}`);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.sqrt(vRe[i] * vRe[i] + vIm[i] * vIm[i]);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      loss += rPu[i] * (jRe[i] * jRe[i] + jIm[i] * jIm[i]);
    }
    out.minVoltagePu[t] = lo;
    out.maxVoltagePu[t] = hi;
    out.maxDeviationPct[t] = (Math.max(vs - lo, hi - vs) / vs) * 100;
    out.lossMw[t] = loss * net.baseMva;
    out.slackPMw[t] = (vRe[slack] * jRe[slack] + vIm[slack] * jIm[slack]) * net.baseMva;
  }
  return out;
}
