import { ConfigError } from "../core/errors";

/**
 * The seam between learning controllers and any world (lib/papers/s000/env's city env implements this later).
 * PettingZoo "parallel" style (Terry et al. 2021, PettingZoo, NeurIPS): every agent acts every step.
 * Agents are addressed by position in `agents`; all per-agent arrays follow that order.
 * Actions are continuous in [-1, 1]^actionSize; the env maps them to physical units and clips to what
 * is feasible. The env returns reward TERMS (e.g. econ, renew, stability, carbon, fairness: notes-000
 * §1.5), never a scalar reward: the caller applies the weights (R = w . terms), so NSGA-II can set them.
 */
export interface AgentSpec {
  readonly id: string;
  readonly observationSize: number;
  readonly actionSize: number;
}

export interface MultiAgentStep {
  /** Next observation per agent. */
  readonly observations: readonly Float64Array[];
  /** Reward terms per agent, each of length rewardTermNames.length. */
  readonly rewardTerms: readonly Float64Array[];
  /** The episode ended (terminal: no bootstrapping past it). */
  readonly done: boolean;
  /** The episode was cut by a time limit rather than ended (bootstrapping continues). Default false. */
  readonly truncated?: boolean;
}

export interface MultiAgentEnv {
  readonly agents: readonly AgentSpec[];
  readonly rewardTermNames: readonly string[];
  /** Starts an episode; the same seed gives the same episode. Returns the first observation per agent. */
  reset(seed: number): readonly Float64Array[];
  /** Applies one action per agent (each in [-1, 1]). */
  step(actions: readonly Float64Array[]): MultiAgentStep;
}

/** Scalar reward of each agent: r_i = sum_k weights[k] * terms_i[k]. */
export function scalariseRewards(
  terms: readonly Float64Array[],
  weights: ArrayLike<number>,
  out = new Float64Array(terms.length),
): Float64Array {
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (t.length !== weights.length) {
      throw new ConfigError(
        `agent ${i} has ${t.length} reward terms but ${weights.length} weights were given`,
        "scalariseRewards(weights)",
        "give one weight per env.rewardTermNames entry",
      );
    }
    let s = 0;
    for (let k = 0; k < t.length; k++) s += weights[k] * t[k];
    out[i] = s;
  }
  return out;
}
