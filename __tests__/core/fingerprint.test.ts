import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import {
  clearFingerprintMemo,
  fingerprintOf,
  fingerprintOfWith,
  importClosure,
  moduleFingerprint,
  relativeSpecifiers,
} from "../../lib/core/fingerprint";

/** A temporary library tree: core/, two "papers" folders, and a .js twin of part of it. */
const TREE: Record<string, string> = {
  "core/util.ts": "export const one = 1;\n",
  "paperA/a.ts": 'import { b } from "./b";\nimport { z } from "zod";\nexport const a = () => b() + 1;\n',
  "paperA/b.ts": '// b: uses c\nimport { c } from "../shared/c";\nexport const b = () => c;\n',
  "shared/c.ts": "export const c = 3;\n",
  "paperB/d.ts": 'import {\n  c,\n} from "../shared/c";\nexport const d = c * 2;\n',
  "paperB/e.ts": 'import { readFileSync } from "node:fs";\nexport const e = readFileSync;\n',
  // Every import form, plus decoys that must not count.
  "paperB/forms.ts": [
    "import {",
    "  one,",
    "  // a comment inside the clause",
    '} from "../core/util";',
    'export * from "./reexported";',
    'import type { Kind } from "./types";',
    'const lazy = () => import("./lazy");',
    'const req = require("./required");',
    'import cfg from "./data.json";',
    'import { widget } from "./widgets";',
    '// import { gone } from "./commentedOut";',
    '/* require("./blockCommented") */',
    "const s = \"import x from './inAString'\";",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
    'const t = `import y from "./inATemplate" ${one}`;',
    "const re = /\"\\/'/;",
    "export const k: Kind = { one, lazy, req, cfg, widget, s, t, re };",
    "",
  ].join("\n"),
  "paperB/reexported.ts": "export const r = 1;\n",
  "paperB/types.ts": "export type Kind = object;\n",
  "paperB/lazy.ts": "export const l = 1;\n",
  "paperB/required.ts": "module.exports = 1;\n",
  "paperB/data.json": '{ "x": 1 }\n',
  "paperB/widgets/index.ts": 'export { widget } from "./widget";\n',
  "paperB/widgets/widget.ts": "export const widget = 1;\n",
  // Compiled-build twin: .js modules resolve to .js siblings and index.js.
  "js/a.js": '"use strict";\nconst b_1 = require("./b");\nconst w = require("./w");\nexports.a = b_1.b;\n',
  "js/b.js": '"use strict";\nexports.b = 2;\n',
  "js/w/index.js": '"use strict";\nPromise.resolve().then(() => require("../b"));\n',
  "js/b.ts": "export const b = 'the .ts sibling must not be picked by a .js module';\n",
};

describe("moduleFingerprint", () => {
  let root: string;
  const p = (rel: string) => join(root, rel);
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(p(rel)), { recursive: true });
    writeFileSync(p(rel), text);
  };
  const fp = (rel: string) => moduleFingerprint(p(rel), { root });
  /** Edits a file and forgets the memo, as a fresh process would. */
  const edit = (rel: string, text: string) => {
    write(rel, text);
    clearFingerprintMemo();
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fingerprint-test-"));
    for (const [rel, text] of Object.entries(TREE)) write(rel, text);
    clearFingerprintMemo();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is 16 hex chars and deterministic", () => {
    const f = fp("paperA/a.ts");
    expect(f).toMatch(/^[0-9a-f]{16}$/);
    clearFingerprintMemo();
    expect(fp("paperA/a.ts")).toBe(f);
  });

  it("closure of a.ts is exactly {a, b, c}; bare packages are skipped", () => {
    expect(importClosure(p("paperA/a.ts"))).toEqual(
      [p("paperA/a.ts"), p("paperA/b.ts"), p("shared/c.ts")].sort(),
    );
    expect(importClosure(p("paperB/e.ts"))).toEqual([p("paperB/e.ts")]);
  });

  it("follows multi-line, export-from, dynamic, require, type-only, json and index imports; ignores decoys", () => {
    const rels = importClosure(p("paperB/forms.ts")).map((f) => f.slice(root.length + 1));
    expect(rels).toEqual(
      [
        "core/util.ts",
        "paperB/data.json",
        "paperB/forms.ts",
        "paperB/lazy.ts",
        "paperB/reexported.ts",
        "paperB/required.ts",
        "paperB/types.ts",
        "paperB/widgets/index.ts",
        "paperB/widgets/widget.ts",
      ].sort(),
    );
  });

  it("a .js module resolves to .js siblings and index.js", () => {
    expect(importClosure(p("js/a.js"))).toEqual([p("js/a.js"), p("js/b.js"), p("js/w/index.js")].sort());
  });

  it("editing c.ts changes a's and d's fingerprints but not e's", () => {
    const before = { a: fp("paperA/a.ts"), d: fp("paperB/d.ts"), e: fp("paperB/e.ts") };
    edit("shared/c.ts", "export const c = 4;\n");
    expect(fp("paperA/a.ts")).not.toBe(before.a);
    expect(fp("paperB/d.ts")).not.toBe(before.d);
    expect(fp("paperB/e.ts")).toBe(before.e);
  });

  it("editing e.ts (outside the closure) leaves a's fingerprint alone", () => {
    const a = fp("paperA/a.ts");
    edit("paperB/e.ts", "export const e = 'changed';\n");
    expect(fp("paperA/a.ts")).toBe(a);
  });

  it("editing only a comment in b.ts changes a's fingerprint (nothing is stripped)", () => {
    const a = fp("paperA/a.ts");
    edit("paperA/b.ts", TREE["paperA/b.ts"].replace("// b: uses c", "// b: uses c (reworded)"));
    expect(fp("paperA/a.ts")).not.toBe(a);
  });

  it("depends on paths relative to the root, not on where the tree lives", () => {
    const a = fp("paperA/a.ts");
    const other = mkdtempSync(join(tmpdir(), "fingerprint-test-copy-"));
    try {
      for (const [rel, text] of Object.entries(TREE)) {
        mkdirSync(dirname(join(other, rel)), { recursive: true });
        writeFileSync(join(other, rel), text);
      }
      expect(moduleFingerprint(join(other, "paperA/a.ts"), { root: other })).toBe(a);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("fingerprintOf hashes the union of closures", () => {
    const union = fingerprintOfWith({ root }, p("paperA/a.ts"), p("paperB/e.ts"));
    expect(union).toMatch(/^[0-9a-f]{16}$/);
    expect(union).not.toBe(fp("paperA/a.ts"));
    expect(fingerprintOfWith({ root }, p("paperB/e.ts"), p("paperA/a.ts"))).toBe(union);
    expect(fingerprintOfWith({ root }, p("paperA/a.ts"))).toBe(fp("paperA/a.ts"));
    const a = fp("paperA/a.ts");
    edit("paperB/e.ts", "export const e = 'changed';\n");
    expect(fingerprintOfWith({ root }, p("paperA/a.ts"), p("paperB/e.ts"))).not.toBe(union);
    expect(fp("paperA/a.ts")).toBe(a);
  });

  it("an unresolvable relative import throws naming the importing file and the specifier", () => {
    edit("paperA/b.ts", 'import { c } from "../shared/missing";\nexport const b = () => c;\n');
    expect(() => fp("paperA/a.ts")).toThrow(/"\.\.\/shared\/missing".*paperA[\\/]b\.ts/);
    expect(() => moduleFingerprint(p("paperA/nope.ts"), { root })).toThrow(/nope\.ts/);
  });

  it("import cycles terminate", () => {
    edit("shared/c.ts", 'import { b } from "../paperA/b";\nexport const c = 3;\nexport const bb = b;\n');
    expect(importClosure(p("paperA/a.ts"))).toEqual(
      [p("paperA/a.ts"), p("paperA/b.ts"), p("shared/c.ts")].sort(),
    );
    expect(importClosure(p("shared/c.ts"))).toEqual([p("paperA/b.ts"), p("shared/c.ts")]);
    expect(fp("paperA/a.ts")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("memoises per file until clearFingerprintMemo()", () => {
    const a = fp("paperA/a.ts");
    write("shared/c.ts", "export const c = 5;\n"); // no clear: the memo still has the old content hash
    expect(fp("paperA/a.ts")).toBe(a);
    clearFingerprintMemo();
    expect(fp("paperA/a.ts")).not.toBe(a);
  });

  it("relativeSpecifiers parses the import forms", () => {
    const src = [
      'import a, {\n  b,\n  type C,\n} from "./m";',
      'export * as ns from "../n";',
      'export type { T } from "./t";',
      'import "./side";',
      'import x = require("./eq");',
      "const m = import.meta;",
      'obj.require("./not");',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      'const y = `${require("./inTemplateExpr")}`;',
    ].join("\n");
    expect(relativeSpecifiers(src)).toEqual(["./m", "../n", "./t", "./side", "./eq", "./inTemplateExpr"]);
  });
});

describe("moduleFingerprint on this repository", () => {
  const libRoot = resolve(__dirname, "../../lib");
  const self = join(libRoot, "core/fingerprint.ts");

  it("the closure of lib/core/fingerprint.ts contains lib/core/hash.ts and stays within lib/core", () => {
    const closure = importClosure(self);
    expect(closure).toContain(join(libRoot, "core/hash.ts"));
    expect(closure).toContain(self);
    for (const f of closure) expect(f.startsWith(`${join(libRoot, "core")}${sep}`)).toBe(true);
  });

  it("the default root is lib/ (the folder containing core/)", () => {
    expect(moduleFingerprint(self)).toBe(moduleFingerprint(self, { root: libRoot }));
    expect(fingerprintOf(self)).toBe(moduleFingerprint(self));
  });
});
