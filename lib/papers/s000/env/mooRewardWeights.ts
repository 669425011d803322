import { ConfigError } from "../../../core/errors";
import { kneePoint, topsis } from "../../../optimise/compromise";
import { REWARD_TERM_COUNT, REWARD_TERMS, type RewardTerm } from "./agents";

/**
 * From a Pareto front of the energy problem (rows of minimised objectives = negated episode means
 * of the env's reward terms, REWARD_TERMS order; see energyProblem.ts) to the agents' reward
 * weights w1..w5 (econ, renew, stability, carbon, fairness), R_t = sum_k w_k term_k,t.
 *
 * The rule (documented in docs/adr/0401-energy-moo.md):
 *  1. Normalise each objective by the front's range, z_ik = (f_ik - min_i f_ik) / range_k.
 *  2. Pick the compromise: by default the knee (smallest sum of z, lib/optimise kneePoint), or TOPSIS
 *     with preference weights p (equal by default).
 *  3. The preference on the normalised objectives is p (equal for the knee). On the raw terms it is
 *     w_k proportional to p_k / range_k, rescaled to sum 1; an objective that does not vary on the
 *     front (range <= 1e-12 x its magnitude) gets w_k = 0, as no choice on the front trades it.
 * With the knee, the chosen point is by construction the front point that maximises the episode
 * return sum_t R_t under these weights (sum_k w_k term-mean_k is an increasing affine map of
 * -sum_k z_k), so the agents are rewarded for exactly the trade-off the compromise strikes.
 */
export type CompromiseRule = "knee" | "topsis";

export interface RewardWeightChoice {
  readonly rule: CompromiseRule;
  /** Row of the front chosen as the compromise. */
  readonly index: number;
  /** Reward weights in REWARD_TERMS order, non-negative, summing to 1 (apply to the env's per-step terms). */
  readonly weights: Float64Array;
  readonly byTerm: Readonly<Record<RewardTerm, number>>;
  /** Preference on the normalised objectives (sum 1). */
  readonly normalisedWeights: Float64Array;
  /** Range of each objective over the front (units of the term means). */
  readonly ranges: Float64Array;
  /** Whether the chosen point maximises sum_k w_k term-mean_k over the front (always true for the knee). */
  readonly optimalOnFront: boolean;
}

/** The compromise on `front` and the reward weights it implies (see the module comment). */
export function chosenRewardWeights(
  front: readonly ArrayLike<number>[],
  opts: { rule?: CompromiseRule; preference?: ArrayLike<number> } = {},
): RewardWeightChoice {
  const rule = opts.rule ?? "knee";
  if (front.length === 0) throw new ConfigError("front is empty", "chosenRewardWeights");
  for (const f of front)
    if (f.length !== REWARD_TERM_COUNT)
      throw new ConfigError(
        `front rows need ${REWARD_TERM_COUNT} objectives (${REWARD_TERMS.join(", ")}), got ${f.length}`,
        "chosenRewardWeights",
      );
  const m = REWARD_TERM_COUNT;
  const p = new Float64Array(m).fill(1 / m);
  if (opts.preference) {
    if (opts.preference.length !== m)
      throw new ConfigError(
        `${opts.preference.length} preference weights for ${m} objectives`,
        "chosenRewardWeights",
      );
    let s = 0;
    for (let k = 0; k < m; k++) {
      if (!(opts.preference[k] >= 0))
        throw new ConfigError(
          `preference ${k} must be >= 0, got ${opts.preference[k]}`,
          "chosenRewardWeights",
        );
      s += opts.preference[k];
    }
    if (!(s > 0)) throw new ConfigError("preference weights sum to 0", "chosenRewardWeights");
    for (let k = 0; k < m; k++) p[k] = opts.preference[k] / s;
  }
  if (rule === "knee" && opts.preference)
    throw new ConfigError("the knee rule takes no preference", "chosenRewardWeights", "use rule: 'topsis'");
  const index = rule === "knee" ? kneePoint(front) : topsis(front, p).index;
  const ranges = new Float64Array(m);
  const w = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const f of front) {
      if (f[k] < lo) lo = f[k];
      if (f[k] > hi) hi = f[k];
    }
    ranges[k] = hi - lo;
    const scale = Math.max(Math.abs(lo), Math.abs(hi));
    w[k] = ranges[k] > 1e-12 * Math.max(1, scale) ? p[k] / ranges[k] : 0;
  }
  let s = 0;
  for (let k = 0; k < m; k++) s += w[k];
  if (s > 0) for (let k = 0; k < m; k++) w[k] /= s;
  else w.fill(1 / m);
  // Check: does the chosen point maximise the weighted return (minimise sum w f) over the front?
  let best = Number.POSITIVE_INFINITY;
  let mine = 0;
  front.forEach((f, i) => {
    let v = 0;
    for (let k = 0; k < m; k++) v += w[k] * f[k];
    if (v < best) best = v;
    if (i === index) mine = v;
  });
  const byTerm = {} as Record<RewardTerm, number>;
  REWARD_TERMS.forEach((t, k) => {
    byTerm[t] = w[k];
  });
  return {
    rule,
    index,
    weights: w,
    byTerm,
    normalisedWeights: p,
    ranges,
    optimalOnFront: mine <= best + 1e-12 * Math.max(1, Math.abs(best)),
  };
}
