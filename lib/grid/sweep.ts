import { ConvergenceError } from "../core/errors";
import { type BusInjections, netBusDemand } from "./injections";
import { DEFAULT_POWER_FLOW, type PowerFlowOptions, type PowerFlowResult } from "./powerFlowResult";
import type { RadialNetwork } from "./radialNetwork";

/**
 * Backward/forward sweep (current summation) for radial feeders with constant-power loads
 * (Shirmohammadi et al., IEEE Trans. Power Systems 3(2), 1988). Per iteration: load currents
 * I_i = conj(S_i / V_i); backward pass sums branch currents from the leaves to the slack; forward
 * pass V_child = V_parent - Z J. Converged when max |V_new - V_old| < tolerance.
 *
 * The solver owns its work arrays and keeps the last voltages as the next warm start, so a
 * time series of loadings reuses topology, ordering and memory (see `solveNet`).
 */
export class RadialSweepSolver {
  readonly opts: PowerFlowOptions;
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  /** Current in the branch feeding each bus (pu), re / im. */
  readonly jRe: Float64Array;
  readonly jIm: Float64Array;
  private readonly pPu: Float64Array;
  private readonly qPu: Float64Array;
  lastIterations = 0;
  lastResidualPu = 0;

  constructor(
    readonly net: RadialNetwork,
    opts: Partial<PowerFlowOptions> = {},
  ) {
    this.opts = { ...DEFAULT_POWER_FLOW, ...opts };
    const n = net.nBus;
    this.vRe = new Float64Array(n);
    this.vIm = new Float64Array(n);
    this.jRe = new Float64Array(n);
    this.jIm = new Float64Array(n);
    this.pPu = new Float64Array(n);
    this.qPu = new Float64Array(n);
    this.flatStart();
  }

  /** Resets the warm start to a flat profile at the slack voltage. */
  flatStart(): void {
    this.vRe.fill(this.opts.slackVoltagePu);
    this.vIm.fill(0);
  }

  /**
   * Solves for net bus demand in MW / Mvar (index = bus - 1; the slack entry is ignored),
   * starting from the previous solution. Returns the iteration count; throws ConvergenceError.
   */
  solveNet(pMw: ArrayLike<number>, qMvar: ArrayLike<number>, where = "power flow"): number {
    const { net, vRe, vIm, jRe, jIm, pPu, qPu } = this;
    const { order, parent, rPu, xPu, nBus, slack } = net;
    const { tolerancePu, maxIterations, slackVoltagePu } = this.opts;
    const inv = 1 / net.baseMva;
    for (let i = 0; i < nBus; i++) {
      pPu[i] = pMw[i] * inv;
      qPu[i] = qMvar[i] * inv;
    }
    vRe[slack] = slackVoltagePu;
    vIm[slack] = 0;
    let residual = Number.POSITIVE_INFINITY;
    for (let it = 1; it <= maxIterations; it++) {
      // load currents I = conj(S / V) = (P - jQ) / conj(V)
      for (let i = 0; i < nBus; i++) {
        const vr = vRe[i];
        const vi = vIm[i];
        const d = vr * vr + vi * vi;
        jRe[i] = (pPu[i] * vr + qPu[i] * vi) / d;
        jIm[i] = (pPu[i] * vi - qPu[i] * vr) / d;
      }
      // backward: accumulate each bus's subtree current into its parent
      for (let k = nBus - 1; k >= 1; k--) {
        const i = order[k];
        const p = parent[i];
        jRe[p] += jRe[i];
        jIm[p] += jIm[i];
      }
      // forward: V_i = V_parent - Z_i J_i
      residual = 0;
      for (let k = 1; k < nBus; k++) {
        const i = order[k];
        const p = parent[i];
        const nr = vRe[p] - (rPu[i] * jRe[i] - xPu[i] * jIm[i]);
        const ni = vIm[p] - (rPu[i] * jIm[i] + xPu[i] * jRe[i]);
        const dr = nr - vRe[i];
        const di = ni - vIm[i];
        const dv = dr * dr + di * di;
        if (dv > residual) residual = dv;
        vRe[i] = nr;
        vIm[i] = ni;
      }
      residual = Math.sqrt(residual);
      if (!(residual < 1e3)) break; // diverging: voltages collapsing through zero
      if (residual < tolerancePu) {
        this.lastIterations = it;
        this.lastResidualPu = residual;
        return it;
      }
    }
    this.lastResidualPu = residual;
    this.flatStart();
    throw new ConvergenceError(
      `backward/forward sweep did not converge on ${net.name} within ${maxIterations} iterations (last max |dV| = ${residual.toExponential(3)} pu, tolerance ${tolerancePu})`,
      where,
      "the loading may exceed the feeder's loadability (voltage collapse); check the bus demands and units (MW, not kW), or raise maxIterations",
    );
  }

  /** Full result of the last converged solve (allocates; use the raw arrays in hot loops). */
  result(): PowerFlowResult {
    const { net, vRe, vIm, jRe, jIm } = this;
    const n = net.nBus;
    const nBranch = net.fromBus.length;
    const vMagPu = new Float64Array(n);
    const vAngleRad = new Float64Array(n);
    let minV = Number.POSITIVE_INFINITY;
    let minBus = 0;
    for (let i = 0; i < n; i++) {
      vMagPu[i] = Math.hypot(vRe[i], vIm[i]);
      vAngleRad[i] = Math.atan2(vIm[i], vRe[i]);
      if (vMagPu[i] < minV) {
        minV = vMagPu[i];
        minBus = i + 1;
      }
    }
    const branchPMw = new Float64Array(nBranch);
    const branchQMvar = new Float64Array(nBranch);
    const branchCurrentPu = new Float64Array(nBranch);
    let lossP = 0;
    let lossQ = 0;
    for (let i = 0; i < n; i++) {
      const b = net.branchOfBus[i];
      if (b < 0) continue;
      const p = net.parent[i];
      const i2 = jRe[i] * jRe[i] + jIm[i] * jIm[i];
      // S_send = V_parent conj(J)
      branchPMw[b] = (vRe[p] * jRe[i] + vIm[p] * jIm[i]) * net.baseMva;
      branchQMvar[b] = (vIm[p] * jRe[i] - vRe[p] * jIm[i]) * net.baseMva;
      branchCurrentPu[b] = Math.sqrt(i2);
      lossP += net.rPu[i] * i2;
      lossQ += net.xPu[i] * i2;
    }
    const s = net.slack;
    return {
      vMagPu,
      vAngleRad,
      branchPMw,
      branchQMvar,
      branchCurrentPu,
      lossMw: lossP * net.baseMva,
      lossMvar: lossQ * net.baseMva,
      slackPMw: (vRe[s] * jRe[s] + vIm[s] * jIm[s]) * net.baseMva,
      slackQMvar: (vIm[s] * jRe[s] - vRe[s] * jIm[s]) * net.baseMva,
      iterations: this.lastIterations,
      residualPu: this.lastResidualPu,
      tolerancePu: this.opts.tolerancePu,
      minVoltagePu: minV,
      minVoltageBus: minBus,
    };
  }
}

/** One backward/forward sweep solve from a flat start (published loads unless `inj` says otherwise). */
export function solveSweep(
  net: RadialNetwork,
  inj: BusInjections = {},
  opts: Partial<PowerFlowOptions> = {},
): PowerFlowResult {
  const solver = new RadialSweepSolver(net, opts);
  const d = netBusDemand(net, inj);
  solver.solveNet(d.pMw, d.qMvar);
  return solver.result();
}
