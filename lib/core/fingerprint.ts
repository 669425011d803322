import { readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { sha256 } from "./hash";

/**
 * Code fingerprints for cache keys, derived from the import graph.
 *
 * A result computed by a module depends on the code of that module and of every module it imports,
 * transitively. `moduleFingerprint(__filename)` hashes exactly that set, so an edit anywhere in the
 * closure invalidates the cache entries built from it, and an edit outside it invalidates nothing.
 *
 * Rules (deliberately simple and conservative: a spurious cache miss is cheap, a stale hit is not):
 * - Edges are relative specifiers (`./x`, `../market/doubleAuction`) in `import ... from`, `import "..."`,
 *   `export ... from`, `import(...)`, `require(...)`. Type-only imports (`import type`, `export type`,
 *   `typeof import("./x")`) count too: a type change rarely changes behaviour, but following them is the
 *   conservative choice. Specifiers in comments, in strings that are not import operands, and in template
 *   literals are ignored; so are `require.resolve(...)` and files loaded by computed path (worker entry
 *   files: pass them to {@link fingerprintOf} explicitly).
 * - Bare specifiers (`zod`, `node:fs`) are skipped: npm packages are pinned by the lockfile.
 * - Resolution follows the importing file's extension: a `.ts` module resolves `./x` to `x.ts`, then
 *   `x/index.ts`; a `.js` module (the compiled build in `dist/`) to `x.js`, then `x/index.js`. A specifier
 *   that names a file with an extension (`./data.json`, `./x.js`) is taken as is (in a `.ts` module `./x.js`
 *   also maps to `x.ts`). JSON files are leaves. A relative specifier that resolves to nothing throws.
 * - Each file contributes its path relative to the library root (the folder that contains `core/`:
 *   `lib/` from sources, `dist/` from the build, so keys are stable between checkouts) and the SHA-256 of
 *   its raw bytes. Nothing is stripped: editing a comment changes the fingerprint (the simplest honest
 *   rule). Consequently sources and build give different fingerprints for the same code, as before.
 * - Each file is read, hashed and parsed once per process (memoised by absolute path); a process that
 *   edits files and wants fresh fingerprints (tests) calls {@link clearFingerprintMemo}.
 */

/** Options of the import-graph fingerprints. */
export interface FingerprintOptions {
  /**
   * Library root that closure paths are made relative to. Default: the folder containing `core/`
   * (`lib/` or `dist/`). Tests pass a temporary tree.
   */
  root?: string;
}

interface FileInfo {
  /** SHA-256 (hex) of the file's bytes. */
  hash: string;
  /** Absolute paths of the files it imports by relative specifier, resolved. */
  deps: string[];
}

const DEFAULT_ROOT = resolve(__dirname, "..");
const fileMemo = new Map<string, FileInfo>();

/**
 * Fingerprint of a module's code: the first 16 hex chars of a SHA-256 over (path relative to the library
 * root, SHA-256 of content) of every file in its import closure, sorted by path.
 *
 * @param modulePath absolute path of the module, normally the caller's `__filename`.
 * @example moduleFingerprint(__filename) // => "3f2a9c0d1e4b5a67"
 * @example version: `${POINT_VERSION}+${moduleFingerprint(__filename)}` // in a cache key
 */
export function moduleFingerprint(modulePath: string, options: FingerprintOptions = {}): string {
  return fingerprintOfFiles(importClosure(modulePath), options.root ?? DEFAULT_ROOT);
}

/**
 * Fingerprint of the union of several modules' closures: for a computation that depends on more than one
 * entry module, e.g. a worker-thread entry file that is loaded by path rather than imported.
 *
 * @example fingerprintOf(__filename, join(__dirname, `fig9Worker${extname(__filename)}`))
 */
export function fingerprintOf(...modulePaths: string[]): string {
  return fingerprintOfWith({}, ...modulePaths);
}

/** {@link fingerprintOf} with options (an explicit library root). */
export function fingerprintOfWith(options: FingerprintOptions, ...modulePaths: string[]): string {
  if (modulePaths.length === 0) throw new Error("fingerprintOf: no module paths given");
  const union = new Set<string>();
  for (const p of modulePaths) for (const f of importClosure(p)) union.add(f);
  return fingerprintOfFiles([...union].sort(), options.root ?? DEFAULT_ROOT);
}

/**
 * The import closure of a module: sorted absolute paths of the module itself and of every file it
 * imports by relative specifier, transitively (cycles are fine). What {@link moduleFingerprint} hashes;
 * useful to explain a cache miss ("which files does this key depend on?").
 *
 * @example importClosure(join(libRoot, "core/fingerprint.ts")) // => [".../lib/core/fingerprint.ts", ".../lib/core/hash.ts"]
 */
export function importClosure(modulePath: string): string[] {
  const start = resolve(modulePath);
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop()!;
    for (const dep of fileInfo(file).deps) {
      if (!seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return [...seen].sort();
}

/** Forgets every memoised file hash, import list and folder fingerprint (for tests that edit files). */
export function clearFingerprintMemo(): void {
  fileMemo.clear();
}

function fingerprintOfFiles(files: string[], root: string): string {
  const entries = files.map((f) => [relative(root, f).split(sep).join("/"), fileInfo(f).hash] as const);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return sha256(entries.map(([p, h]) => `${p}\n${h}`).join("\n")).slice(0, 16);
}

function fileInfo(file: string): FileInfo {
  const hit = fileMemo.get(file);
  if (hit) return hit;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(`moduleFingerprint: cannot read module ${file}: ${(e as Error).message}`);
  }
  const ext = extname(file);
  const deps: string[] = [];
  if (ext !== ".json") {
    const seen = new Set<string>();
    for (const spec of relativeSpecifiers(bytes.toString("utf8"))) {
      if (seen.has(spec)) continue;
      seen.add(spec);
      deps.push(resolveSpecifier(file, ext, spec));
    }
  }
  const info = { hash: sha256(bytes), deps };
  fileMemo.set(file, info);
  return info;
}

const EXPLICIT_EXT = new Set([".json", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts"]);

function resolveSpecifier(importer: string, ext: string, spec: string): string {
  const base = resolve(dirname(importer), spec);
  const codeExt = ext === ".ts" || ext === ".cts" || ext === ".mts" ? ".ts" : ".js";
  const candidates: string[] = [];
  const specExt = extname(spec);
  if (EXPLICIT_EXT.has(specExt)) {
    candidates.push(base);
    if (codeExt === ".ts" && specExt === ".js") candidates.push(`${base.slice(0, -3)}.ts`);
  }
  candidates.push(base + codeExt, join(base, `index${codeExt}`));
  for (const c of candidates) if (isFile(c)) return c;
  throw new Error(
    `moduleFingerprint: cannot resolve import "${spec}" in ${importer} (tried ${candidates.join(", ")})`,
  );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// A small JS/TS tokenizer: enough to find import operands without being fooled by comments, strings,
// template literals or regular-expression literals. Not a parser; see the rules at the top.

/** Token kinds. */
const T = { Ident: 0, Str: 1, Punct: 2, Other: 3 } as const;
type T = (typeof T)[keyof typeof T];

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

/** Relative specifiers (`./x`, `../x`, `.`, `..`) imported by a module's source, in order of appearance. */
export function relativeSpecifiers(src: string): string[] {
  const kinds: T[] = [];
  const values: string[] = [];
  tokenize(src, kinds, values);
  const out: string[] = [];
  const n = kinds.length;
  const isP = (i: number, c: string) => i < n && kinds[i] === T.Punct && values[i] === c;
  const isStr = (i: number) => i < n && kinds[i] === T.Str;
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== T.Ident) continue;
    const word = values[i];
    if (word !== "import" && word !== "export" && word !== "require") continue;
    if (i > 0 && (isP(i - 1, ".") || isP(i - 1, "?.") || isP(i - 1, "#"))) continue; // x.require(...), import.meta
    let spec: string | undefined;
    if (word === "require") {
      if (isP(i + 1, "(") && isStr(i + 2) && (isP(i + 3, ")") || isP(i + 3, ","))) spec = values[i + 2];
    } else if (word === "import" && isP(i + 1, "(")) {
      if (isStr(i + 2) && (isP(i + 3, ")") || isP(i + 3, ","))) spec = values[i + 2];
    } else if (word === "import" && isStr(i + 1)) {
      spec = values[i + 1]; // import "./sideEffect"
    } else {
      // import/export <clause> from "x": the clause is identifiers, `type`, `*`, braces and commas.
      const first = i + 1;
      if (first >= n) continue;
      const k = kinds[first];
      const v = values[first];
      if (word === "export" && !(v === "*" || v === "{" || v === "type")) continue;
      if (word === "import" && !(k === T.Ident || v === "*" || v === "{")) continue;
      for (let j = first; j < n; j++) {
        if (kinds[j] === T.Ident) {
          if (values[j] === "from" && isStr(j + 1)) {
            spec = values[j + 1];
            break;
          }
          continue;
        }
        const p = values[j];
        if (kinds[j] === T.Punct && (p === "{" || p === "}" || p === "," || p === "*")) continue;
        break;
      }
    }
    if (spec !== undefined && isRelative(spec)) out.push(spec);
  }
  return out;
}

function isRelative(spec: string): boolean {
  return spec === "." || spec === ".." || spec.startsWith("./") || spec.startsWith("../");
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function tokenize(src: string, kinds: T[], values: string[]): void {
  const n = src.length;
  /** Brace depths at which an open template literal resumes (`${ ... }`). */
  const templates: number[] = [];
  let depth = 0;
  /** Whether a `/` here would be a division (the previous token ends an expression). */
  let valueBefore = false;
  let i = 0;
  if (src.startsWith("#!")) {
    const e = src.indexOf("\n"); // hashbang line
    i = e < 0 ? n : e;
  }
  const push = (k: T, v: string, isValue: boolean) => {
    kinds.push(k);
    values.push(v);
    valueBefore = isValue;
  };
  /** Skips a template literal body from `i` (just after "`" or "}"); returns true if it stopped at `${`. */
  const templateBody = (): boolean => {
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 96) {
        i++;
        return false;
      } else if (c === 36 && src.charCodeAt(i + 1) === 123) {
        i += 2;
        return true;
      } else i++;
    }
    return false;
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else if (c === 47 && src.charCodeAt(i + 1) === 47) {
      const e = src.indexOf("\n", i);
      i = e < 0 ? n : e;
    } else if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const e = src.indexOf("*/", i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === 34 || c === 39) {
      let j = i + 1;
      let s = "";
      let from = j;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (d === c || d === 10) break;
        if (d === 92) {
          s += src.slice(from, j);
          s += src[j + 1] ?? "";
          j += 2;
          from = j;
        } else j++;
      }
      s += src.slice(from, j);
      i = j + 1;
      push(T.Str, s, true);
    } else if (c === 96) {
      i++;
      if (templateBody()) {
        templates.push(depth);
        depth++;
        push(T.Punct, "${", false);
      } else push(T.Other, "`", true);
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(src.charCodeAt(j))) j++;
      const w = src.slice(i, j);
      i = j;
      push(T.Ident, w, !REGEX_AFTER.has(w));
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && (isIdentPart(src.charCodeAt(j)) || src.charCodeAt(j) === 46)) j++;
      i = j;
      push(T.Other, "0", true);
    } else if (c === 47) {
      if (valueBefore) {
        i++;
        push(T.Punct, "/", false);
      } else {
        // Regular-expression literal: up to the closing unescaped `/` outside a character class.
        let j = i + 1;
        let inClass = false;
        while (j < n) {
          const d = src.charCodeAt(j);
          if (d === 92) j += 2;
          else if (d === 10) break;
          else {
            if (d === 91) inClass = true;
            else if (d === 93) inClass = false;
            else if (d === 47 && !inClass) break;
            j++;
          }
        }
        j++;
        while (j < n && isIdentPart(src.charCodeAt(j))) j++;
        i = j;
        push(T.Other, "/re/", true);
      }
    } else if (c === 123) {
      depth++;
      i++;
      push(T.Punct, "{", false);
    } else if (c === 125) {
      i++;
      if (templates.length > 0 && templates[templates.length - 1] === depth - 1) {
        depth--;
        templates.pop();
        if (templateBody()) {
          templates.push(depth);
          depth++;
          push(T.Punct, "${", false);
        } else push(T.Other, "`", true);
      } else {
        depth = Math.max(0, depth - 1);
        push(T.Punct, "}", true);
      }
    } else if (c === 41 || c === 93) {
      i++;
      push(T.Punct, src[i - 1], true);
    } else if (c === 63 && src.charCodeAt(i + 1) === 46) {
      i += 2;
      push(T.Punct, "?.", false);
    } else {
      i++;
      push(T.Punct, src[i - 1], false);
    }
  }
}
