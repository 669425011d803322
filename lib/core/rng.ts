import { createHash } from "node:crypto";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";

/**
 * The project's only source of randomness.
 *
 * Generator: xoroshiro128+ (Blackman & Vigna 2018) from the `pure-rand` package, 53-bit uniform doubles.
 * Streams are keyed, not sequential: `createRng(seed, "wind", 3)` derives its 128-bit state from
 * SHA-256 of the key, so a stream's numbers depend only on (seed, key...), never on how many other
 * streams were drawn before it, on worker count or on sharding. Use one stream per independent
 * quantity (per series, per Monte Carlo realisation, per agent).
 */
export type StreamKey = string | number;

export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plusFromState>;
  private spareNormal: number | null = null;

  /** Prefer `createRng`; the key is kept for diagnostics and `fork`. */
  constructor(readonly key: readonly StreamKey[]) {
    const digest = createHash("sha256").update(JSON.stringify(key)).digest();
    const state = [
      digest.readInt32LE(0),
      digest.readInt32LE(4),
      digest.readInt32LE(8),
      digest.readInt32LE(12),
    ];
    if (state.every((s) => s === 0)) state[0] = 1; // xoroshiro's all-zero state is forbidden
    this.gen = xoroshiro128plusFromState(state);
  }

  /** An independent child stream: same as `createRng(...this.key, ...subKey)`. */
  fork(...subKey: StreamKey[]): Rng {
    return new Rng([...this.key, ...subKey]);
  }

  /** Uniform in [0, 1), 53 random bits. */
  next(): number {
    const hi = this.gen.next() >>> 5; // 27 bits
    const lo = this.gen.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [a, b). */
  uniform(a = 0, b = 1): number {
    return a + (b - a) * this.next();
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Marsaglia polar method), scaled: N(mean, sd^2). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate = 1): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Weibull with shape k and scale lambda, by inversion. */
  weibull(k: number, lambda: number): number {
    return lambda * (-Math.log(1 - this.next())) ** (1 / k);
  }

  /** Log-normal: exp(N(mu, sigma^2)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Poisson count (Knuth for small means, normal approximation above 50). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(a: T[] | Float64Array | Int32Array): typeof a {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t as never;
    }
    return a;
  }

  /** Fills a Float64Array with N(mean, sd^2) draws. */
  normalArray(n: number, mean = 0, sd = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, sd);
    return out;
  }
}

/** A keyed random stream. `createRng(42, "scenario", "wind")` is the same stream on every machine. */
export function createRng(seed: number, ...key: StreamKey[]): Rng {
  if (!Number.isInteger(seed)) throw new TypeError(`createRng: seed must be an integer, got ${seed}`);
  return new Rng([seed, ...key]);
}
