import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../lib/core/cache";
import { ConfigError, DataError } from "../../lib/core/errors";
import { createRng } from "../../lib/core/rng";
import { pairedComparison, runOverSeeds, type SeedProgressEvent } from "../../lib/experiments/seedHarness";
import { bootstrapMedianDifferenceCi, wilcoxonSignedRank } from "../../lib/metrics/stats";

describe("runOverSeeds", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "seed-harness-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const key = { component: "test.seedHarness", version: "1", params: { horizon: 24 } };
  const score = (seed: number) => {
    const r = createRng(seed, "test.score");
    return { seed, cost: r.normal(100, 5), trace: [r.next(), r.next()] };
  };

  it("computes each seed once; a second run is all from the cache with identical values, in seed order", async () => {
    const cache = new Cache(dir);
    const seeds = [4, 0, 2, 1];
    const fn = jest.fn(async (s: number) => score(s));
    const first = await runOverSeeds(cache, key, seeds, fn);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(first.map((r) => r.seed)).toEqual(seeds);
    expect(first.every((r) => !r.fromCache)).toBe(true);
    expect(first.map((r) => r.value)).toEqual(seeds.map(score));

    fn.mockClear();
    const second = await runOverSeeds(new Cache(dir), key, seeds, fn);
    expect(fn).not.toHaveBeenCalled();
    expect(second.every((r) => r.fromCache)).toBe(true);
    expect(second.map((r) => r.value)).toEqual(first.map((r) => r.value));
    expect(second.map((r) => r.seed)).toEqual(seeds);
  });

  it("adding a seed computes only that seed; other params or version recompute", async () => {
    const cache = new Cache(dir);
    await runOverSeeds(cache, key, [0, 1], score);
    const fn = jest.fn(score);
    const more = await runOverSeeds(cache, key, [0, 1, 2], fn);
    expect(more.map((r) => r.fromCache)).toEqual([true, true, false]);
    expect(fn.mock.calls).toEqual([[2]]);
    const other = await runOverSeeds(cache, { ...key, params: { horizon: 48 } }, [0], fn);
    expect(other[0].fromCache).toBe(false);
    const bumped = await runOverSeeds(cache, { ...key, version: "2" }, [0], fn);
    expect(bumped[0].fromCache).toBe(false);
  });

  it("reports progress once per seed, with a callback or a Progress-like ticker", async () => {
    const cache = new Cache(dir);
    const events: SeedProgressEvent[] = [];
    await runOverSeeds(cache, key, [7, 8], (s) => s * 2, { progress: (e) => events.push(e) });
    expect(events).toEqual([
      { seed: 7, index: 0, total: 2, fromCache: false },
      { seed: 8, index: 1, total: 2, fromCache: false },
    ]);
    const tick = jest.fn();
    await runOverSeeds(cache, key, [7, 8, 9], (s) => s * 2, { progress: { tick } as never });
    expect(tick).toHaveBeenCalledTimes(3);
  });

  it("validates the seed list with a ConfigError naming it", async () => {
    const cache = new Cache(dir);
    const run = (seeds: number[]) => runOverSeeds(cache, key, seeds, (s) => s);
    await expect(run([])).rejects.toThrow(/runOverSeeds: seeds: must be a non-empty list/);
    await expect(run([0, 1, 1])).rejects.toThrow(/seed 1 appears more than once/);
    await expect(run([0, -1])).rejects.toThrow(ConfigError);
    await expect(run([0.5])).rejects.toThrow(/seeds\[0\] is 0.5/);
    await expect(run([Number.NaN])).rejects.toThrow(ConfigError);
  });

  it("a function returning undefined fails loudly and caches nothing", async () => {
    const cache = new Cache(dir);
    await expect(runOverSeeds(cache, key, [0], () => undefined)).rejects.toThrow(DataError);
    expect(cache.ls()).toHaveLength(0);
  });
});

describe("pairedComparison", () => {
  it("is the two-sided and one-sided Wilcoxon tests plus the bootstrap CI of the median difference", () => {
    const r = createRng(5, "test.paired");
    const b = Array.from({ length: 12 }, () => r.normal(50, 3));
    const a = b.map((v) => v + 1 + r.normal(0, 1));
    const cmp = pairedComparison(a, b, { alternative: "greater", bootstrapSeed: 9, resamples: 1500 });
    expect(cmp.n).toBe(12);
    expect(cmp.twoSided).toEqual(wilcoxonSignedRank(a, b));
    expect(cmp.oneSided).toEqual(wilcoxonSignedRank(a, b, { alternative: "greater" }));
    expect(cmp.oneSided.pValue).toBeLessThan(cmp.twoSided.pValue);
    expect(cmp.medianDifference).toEqual(bootstrapMedianDifferenceCi(a, b, { seed: 9, resamples: 1500 }));
    const two = pairedComparison(a, b, { alternative: "two-sided", resamples: 200 });
    expect(two.oneSided).toBe(two.twoSided);
  });

  it("the doc-comment example holds", () => {
    const cmp = pairedComparison([5, 6, 7, 8, 9, 10], [1, 1, 1, 1, 1, 1], { resamples: 200 });
    expect(cmp.twoSided.pValue).toBe(2 / 2 ** 6);
    expect(cmp.oneSided.pValue).toBe(1 / 2 ** 6);
  });
});
