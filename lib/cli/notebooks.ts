#!/usr/bin/env node
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ReproError } from "../core/errors";
import { repoRoot } from "../core/paths";
import { fmtDuration } from "../core/progress";
import { parseArgs } from "./args";

const USAGE = `Usage: npm run notebooks -- [--profile ci|quick|paper] [--seed N] [NAME ...]
       npm run notebooks:setup   (register the tslab kernel only)

Executes notebooks/*.ipynb (or the named ones) headless with the tslab kernel, injecting the
parameters after the cell tagged "parameters" (papermill's convention), and writes the executed
notebook and an HTML copy to results/notebooks/<profile>/. Fails on any cell error.
Needs Debian's jupyter-nbconvert, python3-nbclient, python3-ipykernel (see README) and the kernel
registered by \`npm run notebooks:setup\` (run automatically here).`;

/** Debian's interpreter, which has Jupyter; the PATH python3 may be another one (DESIGN.md §6). */
const PYTHON = process.env.REPRO_PYTHON ?? "/usr/bin/python3";

interface Cell {
  cell_type: string;
  metadata: { tags?: string[]; [k: string]: unknown };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/**
 * Injects parameters into the cell tagged "parameters": each `let|var|const NAME = ...;` it declares
 * gets the new value in place, and names it does not declare are appended as `let NAME = value;`.
 * The cell is re-tagged "injected-parameters" (papermill's tag). Papermill adds a separate cell after
 * the parameters cell instead; tslab loses top-level bindings that a later cell re-assigns or
 * re-declares (ReferenceError in the cells after it), so the values are substituted in place. With no
 * tagged cell, a new first cell holds the parameters.
 */
export function injectParameters(nb: { cells: Cell[] }, params: Record<string, unknown>): { cells: Cell[] } {
  const cells = nb.cells.map((c) => ({ ...c }));
  const at = cells.findIndex((c) => c.metadata?.tags?.includes("parameters"));
  const toSource = (src: string) => {
    const lines = src.split("\n");
    return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
  };
  if (at < 0) {
    const lines = Object.entries(params).map(([k, v]) => `let ${k} = ${JSON.stringify(v)};`);
    cells.unshift({
      cell_type: "code",
      metadata: { tags: ["injected-parameters"] },
      source: toSource(`// Parameters injected by npm run notebooks\n${lines.join("\n")}`),
      outputs: [],
      execution_count: null,
    });
    return { ...nb, cells };
  }
  const raw = cells[at].source;
  let src = typeof raw === "string" ? raw : raw.join("");
  for (const [k, v] of Object.entries(params)) {
    const re = new RegExp(`^(\\s*(?:let|var|const)\\s+${k}\\b(?:\\s*:[^=\\n]+)?\\s*=)[^;\\n]*;`, "m");
    if (re.test(src)) src = src.replace(re, `$1 ${JSON.stringify(v)};`);
    else src += `\nlet ${k} = ${JSON.stringify(v)};`;
  }
  cells[at] = {
    ...cells[at],
    metadata: { ...cells[at].metadata, tags: ["injected-parameters"] },
    source: toSource(`${src}\n// (values injected by npm run notebooks)`),
  };
  return { ...nb, cells };
}

export function jupyterEnv(root = repoRoot()): NodeJS.ProcessEnv {
  const jp = join(root, ".jupyter", "share", "jupyter");
  return {
    ...process.env,
    JUPYTER_PATH: [jp, process.env.JUPYTER_PATH].filter(Boolean).join(":"),
    JUPYTER_DATA_DIR: join(root, ".jupyter", "data"),
    JUPYTER_CONFIG_DIR: join(root, ".jupyter", "config"),
    JUPYTER_RUNTIME_DIR: join(root, ".jupyter", "runtime"),
    PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
  };
}

/** Registers the tslab kernel into <repo>/.jupyter for Debian's python3 (idempotent). */
export function setupKernel(root = repoRoot()): void {
  if (!existsSync(PYTHON)) {
    throw new ReproError(
      `${PYTHON} not found`,
      "notebooks",
      "install Debian's python3 and Jupyter: apt-get install -y jupyter-core jupyter-client jupyter-nbconvert python3-nbclient python3-ipykernel",
    );
  }
  const check = spawnSync(PYTHON, ["-c", "import nbclient, nbconvert, ipykernel"], { encoding: "utf8" });
  if (check.status !== 0) {
    throw new ReproError(
      `Jupyter is not installed for ${PYTHON}`,
      "notebooks",
      "apt-get install -y jupyter-core jupyter-client jupyter-nbconvert python3-nbclient python3-ipykernel",
    );
  }
  const tslab = join(root, "node_modules", ".bin", "tslab");
  const r = spawnSync(
    tslab,
    ["install", `--python=${PYTHON}`, `--binary=${tslab}`, `--prefix=${join(root, ".jupyter")}`],
    {
      encoding: "utf8",
      env: jupyterEnv(root),
    },
  );
  if (r.status !== 0) throw new ReproError(`tslab install failed: ${r.stderr || r.stdout}`, "notebooks");
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** Executes one notebook; returns the paths written. Throws with the failing cell's error. */
export function executeNotebook(
  name: string,
  params: Record<string, unknown>,
  profile: string,
  root = repoRoot(),
): string[] {
  const nbDir = join(root, "notebooks");
  const src = join(nbDir, `${name}.ipynb`);
  const nb = JSON.parse(readFileSync(src, "utf8"));
  const outDir = join(root, "results", "notebooks", profile);
  mkdirSync(outDir, { recursive: true });
  // The injected copy sits beside the original so relative imports (../dist/index) resolve the same.
  const tmp = join(nbDir, `.${name}.${profile}.${process.pid}.ipynb`);
  writeFileSync(tmp, JSON.stringify(injectParameters(nb, params), null, 1));
  const env = jupyterEnv(root);
  try {
    const exec = run(
      PYTHON,
      [
        "-m",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.kernel_name=tslab",
        "--ExecutePreprocessor.timeout=3600",
        `--output-dir=${outDir}`,
        `--output=${name}`,
        tmp,
      ],
      nbDir,
      env,
    );
    if (!exec.ok) {
      const err = exec.out
        .split("\n")
        .filter((l) => !/^\[NbConvertApp\]/.test(l))
        .slice(-40)
        .join("\n");
      throw new ReproError(
        `a cell failed:\n${err}`,
        `notebooks/${name}.ipynb`,
        "fix the cell (or the library) and re-run",
      );
    }
    const html = run(
      PYTHON,
      ["-m", "nbconvert", "--to", "html", `--output-dir=${outDir}`, join(outDir, `${name}.ipynb`)],
      outDir,
      env,
    );
    if (!html.ok)
      throw new ReproError(`HTML conversion failed:\n${html.out.slice(-2000)}`, `notebooks/${name}.ipynb`);
    return [join(outDir, `${name}.ipynb`), join(outDir, `${name}.html`)];
  } finally {
    rmSync(tmp, { force: true });
  }
}

function main(): number {
  const args = parseArgs(process.argv.slice(2), {
    flags: ["help", "setup-only"],
    options: ["profile", "seed"],
  });
  if (args.flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  const root = repoRoot();
  if (args.flags.has("setup-only")) {
    setupKernel(root);
    console.log(
      `tslab kernel registered in ${join(root, ".jupyter")} (set JUPYTER_PATH=${join(root, ".jupyter", "share", "jupyter")} to use it from your own Jupyter)`,
    );
    return 0;
  }
  const profile = args.options.profile?.[0] ?? "quick";
  if (!["ci", "quick", "paper"].includes(profile))
    throw new ReproError(`unknown profile "${profile}"`, "--profile", "use ci, quick or paper");
  const params: Record<string, unknown> = { profile };
  if (args.options.seed) {
    const seed = Number(args.options.seed[0]);
    if (!Number.isInteger(seed) || seed < 0)
      throw new ReproError(`must be a non-negative integer, got "${args.options.seed[0]}"`, "--seed");
    params.seed = seed;
  }
  const all = readdirSync(join(root, "notebooks"))
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .map((f) => basename(f, ".ipynb"))
    .sort();
  for (const n of args.positionals)
    if (!all.includes(n)) throw new ReproError(`no notebook "${n}"`, "notebooks", `known: ${all.join(", ")}`);
  const names = args.positionals.length ? args.positionals : all;
  setupKernel(root);
  let failed = 0;
  for (const name of names) {
    const t0 = performance.now();
    process.stderr.write(`[notebooks] ${name} (profile ${profile}) ...\n`);
    try {
      const out = executeNotebook(name, params, profile, root);
      process.stderr.write(
        `[notebooks] ${name} ok in ${fmtDuration((performance.now() - t0) / 1000)}: ${out.join(", ")}\n`,
      );
    } catch (err) {
      failed++;
      process.stderr.write(`[notebooks] ${name} FAILED: ${(err as Error).message}\n`);
    }
  }
  console.log(`notebooks: ${names.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (err) {
    console.error(err instanceof ReproError ? `error: ${err.message}` : err);
    process.exitCode = 2;
  }
}
