import { requireInRange } from "../core/errors";
import type { Floats } from "./floats";

// Module-level aliases: under jest's vm sandbox a global `Math` lookup in a hot loop is ~5x slower.
const sqrt = Math.sqrt;

/** Adam hyper-parameters; defaults from Kingma & Ba (2015), "Adam", ICLR, Algorithm 1. */
export interface AdamConfig {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

export const DEFAULT_ADAM: AdamConfig = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/**
 * Adam with bias correction (Kingma & Ba 2015, Algorithm 1), moments in double precision:
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 * `lr` is mutable (learning-rate schedules and sweeps).
 */
export class Adam {
  lr: number;
  readonly config: AdamConfig;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(size: number, config: Partial<AdamConfig> = {}) {
    this.config = { ...DEFAULT_ADAM, ...config };
    requireInRange(this.config.lr, 0, Number.POSITIVE_INFINITY, "AdamConfig.lr");
    requireInRange(this.config.beta1, 0, 0.999999, "AdamConfig.beta1");
    requireInRange(this.config.beta2, 0, 0.999999999, "AdamConfig.beta2");
    this.lr = this.config.lr;
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  get stepCount(): number {
    return this.t;
  }

  step(params: Floats, grads: Floats): void {
    const { beta1, beta2, eps } = this.config;
    this.t++;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    const lr = this.lr;
    const m = this.m;
    const v = this.v;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= (lr * (m[i] / c1)) / (sqrt(v[i] / c2) + eps);
    }
  }
}

/** Scales `grads` in place so their L2 norm is at most `maxNorm`; returns the norm before clipping. */
export function clipGradNorm(grads: Floats, maxNorm: number): number {
  let s = 0;
  for (let i = 0; i < grads.length; i++) s += grads[i] * grads[i];
  const norm = Math.sqrt(s);
  if (norm > maxNorm && norm > 0) {
    const k = maxNorm / norm;
    for (let i = 0; i < grads.length; i++) grads[i] *= k;
  }
  return norm;
}

/** Polyak averaging of target parameters: target = tau * source + (1 - tau) * target. */
export function softUpdate(target: Floats, source: Floats, tau: number): void {
  const keep = 1 - tau;
  for (let i = 0; i < target.length; i++) target[i] = tau * source[i] + keep * target[i];
}
