import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The repository root: the nearest folder above this module holding the project's package.json.
 * Works from the sources (lib/core) and from the build (dist/core) alike.
 */
export function repoRoot(): string {
  let dir = resolve(__dirname);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).name === "smart-city-energy-repro") return dir;
      } catch {
        /* keep looking */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The library's version (package.json), recorded in every result. */
export function libraryVersion(): string {
  return JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")).version as string;
}

/** Default cache root: $REPRO_CACHE_DIR, else <repo>/data/cache. */
export function defaultCacheDir(): string {
  return process.env.REPRO_CACHE_DIR
    ? resolve(process.env.REPRO_CACHE_DIR)
    : join(repoRoot(), "data", "cache");
}

/** Default results root: $REPRO_RESULTS_DIR, else <repo>/results. */
export function defaultResultsDir(): string {
  return process.env.REPRO_RESULTS_DIR ? resolve(process.env.REPRO_RESULTS_DIR) : join(repoRoot(), "results");
}
