import type { Rng } from "../core/rng";

/**
 * Variation operators for real-coded evolutionary algorithms, written after Deb's reference C code of
 * NSGA-II (Kanpur Genetic Algorithms Laboratory, nsga2-v1.1) and pymoo 0.6 (Blank & Deb 2020,
 * `pymoo.operators.crossover.sbx`, `pymoo.operators.mutation.pm`), which agree on the formulas.
 */

/** Settings of simulated binary crossover (Deb & Agrawal 1995, "Simulated binary crossover for continuous search space", Complex Systems 9). */
export interface SbxConfig {
  /** Distribution index eta_c: larger keeps children nearer their parents. */
  readonly eta: number;
  /** Probability that a pair is crossed at all. */
  readonly probability: number;
  /** Per-variable probability of recombining that variable once a pair is crossed. */
  readonly probabilityVar: number;
  /** Probability of swapping the two children's values of a variable (pymoo's prob_exch / prob_bin). */
  readonly probabilitySwap: number;
}

/**
 * pymoo 0.6 SBX defaults: eta 15, variable probability 0.5, swap 0.5 (pymoo/operators/crossover/sbx.py).
 * Crossover probability 0.9: seed 000 Sec. 3 ("crossover 0.9") and Deb et al. (2002).
 */
export const DEFAULT_SBX: SbxConfig = {
  eta: 15,
  probability: 0.9,
  probabilityVar: 0.5,
  probabilitySwap: 0.5,
};

/** Settings of polynomial mutation (Deb & Goyal 1996, "A combined genetic adaptive search (GeneAS)", Comp. Sci. Informatics 26). */
export interface PolynomialMutationConfig {
  /** Distribution index eta_m. */
  readonly eta: number;
  /** Per-variable mutation probability; `undefined` means 1/nVar (Deb et al. 2002; pymoo's default). */
  readonly probabilityVar?: number;
}

/** pymoo 0.6 polynomial-mutation default: eta 20, per-variable probability 1/nVar (pymoo/operators/mutation/pm.py). */
export const DEFAULT_POLYNOMIAL_MUTATION: PolynomialMutationConfig = { eta: 20 };

const EPS = 1e-14;

/**
 * x^e for the exponents the operators use, faster than Math.pow in the hot loop: an integer e in
 * [-64, 64] by repeated squaring, e = 1/2^k by k square roots (SBX with eta 15 uses x^(1/16)),
 * anything else by Math.pow. Results differ from Math.pow only by rounding (a few ulps).
 */
export function powFor(e: number): (x: number) => number {
  if (Number.isInteger(e) && Math.abs(e) <= 64) {
    const k = Math.abs(e);
    const neg = e < 0;
    return (x: number) => {
      let r = 1;
      let b = x;
      let n = k;
      while (n > 0) {
        if (n & 1) r *= b;
        b *= b;
        n >>>= 1;
      }
      return neg ? 1 / r : r;
    };
  }
  const inv = 1 / e;
  if (e > 0 && Number.isInteger(inv) && inv <= 64 && (inv & (inv - 1)) === 0) {
    const times = Math.round(Math.log2(inv));
    return (x: number) => {
      let r = x;
      for (let t = 0; t < times; t++) r = Math.sqrt(r);
      return r;
    };
  }
  return (x: number) => x ** e;
}

/** Cached power functions per distribution index (eta is fixed for a run). */
const powCache = new Map<
  number,
  { negEta1: (x: number) => number; invEta1: (x: number) => number; eta1: (x: number) => number }
>();
function powsOf(eta: number) {
  let p = powCache.get(eta);
  if (!p) {
    p = { negEta1: powFor(-(eta + 1)), invEta1: powFor(1 / (eta + 1)), eta1: powFor(eta + 1) };
    powCache.set(eta, p);
  }
  return p;
}

/**
 * Bounded SBX of parents a, b into children c1, c2 (may alias nothing). Children stay within
 * [lower, upper]. Returns without recombining when the pair is not selected for crossover
 * (children are then copies of the parents).
 */
export function sbxCrossover(
  a: Float64Array,
  b: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  cfg: SbxConfig,
  rng: Rng,
  c1: Float64Array,
  c2: Float64Array,
): void {
  c1.set(a);
  c2.set(b);
  if (rng.next() >= cfg.probability) return;
  const { negEta1, invEta1 } = powsOf(cfg.eta);
  for (let j = 0; j < a.length; j++) {
    if (rng.next() >= cfg.probabilityVar) continue;
    const x1 = a[j];
    const x2 = b[j];
    if (Math.abs(x1 - x2) <= EPS) continue;
    const y1 = Math.min(x1, x2);
    const y2 = Math.max(x1, x2);
    const yl = lower[j];
    const yu = upper[j];
    const dy = y2 - y1;
    const u = rng.next();
    // child near y1
    let beta = 1 + (2 * (y1 - yl)) / dy;
    let alpha = 2 - negEta1(beta);
    let betaq = u <= 1 / alpha ? invEta1(u * alpha) : invEta1(1 / (2 - u * alpha));
    let k1 = 0.5 * (y1 + y2 - betaq * dy);
    // child near y2
    beta = 1 + (2 * (yu - y2)) / dy;
    alpha = 2 - negEta1(beta);
    betaq = u <= 1 / alpha ? invEta1(u * alpha) : invEta1(1 / (2 - u * alpha));
    let k2 = 0.5 * (y1 + y2 + betaq * dy);
    if (k1 < yl) k1 = yl;
    else if (k1 > yu) k1 = yu;
    if (k2 < yl) k2 = yl;
    else if (k2 > yu) k2 = yu;
    // Children follow the parents' order, then are swapped with probabilitySwap (pymoo).
    if (x1 > x2) {
      const t = k1;
      k1 = k2;
      k2 = t;
    }
    if (rng.next() < cfg.probabilitySwap) {
      c1[j] = k2;
      c2[j] = k1;
    } else {
      c1[j] = k1;
      c2[j] = k2;
    }
  }
}

/** Bounded polynomial mutation of x in place. */
export function polynomialMutation(
  x: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  cfg: PolynomialMutationConfig,
  rng: Rng,
): void {
  const n = x.length;
  const pm = cfg.probabilityVar ?? 1 / n;
  const { eta1, invEta1 } = powsOf(cfg.eta);
  for (let j = 0; j < n; j++) {
    if (rng.next() >= pm) continue;
    const yl = lower[j];
    const yu = upper[j];
    const range = yu - yl;
    if (!(range > 0)) continue;
    const y = x[j];
    const d1 = (y - yl) / range;
    const d2 = (yu - y) / range;
    const u = rng.next();
    let dq: number;
    if (u < 0.5) {
      const val = 2 * u + (1 - 2 * u) * eta1(1 - d1);
      dq = invEta1(val) - 1;
    } else {
      const val = 2 * (1 - u) + 2 * (u - 0.5) * eta1(1 - d2);
      dq = 1 - invEta1(val);
    }
    let v = y + dq * range;
    if (v < yl) v = yl;
    else if (v > yu) v = yu;
    x[j] = v;
  }
}

/** Rounds integer variables and clips into bounds (pymoo's RoundingRepair for mixed problems). */
export function roundIntegers(
  x: Float64Array,
  integer: Uint8Array | undefined,
  lower: Float64Array,
  upper: Float64Array,
): void {
  if (!integer) return;
  for (let j = 0; j < x.length; j++) {
    if (integer[j] !== 1) continue;
    let v = Math.round(x[j]) + 0;
    if (v < lower[j]) v = Math.ceil(lower[j]) + 0; // + 0 turns -0 into 0
    if (v > upper[j]) v = Math.floor(upper[j]);
    x[j] = v;
  }
}
