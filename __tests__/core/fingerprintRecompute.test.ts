import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { Cache, jsonCodec } from "../../lib/core/cache";
import { clearFingerprintMemo, fingerprintOfWith, importClosure } from "../../lib/core/fingerprint";
import { defaultRegistry } from "../../lib/papers/registry";

/**
 * Cache keys follow the import graph, shown on a temporary copy of the library: every seed-000
 * experiment (and the city-run computation) gets a cache entry keyed by its module's closure; after an
 * edit, exactly the entries whose code imports the edited file recompute, and a file under another
 * paper recomputes nothing of seed 000.
 */
describe("cache keys from the import graph, on a copy of lib/", () => {
  const real = resolve(__dirname, "../../lib");
  let root: string;
  let lib: string;
  let cache: Cache;
  // Each computation: its module in the copy (the experiment modules, plus the shared city runs).
  const modules = [
    ...new Set([...defaultRegistry().values()].map((e) => relative(real, e.module))),
    "papers/s000/experiments/cityRuns.ts",
  ].sort();

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fingerprint-copy-"));
    lib = join(root, "lib");
    cpSync(real, lib, { recursive: true });
    cache = new Cache(join(root, "cache"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Runs every computation through the cache; returns the modules that recomputed. */
  async function runAll(): Promise<string[]> {
    clearFingerprintMemo();
    const recomputed: string[] = [];
    for (const m of modules) {
      const version = fingerprintOfWith({ root: lib }, join(lib, m));
      await cache.getOrCompute(
        { component: "fingerprint-test", version, params: { m }, seed: 1 },
        jsonCodec,
        () => {
          recomputed.push(m);
          return { m };
        },
      );
    }
    return recomputed;
  }

  it("computes everything once, then nothing", async () => {
    expect((await runAll()).length).toBe(modules.length);
    expect(await runAll()).toEqual([]);
  });

  it("an edited engine file recomputes exactly the computations that import it", async () => {
    const edited = join(lib, "market", "doubleAuction.ts");
    clearFingerprintMemo();
    const dependents = modules.filter((m) => importClosure(join(lib, m)).includes(edited));
    // the edit matters to some seed-000 computations but not to all (e.g. the optimiser benchmarks)
    expect(dependents.length).toBeGreaterThan(0);
    expect(dependents.length).toBeLessThan(modules.length);
    expect(dependents).toContain("papers/s000/experiments/cityRuns.ts");
    expect(dependents).not.toContain("papers/s000/experiments/mooBenchmarks.ts");
    appendFileSync(edited, "\n// an edit\n");
    expect(await runAll()).toEqual(dependents);
    expect(await runAll()).toEqual([]);
  });

  it("a new or edited file under another paper recomputes nothing of seed 000", async () => {
    const s001 = join(lib, "papers", "s001", "world");
    mkdirSync(s001, { recursive: true });
    const file = join(s001, "houses.ts");
    writeFileSync(
      file,
      'import { createRng } from "../../../core/rng";\nexport const houses = () => createRng(1, "h");\n',
    );
    expect(await runAll()).toEqual([]);
    appendFileSync(file, "export const more = 2;\n");
    expect(await runAll()).toEqual([]);
  });
});
