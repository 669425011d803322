import { ConvergenceError } from "../core/errors";
import { type BusInjections, netBusDemand } from "./injections";
import { DEFAULT_POWER_FLOW, type PowerFlowOptions, type PowerFlowResult } from "./powerFlowResult";
import type { RadialNetwork } from "./radialNetwork";

/**
 * Full Newton-Raphson power flow in polar coordinates on the bus admittance matrix (dense, as the
 * feeders are small), every non-slack bus a PQ bus. It shares nothing with the sweep but the
 * network data, so it serves as the independent cross-check (Grainger & Stevenson, Power System
 * Analysis, 1994, ch. 9). Not meant for hot loops.
 */
export function solveNewtonRaphson(
  net: RadialNetwork,
  inj: BusInjections = {},
  options: Partial<PowerFlowOptions> = {},
): PowerFlowResult {
  const opts = { ...DEFAULT_POWER_FLOW, ...options };
  const n = net.nBus;
  const nBranch = net.fromBus.length;
  const G = new Float64Array(n * n);
  const B = new Float64Array(n * n);
  const yG = new Float64Array(nBranch);
  const yB = new Float64Array(nBranch);
  for (let i = 0; i < n; i++) {
    const b = net.branchOfBus[i];
    if (b < 0) continue;
    const r = net.rPu[i];
    const x = net.xPu[i];
    const d = r * r + x * x;
    yG[b] = r / d;
    yB[b] = -x / d;
  }
  for (let b = 0; b < nBranch; b++) {
    const f = net.fromBus[b];
    const t = net.toBus[b];
    G[f * n + f] += yG[b];
    B[f * n + f] += yB[b];
    G[t * n + t] += yG[b];
    B[t * n + t] += yB[b];
    G[f * n + t] -= yG[b];
    B[f * n + t] -= yB[b];
    G[t * n + f] -= yG[b];
    B[t * n + f] -= yB[b];
  }
  const demand = netBusDemand(net, inj);
  const pSpec = Float64Array.from(demand.pMw, (v) => -v / net.baseMva);
  const qSpec = Float64Array.from(demand.qMvar, (v) => -v / net.baseMva);
  const pq: number[] = [];
  for (let i = 0; i < n; i++) if (i !== net.slack) pq.push(i);
  const m = pq.length;
  const vm = new Float64Array(n).fill(opts.slackVoltagePu);
  const va = new Float64Array(n);
  const pCalc = new Float64Array(n);
  const qCalc = new Float64Array(n);
  const dim = 2 * m;
  const J = new Float64Array(dim * dim);
  const rhs = new Float64Array(dim);

  const injections = () => {
    for (let i = 0; i < n; i++) {
      let p = 0;
      let q = 0;
      for (let k = 0; k < n; k++) {
        const g = G[i * n + k];
        const bb = B[i * n + k];
        if (g === 0 && bb === 0) continue;
        const th = va[i] - va[k];
        const c = Math.cos(th);
        const s = Math.sin(th);
        p += vm[k] * (g * c + bb * s);
        q += vm[k] * (g * s - bb * c);
      }
      pCalc[i] = vm[i] * p;
      qCalc[i] = vm[i] * q;
    }
  };

  let residual = Number.POSITIVE_INFINITY;
  let iterations = 0;
  for (let it = 0; it <= opts.maxIterations; it++) {
    injections();
    residual = 0;
    for (let a = 0; a < m; a++) {
      const i = pq[a];
      rhs[a] = pSpec[i] - pCalc[i];
      rhs[m + a] = qSpec[i] - qCalc[i];
      residual = Math.max(residual, Math.abs(rhs[a]), Math.abs(rhs[m + a]));
    }
    if (residual < opts.tolerancePu) {
      iterations = it;
      break;
    }
    if (it === opts.maxIterations || !Number.isFinite(residual)) {
      throw new ConvergenceError(
        `Newton-Raphson did not converge on ${net.name} within ${opts.maxIterations} iterations (max mismatch ${residual.toExponential(3)} pu)`,
        "solveNewtonRaphson",
        "the loading may exceed the feeder's loadability; check bus demands and units",
      );
    }
    J.fill(0);
    for (let a = 0; a < m; a++) {
      const i = pq[a];
      for (let c = 0; c < m; c++) {
        const k = pq[c];
        const g = G[i * n + k];
        const bb = B[i * n + k];
        if (i === k) {
          J[a * dim + c] = -qCalc[i] - bb * vm[i] * vm[i];
          J[a * dim + m + c] = pCalc[i] / vm[i] + g * vm[i];
          J[(m + a) * dim + c] = pCalc[i] - g * vm[i] * vm[i];
          J[(m + a) * dim + m + c] = qCalc[i] / vm[i] - bb * vm[i];
        } else if (g !== 0 || bb !== 0) {
          const th = va[i] - va[k];
          const cs = Math.cos(th);
          const sn = Math.sin(th);
          J[a * dim + c] = vm[i] * vm[k] * (g * sn - bb * cs);
          J[a * dim + m + c] = vm[i] * (g * cs + bb * sn);
          J[(m + a) * dim + c] = -vm[i] * vm[k] * (g * cs + bb * sn);
          J[(m + a) * dim + m + c] = vm[i] * (g * sn - bb * cs);
        }
      }
    }
    solveDense(J, rhs, dim);
    for (let a = 0; a < m; a++) {
      va[pq[a]] += rhs[a];
      vm[pq[a]] += rhs[m + a];
    }
  }

  // branch flows from the solved voltages
  const branchPMw = new Float64Array(nBranch);
  const branchQMvar = new Float64Array(nBranch);
  const branchCurrentPu = new Float64Array(nBranch);
  let lossP = 0;
  let lossQ = 0;
  for (let b = 0; b < nBranch; b++) {
    // orient from the parent (upstream) end
    let f = net.fromBus[b];
    let t = net.toBus[b];
    if (net.parent[t] !== f) [f, t] = [t, f];
    const vfr = vm[f] * Math.cos(va[f]);
    const vfi = vm[f] * Math.sin(va[f]);
    const vtr = vm[t] * Math.cos(va[t]);
    const vti = vm[t] * Math.sin(va[t]);
    const dr = vfr - vtr;
    const di = vfi - vti;
    const ir = yG[b] * dr - yB[b] * di;
    const ii = yG[b] * di + yB[b] * dr;
    branchPMw[b] = (vfr * ir + vfi * ii) * net.baseMva;
    branchQMvar[b] = (vfi * ir - vfr * ii) * net.baseMva;
    const i2 = ir * ir + ii * ii;
    branchCurrentPu[b] = Math.sqrt(i2);
    lossP += net.rPu[t] * i2;
    lossQ += net.xPu[t] * i2;
  }
  let minV = Number.POSITIVE_INFINITY;
  let minBus = 0;
  for (let i = 0; i < n; i++) {
    if (vm[i] < minV) {
      minV = vm[i];
      minBus = i + 1;
    }
  }
  return {
    vMagPu: vm,
    vAngleRad: va,
    branchPMw,
    branchQMvar,
    branchCurrentPu,
    lossMw: lossP * net.baseMva,
    lossMvar: lossQ * net.baseMva,
    slackPMw: pCalc[net.slack] * net.baseMva + demand.pMw[net.slack],
    slackQMvar: qCalc[net.slack] * net.baseMva + demand.qMvar[net.slack],
    iterations,
    residualPu: residual,
    tolerancePu: opts.tolerancePu,
    minVoltagePu: minV,
    minVoltageBus: minBus,
  };
}

/** Solves A x = b in place (x returned in b) by Gaussian elimination with partial pivoting. */
function solveDense(A: Float64Array, b: Float64Array, n: number): void {
  for (let c = 0; c < n; c++) {
    let piv = c;
    let best = Math.abs(A[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(A[r * n + c]);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best === 0)
      throw new ConvergenceError("singular Jacobian", "solveNewtonRaphson", "check the network data");
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        const t = A[c * n + k];
        A[c * n + k] = A[piv * n + k];
        A[piv * n + k] = t;
      }
      const t = b[c];
      b[c] = b[piv];
      b[piv] = t;
    }
    const d = A[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r * n + k] * b[k];
    b[r] = s / A[r * n + r];
  }
}
