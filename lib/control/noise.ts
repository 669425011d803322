import type { Rng } from "../core/rng";

/** How a scheduled value moves from its initial to its final value (learning rates, exploration sigma). */
export type ScheduleKind = "constant" | "linear" | "cosine";

/**
 * Value of a schedule after `step` of `decaySteps` steps: constant = `initial`; linear and cosine
 * (Loshchilov & Hutter 2017, SGDR, without restarts) go from `initial` to `final` over `decaySteps`
 * steps and stay at `final` afterwards.
 */
export function scheduleValue(
  kind: ScheduleKind,
  initial: number,
  final: number,
  step: number,
  decaySteps: number,
): number {
  if (kind === "constant") return initial;
  const f = Math.min(1, Math.max(0, step) / Math.max(1, decaySteps));
  if (kind === "linear") return initial + (final - initial) * f;
  return final + (initial - final) * 0.5 * (1 + Math.cos(Math.PI * f));
}

/**
 * Exploration noise added to actions in [-1, 1]. Gaussian (Fujimoto et al. 2018, TD3, sigma 0.1) or
 * Ornstein-Uhlenbeck (Lillicrap et al. 2016, DDPG: theta 0.15, sigma 0.2), with sigma moving from
 * `sigma` to `sigmaFinal` over `decaySteps` environment steps (counted from the end of the warm-up) by
 * `schedule` (default linear).
 */
export interface NoiseConfig {
  readonly kind: "gaussian" | "ou";
  readonly sigma: number;
  readonly sigmaFinal: number;
  readonly decaySteps: number;
  /** OU mean reversion per step. */
  readonly theta: number;
  /** Default "linear". */
  readonly schedule?: ScheduleKind;
}

export const DEFAULT_NOISE: NoiseConfig = {
  kind: "gaussian",
  sigma: 0.1,
  sigmaFinal: 0.1,
  decaySteps: 1,
  theta: 0.15,
};

export class ActionNoise {
  private readonly state: Float64Array;

  constructor(
    readonly config: NoiseConfig,
    readonly size: number,
    private readonly rng: Rng,
  ) {
    this.state = new Float64Array(size);
  }

  sigmaAt(step: number): number {
    const { sigma, sigmaFinal, decaySteps, schedule = "linear" } = this.config;
    return scheduleValue(schedule, sigma, sigmaFinal, step, decaySteps);
  }

  reset(): void {
    this.state.fill(0);
  }

  /** Adds noise to `action` in place and clips to [-1, 1]. */
  apply(action: Float64Array, step: number): void {
    const s = this.sigmaAt(step);
    for (let i = 0; i < action.length; i++) {
      let n: number;
      if (this.config.kind === "ou") {
        this.state[i] += -this.config.theta * this.state[i] + s * this.rng.normal();
        n = this.state[i];
      } else n = s * this.rng.normal();
      action[i] = Math.max(-1, Math.min(1, action[i] + n));
    }
  }
}
