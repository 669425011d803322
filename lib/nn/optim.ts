import { ConfigError, requireInRange, requirePositiveInt } from "../core/errors";
import type { Floats } from "./floats";
import { axpby, dot } from "./gemm";

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
 * Adam with bias correction (Kingma & Ba 2015, Algorithm 1), moments in the parameters' precision
 * (float32 like PyTorch for float32 networks: the update is memory-bound, 36 % less traffic):
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 * `lr` is mutable (learning-rate schedules and sweeps).
 */
export class Adam {
  lr: number;
  readonly config: AdamConfig;
  private m: Floats | null = null;
  private v: Floats | null = null;
  private t = 0;

  constructor(size: number, config: Partial<AdamConfig> = {}) {
    this.config = { ...DEFAULT_ADAM, ...config };
    requireInRange(this.config.lr, 0, Number.POSITIVE_INFINITY, "AdamConfig.lr");
    requireInRange(this.config.beta1, 0, 0.999999, "AdamConfig.beta1");
    requireInRange(this.config.beta2, 0, 0.999999999, "AdamConfig.beta2");
    this.lr = this.config.lr;
    requirePositiveInt(size, "Adam(size)");
    this.size = size;
  }

  private readonly size: number;

  get stepCount(): number {
    return this.t;
  }

  step(params: Floats, grads: Floats): void {
    const { beta1, beta2, eps } = this.config;
    this.t++;
    const c1 = 1 - beta1 ** this.t;
    const invC2 = 1 / (1 - beta2 ** this.t);
    const stepSize = this.lr / c1;
    const ob1 = 1 - beta1;
    const ob2 = 1 - beta2;
    if (params.length !== this.size || grads.length !== this.size) {
      throw new ConfigError(
        `params/grads have ${params.length}/${grads.length} values, this optimiser was built for ${this.size}`,
        "Adam.step",
      );
    }
    if (this.m === null || this.v === null) {
      this.m = params instanceof Float32Array ? new Float32Array(this.size) : new Float64Array(this.size);
      this.v = params instanceof Float32Array ? new Float32Array(this.size) : new Float64Array(this.size);
    }
    const m = this.m;
    const v = this.v;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const mi = beta1 * m[i] + ob1 * g;
      const vi = beta2 * v[i] + ob2 * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (stepSize * mi) / (sqrt(vi * invC2) + eps);
    }
  }
}

/** Scales `grads` in place so their L2 norm is at most `maxNorm`; returns the norm before clipping. */
export function clipGradNorm(grads: Floats, maxNorm: number): number {
  const norm = Math.sqrt(dot(grads.length, grads, grads));
  if (norm > maxNorm && norm > 0) axpby(grads.length, 0, grads, maxNorm / norm, grads);
  return norm;
}

/** Polyak averaging of target parameters: target = tau * source + (1 - tau) * target. */
export function softUpdate(target: Floats, source: Floats, tau: number): void {
  axpby(target.length, tau, source, 1 - tau, target);
}
