import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache, type CacheEvent, filesCodec, jsonCodec, seriesCodec } from "../../lib/core/cache";

describe("Cache", () => {
  let root: string;
  let cache: Cache;
  let events: CacheEvent[];
  const parts = { component: "test.thing", version: "v1", params: { a: 1 }, seed: 42 };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "cache-test-"));
    cache = new Cache(root);
    events = [];
    cache.onEvent((e) => events.push(e));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("misses, computes once, then hits", async () => {
    let calls = 0;
    const compute = () => {
      calls++;
      return { answer: 42 };
    };
    const first = await cache.getOrCompute(parts, jsonCodec, compute);
    const second = await cache.getOrCompute(parts, jsonCodec, compute);
    expect(first.hit).toBe(false);
    expect(second.hit).toBe(true);
    expect(second.value).toEqual({ answer: 42 });
    expect(calls).toBe(1);
    expect(events.map((e) => e.kind)).toEqual(["miss", "write", "hit"]);
  });

  it("a computed value comes back as the cache will return it, so a cold and a warm run agree", async () => {
    // JSON cannot carry NaN: a miss must not hand back NaN when a hit hands back null.
    const compute = () => ({ accuracy: Number.NaN, n: 3 });
    const cold = await cache.getOrCompute({ ...parts, component: "nan" }, jsonCodec, compute);
    const warm = await cache.getOrCompute({ ...parts, component: "nan" }, jsonCodec, compute);
    expect(cold.hit).toBe(false);
    expect(warm.hit).toBe(true);
    expect(cold.value).toEqual({ accuracy: null, n: 3 });
    expect(warm.value).toEqual(cold.value);
  });

  it("keys on every part: params, seed, version, inputs", () => {
    const k = cache.key(parts);
    expect(cache.key({ ...parts, params: { a: 2 } })).not.toBe(k);
    expect(cache.key({ ...parts, seed: 43 })).not.toBe(k);
    expect(cache.key({ ...parts, version: "v2" })).not.toBe(k);
    expect(cache.key({ ...parts, inputs: "abc" })).not.toBe(k);
    expect(cache.key({ ...parts, params: { a: 1 } })).toBe(k);
  });

  it("detects a corrupted entry, reports it, deletes it and recomputes", async () => {
    await cache.getOrCompute(parts, jsonCodec, () => ({ v: "original value" }));
    const path = cache.pathOf(parts.component, cache.key(parts));
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 0xff; // flip bits in the payload
    writeFileSync(path, bytes);
    const again = await cache.getOrCompute(parts, jsonCodec, () => ({ v: "recomputed" }));
    expect(again.hit).toBe(false);
    expect(again.value).toEqual({ v: "recomputed" });
    const corrupt = events.find((e) => e.kind === "corrupt");
    expect(corrupt).toBeDefined();
    expect(corrupt && "reason" in corrupt && corrupt.reason).toMatch(/checksum/);
  });

  it("detects a truncated entry (an interrupted write that left a partial file)", async () => {
    await cache.getOrCompute(parts, jsonCodec, () => ({ big: "x".repeat(1000) }));
    const path = cache.pathOf(parts.component, cache.key(parts));
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    expect(cache.get(parts, jsonCodec)).toBeUndefined();
    expect(events.some((e) => e.kind === "corrupt" && /truncated/.test(e.reason))).toBe(true);
  });

  it("never exposes a half-written entry: writes go to a temp file that prune removes", () => {
    cache.put(parts, { ok: true }, jsonCodec);
    const dir = join(root, parts.component);
    // simulate a crash mid-write: a stray temp file beside the entry
    writeFileSync(join(dir, `${cache.key(parts)}.entry.tmp-999-0`), "partial");
    expect(cache.ls()).toHaveLength(1);
    expect(cache.get(parts, jsonCodec)).toEqual({ ok: true });
    const { removed } = cache.prune();
    expect(removed).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([`${cache.key(parts)}.entry`]);
  });

  it("round-trips typed-array bundles exactly and file bundles byte for byte", () => {
    const series = { a: new Float64Array([1, 2.5, -3e-300, Number.NaN]), b: new Float64Array(3).fill(7) };
    cache.put(parts, { json: { n: 1 }, series }, seriesCodec);
    const got = cache.get(parts, seriesCodec)!;
    expect(got.json).toEqual({ n: 1 });
    expect(Array.from(got.series.a)).toEqual(Array.from(series.a));
    expect(Array.from(got.series.b)).toEqual([7, 7, 7]);
    const p2 = { ...parts, component: "test.files" };
    cache.put(p2, { "model.json": Buffer.from("{}"), "weights.bin": new Uint8Array([1, 2, 3]) }, filesCodec);
    const files = cache.get(p2, filesCodec)!;
    expect(Array.from(files["weights.bin"])).toEqual([1, 2, 3]);
    expect(Buffer.from(files["model.json"]).toString()).toBe("{}");
  });

  it("refuses to decode with the wrong codec (treated as corrupt, recomputed)", () => {
    cache.put(parts, { x: 1 }, jsonCodec);
    expect(cache.get(parts, seriesCodec)).toBeUndefined();
    expect(events.some((e) => e.kind === "corrupt" && /codec/.test(e.reason))).toBe(true);
  });

  it("lists, merges and clears", () => {
    cache.put(parts, 1, jsonCodec);
    const otherRoot = mkdtempSync(join(tmpdir(), "cache-other-"));
    const other = new Cache(otherRoot);
    other.put({ ...parts, seed: 1 }, 2, jsonCodec);
    other.put(parts, 1, jsonCodec);
    expect(cache.merge(otherRoot)).toEqual({ copied: 1, corrupt: 0, present: 1 });
    expect(cache.ls()).toHaveLength(2);
    cache.clear();
    expect(cache.ls()).toHaveLength(0);
    rmSync(otherRoot, { recursive: true, force: true });
  });
});
