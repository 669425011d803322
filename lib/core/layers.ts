import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/**
 * The library's dependency rule (README, DESIGN.md §3): folders in rows, bottom to top. A module
 * imports only from its own folder or from folders in lower rows; nothing imports upward. The world
 * (sim and below) never knows who controls it.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["core"],
  ["city", "grid", "market", "metrics"],
  ["nn"],
  ["forecast", "optimise", "chain"],
  ["sim"],
  ["control"],
  ["plots"],
  ["experiments"],
  ["cli"],
];

export function layerOf(folder: string): number {
  const i = LAYERS.findIndex((row) => row.includes(folder));
  return i;
}

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly specifier: string;
}

/** Every relative import between library folders, read from the sources (or the build). */
export function scanImports(libRoot = resolve(__dirname, "..")): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts")) {
        const rel = relative(libRoot, p);
        const from = rel.includes("/") ? rel.split("/")[0] : "index";
        const text = readFileSync(p, "utf8");
        const re = /(?:from\s+|import\s*\(\s*|require\(\s*)["'](\.{1,2}\/[^"']*)["']/g;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const target = relative(libRoot, resolve(dir, m[1]));
          const to = target.includes("/")
            ? target.split("/")[0]
            : target === "" || target === "index"
              ? "index"
              : target;
          if (to !== from && !to.startsWith("..")) edges.push({ from, to, file: rel, specifier: m[1] });
        }
      }
    }
  };
  walk(libRoot);
  return edges;
}

/** Imports that break the rule (upward, sideways within a row, or into index). */
export function layerViolations(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => {
    if (e.from === "index") return false;
    const a = layerOf(e.from);
    const b = layerOf(e.to);
    return a < 0 || b < 0 || b >= a;
  });
}
