import { type Cache, type Codec, jsonCodec } from "../core/cache";
import { ConfigError, DataError } from "../core/errors";
import type { Progress } from "../core/progress";
import {
  type Alternative,
  type BootstrapCi,
  bootstrapMedianDifferenceCi,
  type WilcoxonMethod,
  type WilcoxonResult,
  wilcoxonSignedRank,
  type ZeroMethod,
} from "../metrics/stats";

/**
 * Multi-seed runs: one (async) function over a list of seeds, each seed's result cached on its own, so
 * adding a seed computes only that seed and a rerun computes nothing; plus the paired comparison of two
 * methods run over the same seeds (Wilcoxon signed-rank test and a bootstrap CI of the median difference).
 */

/** What identifies the function being run; the seed is added per entry. */
export interface SeedRunKey {
  /** Cache component (folder), e.g. "seeds.fig5.mpc". Letters, digits, '.', '_' and '-'. */
  readonly component: string;
  /** Code version / fingerprint: change it when the function's result would change. */
  readonly version: string;
  /** Everything else the result depends on (JSON-serialisable). */
  readonly params: unknown;
  /** Hashes (or small values) of input data, as in CacheKeyParts. */
  readonly inputs?: unknown;
}

export interface SeedProgressEvent {
  readonly seed: number;
  /** 0-based position of the seed in the list. */
  readonly index: number;
  readonly total: number;
  readonly fromCache: boolean;
}

export interface RunOverSeedsOptions<T> {
  /** Called after each seed, or a Progress display ticked once per seed. */
  readonly progress?: ((e: SeedProgressEvent) => void) | Progress;
  /** How a result is stored (default JSON: plain objects, arrays, numbers, strings; NaN becomes null). */
  readonly codec?: Codec<T>;
}

export interface SeedResult<T> {
  readonly seed: number;
  readonly value: T;
  readonly fromCache: boolean;
}

/** Throws a ConfigError unless `seeds` is a non-empty list of distinct non-negative integers. */
export function validateSeeds(seeds: readonly number[], where = "runOverSeeds: seeds"): void {
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new ConfigError(
      `must be a non-empty list of seeds, got ${JSON.stringify(seeds)}`,
      where,
      "e.g. [0, 1, 2, 3, 4]",
    );
  }
  const seen = new Set<number>();
  seeds.forEach((s, i) => {
    if (!Number.isSafeInteger(s) || s < 0) {
      throw new ConfigError(
        `seeds[${i}] is ${JSON.stringify(s)}; seeds must be non-negative integers`,
        where,
        "e.g. [0, 1, 2, 3, 4]",
      );
    }
    if (seen.has(s)) {
      throw new ConfigError(
        `seed ${s} appears more than once (at index ${i})`,
        where,
        "list each seed once; a repeated seed would count the same run twice in a paired test",
      );
    }
    seen.add(s);
  });
}

/**
 * Runs `fn(seed)` for every seed, in the order given, each result cached under
 * { component, version, params, inputs, seed }. Results come back in the order of `seeds`, with
 * `fromCache` telling which were loaded; a computed value is returned as the cache stores it (decoded
 * from the bytes written), so a cold and a warm run give identical values.
 *
 * @example await runOverSeeds(cache, { component: "seeds.demo", version: "1", params: { k: 2 } }, [0, 1], (s) => s * 2) // => [{ seed: 0, value: 0, fromCache: false }, { seed: 1, value: 2, fromCache: false }]
 */
export async function runOverSeeds<T>(
  cache: Cache,
  key: SeedRunKey,
  seeds: readonly number[],
  fn: (seed: number) => Promise<T> | T,
  opts: RunOverSeedsOptions<T> = {},
): Promise<SeedResult<T>[]> {
  validateSeeds(seeds);
  if (typeof fn !== "function")
    throw new ConfigError("must be a function (seed) => result", "runOverSeeds: fn");
  const codec = opts.codec ?? (jsonCodec as Codec<T>);
  const out: SeedResult<T>[] = [];
  for (let index = 0; index < seeds.length; index++) {
    const seed = seeds[index];
    const { value, hit } = await cache.getOrCompute(
      { component: key.component, version: key.version, params: key.params, inputs: key.inputs, seed },
      codec,
      async () => {
        const v = await fn(seed);
        if (v === undefined) {
          throw new DataError(
            `returned undefined for seed ${seed}`,
            "runOverSeeds: fn",
            "return a value the codec can store (null is fine with the JSON codec)",
          );
        }
        return v;
      },
    );
    out.push({ seed, value, fromCache: hit });
    const p = opts.progress;
    if (typeof p === "function") p({ seed, index, total: seeds.length, fromCache: hit });
    else if (p) p.tick();
  }
  return out;
}

export interface PairedComparisonOptions {
  /** The alternative of the one-sided test about d = a - b (default "greater": a tends to exceed b). */
  readonly alternative?: Alternative;
  readonly method?: WilcoxonMethod;
  readonly zeroMethod?: ZeroMethod;
  readonly correction?: boolean;
  /** Bootstrap seed (default 0), resamples (default 9999) and level (default 0.95). */
  readonly bootstrapSeed?: number;
  readonly resamples?: number;
  readonly level?: number;
}

export interface PairedComparison {
  /** Number of pairs (seeds). */
  readonly n: number;
  readonly twoSided: WilcoxonResult;
  /** The test with the requested alternative (the same as `twoSided` when that is "two-sided"). */
  readonly oneSided: WilcoxonResult;
  /** Bootstrap CI of the median of a - b. */
  readonly medianDifference: BootstrapCi;
}

/**
 * "Method A vs method B over the same seeds": a[i] and b[i] are the two methods' scores on seed i.
 * Returns the two-sided Wilcoxon signed-rank test of a - b, the test with the requested alternative,
 * and the percentile bootstrap CI of the median difference.
 *
 * @example pairedComparison([5, 6, 7, 8, 9, 10], [1, 1, 1, 1, 1, 1]).twoSided.pValue // => 0.03125 (= 2/2^6; oneSided.pValue 0.015625)
 */
export function pairedComparison(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts: PairedComparisonOptions = {},
): PairedComparison {
  const test = { method: opts.method, zeroMethod: opts.zeroMethod, correction: opts.correction };
  const twoSided = wilcoxonSignedRank(a, b, { ...test, alternative: "two-sided" });
  const alternative = opts.alternative ?? "greater";
  const oneSided =
    alternative === "two-sided" ? twoSided : wilcoxonSignedRank(a, b, { ...test, alternative });
  const medianDifference = bootstrapMedianDifferenceCi(a, b, {
    seed: opts.bootstrapSeed ?? 0,
    resamples: opts.resamples,
    level: opts.level,
  });
  return { n: a.length, twoSided, oneSided, medianDifference };
}
