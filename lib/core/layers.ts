import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/**
 * The library's dependency rule (README, DESIGN.md §3): folders in rows, bottom to top. A module
 * imports only from its own folder or from folders in lower rows; nothing imports upward. Engines
 * (every row below `papers`) never import a paper. Inside `papers/`, no paper imports another paper
 * or the registry above it, and a paper's rooms are ordered too: world < env < agents < experiments
 * (the world never knows who controls it).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["core"],
  ["storage", "ev", "thermal", "grid", "market", "metrics"],
  ["profiles"],
  ["nn"],
  ["forecast", "optimise", "chain", "mas"],
  ["control"],
  ["plots"],
  ["experiments"],
  ["papers"],
  ["cli"],
];

/** A paper's rooms, bottom to top. */
export const PAPER_ROOMS: readonly string[] = ["world", "env", "agents", "experiments"];

export function layerOf(folder: string): number {
  const top = folder.split("/")[0];
  return LAYERS.findIndex((row) => row.includes(top));
}

/**
 * The unit a library file belongs to for the rule: its top folder (`market`), or inside papers/ the
 * paper's room (`papers/s000/world`), the paper itself for files beside its rooms (`papers/s000`),
 * or `papers` for the registry level (lib/papers/*.ts). `index` for lib/index.ts.
 */
export function unitOf(relPath: string): string {
  const parts = relPath
    .replace(/\\/g, "/")
    .replace(/\.(ts|js)$/, "")
    .split("/");
  if (parts.length === 1) return parts[0] === "" || parts[0] === "index" ? "index" : parts[0];
  if (parts[0] !== "papers") return parts[0];
  if (parts.length === 2) return "papers";
  if (parts.length === 3) return `papers/${parts[1]}`;
  return `papers/${parts[1]}/${parts[2]}`;
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
        const rel = relative(libRoot, p).replace(/\\/g, "/");
        const from = unitOf(rel);
        const text = readFileSync(p, "utf8");
        const re = /(?:from\s+|import\s*\(\s*|require\(\s*)["'](\.{1,2}\/[^"']*)["']/g;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const target = relative(libRoot, resolve(dir, m[1])).replace(/\\/g, "/");
          if (target.startsWith("..")) continue;
          const to = resolvesToFolder(libRoot, target) ? unitOf(`${target}/index`) : unitOf(target);
          if (to !== from) edges.push({ from, to, file: rel, specifier: m[1] });
        }
      }
    }
  };
  walk(libRoot);
  return edges;
}

function resolvesToFolder(libRoot: string, target: string): boolean {
  try {
    return statSync(join(libRoot, target)).isDirectory();
  } catch {
    return false;
  }
}

/** Why an import breaks the rule, or undefined when it is allowed. */
export function violationOf(e: ImportEdge): string | undefined {
  if (e.from === "index") return undefined;
  const fromTop = e.from.split("/")[0];
  const toTop = e.to.split("/")[0];
  if (fromTop === "papers" && toTop === "papers") {
    if (e.from === "papers") return undefined; // the registry sees every paper
    if (e.to === "papers") return "a paper imports the papers registry above it";
    const [, fromPaper, fromRoom] = e.from.split("/");
    const [, toPaper, toRoom] = e.to.split("/");
    if (fromPaper !== toPaper)
      return `paper ${fromPaper} imports paper ${toPaper} (promote shared code into an engine)`;
    if (fromRoom === undefined) return undefined; // the paper's index sees its rooms
    if (toRoom === undefined) return `${e.from} imports its paper's index`;
    const a = PAPER_ROOMS.indexOf(fromRoom);
    const b = PAPER_ROOMS.indexOf(toRoom);
    if (a < 0 || b < 0) return `unknown paper room (rooms: ${PAPER_ROOMS.join(" < ")})`;
    return b > a ? `room ${fromRoom} imports room ${toRoom} above it` : undefined;
  }
  const a = layerOf(e.from);
  const b = layerOf(e.to);
  if (a < 0 || b < 0) return "a folder in no row of LAYERS";
  if (toTop === "papers" && fromTop !== "cli") return "an engine imports a paper";
  if (b >= a) return b === a ? "a sideways import within one row" : "an upward import";
  return undefined;
}

/** Imports that break the rule (upward, sideways within a row, or into index). */
export function layerViolations(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => violationOf(e) !== undefined);
}
