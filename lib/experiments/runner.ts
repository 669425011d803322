import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomicWrite";
import { Cache, type SeriesBundle, seriesCodec } from "../core/cache";
import { ConfigError } from "../core/errors";
import { moduleFingerprint } from "../core/fingerprint";
import { hashValue, stableStringify } from "../core/hash";
import { defaultResultsDir, libraryVersion } from "../core/paths";
import { fmtDuration, Progress } from "../core/progress";
import { findChromium, PngExporter } from "../plots/exportPng";
import { figureHtml } from "../plots/figure";
import {
  buildLedger,
  type ClaimRow,
  figureLedger,
  ledgerIndexMarkdown,
  ledgerMarkdown,
  ledgerRulesMarkdown,
  loadPaperClaims,
  type PaperClaim,
  paperPrefix,
  qualifiedPanels,
  verdictCounts,
} from "./claims";
import type { LoadedConfig, ResolvedExperiment } from "./config";
import { tableCsv } from "./csv";
import type { Experiment, ExperimentContext, ExperimentOutput } from "./types";

export interface RunOptions {
  readonly only?: readonly string[];
  readonly force?: boolean;
  /** 1-based shard k of n: runs the experiments whose position (sorted by id) is k-1 mod n. */
  readonly shard?: { readonly k: number; readonly n: number };
  readonly resultsDir?: string;
  readonly cache?: Cache;
  /** Write PNGs when Chromium is present (default true). */
  readonly png?: boolean;
  /** Where progress and log lines go (default stderr); null silences them. */
  readonly log?: NodeJS.WritableStream | null;
  /** Paper claims to judge against (default: data/paper/*.json). */
  readonly claims?: readonly PaperClaim[];
  /** Worker threads for sweep points and Monte Carlo draws (default 1; the CLI defaults to the core count). */
  readonly workers?: number;
}

export interface ExperimentSummary {
  readonly id: string;
  readonly status: "ok" | "failed";
  readonly seconds: number;
  readonly cache: "hit" | "miss" | "forced" | "-";
  readonly outputs: readonly string[];
  readonly error?: string;
}

export interface RunSummary {
  readonly profile: string;
  readonly results: readonly ExperimentSummary[];
  readonly ok: boolean;
  readonly claimsPath?: string;
}

/** Parses "k/n" (1 <= k <= n). */
export function parseShard(s: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const k = m ? Number(m[1]) : Number.NaN;
  const n = m ? Number(m[2]) : Number.NaN;
  if (!m || n < 1 || k < 1 || k > n)
    throw new ConfigError(`must look like k/n with 1 <= k <= n, got "${s}"`, "--shard");
  return { k, n };
}

/** The experiments a run selects: enabled (or named in --only), in this shard. */
export function selectExperiments(config: LoadedConfig, opts: RunOptions): ResolvedExperiment[] {
  const byId = new Map(config.experiments.map((e) => [e.experiment.id, e]));
  const papers = new Set(config.experiments.map((e) => paperPrefix(e.experiment.id)));
  for (const id of opts.only ?? []) {
    if (!byId.has(id) && !papers.has(id)) {
      throw new ConfigError(
        `unknown experiment id or paper "${id}"`,
        "--only",
        `papers: ${[...papers].join(", ")}; ids in ${config.path}: ${[...byId.keys()].join(", ")}`,
      );
    }
  }
  const wanted = (id: string) => opts.only!.includes(id) || opts.only!.includes(paperPrefix(id));
  let chosen = opts.only?.length
    ? config.experiments.filter((e) => wanted(e.experiment.id))
    : config.experiments.filter((e) => e.enabled);
  chosen = [...chosen].sort((a, b) => a.experiment.id.localeCompare(b.experiment.id));
  if (opts.shard) chosen = chosen.filter((_, i) => i % opts.shard!.n === opts.shard!.k - 1);
  return chosen;
}

/** The cache key parts of an experiment's output: its params, its world, the seed and its code's import closure. */
export function experimentKey(exp: Experiment, params: unknown, seed: number, world?: unknown) {
  return {
    component: `experiment.${exp.id.replace("/", ".")}`,
    version: `${libraryVersion()}+${moduleFingerprint(exp.module)}`,
    params: world === undefined ? params : { params, world },
    seed,
  };
}

function toBundle(out: ExperimentOutput): SeriesBundle {
  const series: Record<string, Float64Array> = {};
  const tables = (out.tables ?? []).map((t) => {
    const names = Object.keys(t.columns);
    names.forEach((n) => {
      series[`${t.name}/${n}`] = Float64Array.from(t.columns[n]);
    });
    return { name: t.name, names };
  });
  return {
    json: {
      values: out.values,
      claims: out.claims ?? {},
      undefinedClaims: out.undefinedClaims ?? {},
      backend: out.backend ?? null,
      tables,
    },
    series,
  };
}

function fromBundle(b: SeriesBundle): ExperimentOutput {
  const j = b.json as {
    values: Record<string, unknown>;
    claims: Record<string, number | null>;
    undefinedClaims?: Record<string, string>;
    backend: string | null;
    tables: { name: string; names: string[] }[];
  };
  return {
    values: j.values,
    claims: j.claims,
    undefinedClaims: j.undefinedClaims ?? {},
    backend: j.backend ?? undefined,
    tables: j.tables.map((t) => ({
      name: t.name,
      columns: Object.fromEntries(t.names.map((n) => [n, b.series[`${t.name}/${n}`]])),
    })),
  };
}

/** Runs one experiment through the cache (or forced), returning its output and whether it was a hit. */
export async function runExperimentCached(
  exp: Experiment,
  params: Record<string, unknown>,
  ctx: ExperimentContext,
  force = false,
): Promise<{ output: ExperimentOutput; hit: boolean }> {
  const parts = experimentKey(exp, params, ctx.seed, ctx.world);
  if (!force) {
    const cached = ctx.cache.get(parts, seriesCodec);
    if (cached) return { output: fromBundle(cached), hit: true };
  }
  const output = await exp.run(ctx, params);
  // Round-trip through the codec so a fresh run and a cache hit produce identical bytes downstream.
  const bundle = toBundle(output);
  ctx.cache.put(parts, bundle, seriesCodec);
  return { output: fromBundle(seriesCodec.decode(seriesCodec.encode(bundle))), hit: false };
}

/** results.json: only what the seed and config determine (byte-identical run to run). */
export function resultsJson(
  exp: Experiment,
  params: unknown,
  seed: number,
  profile: string,
  output: ExperimentOutput,
  ledger: readonly ClaimRow[],
  world?: unknown,
): string {
  const doc = {
    experiment: exp.id,
    title: exp.title,
    profile,
    seed,
    configHash: hashValue(
      world === undefined ? { id: exp.id, params, seed } : { id: exp.id, params, seed, world },
    ).slice(0, 16),
    libraryVersion: libraryVersion(),
    codeFingerprint: experimentKey(exp, params, seed, world).version,
    backend: output.backend ?? "js",
    params,
    world: world ?? null,
    values: output.values,
    claims: ledger,
  };
  return `${JSON.stringify(JSON.parse(stableStringify(doc)), null, 2)}\n`;
}

export function makeContext(
  id: string,
  profile: string,
  seed: number,
  cache: Cache,
  log: NodeJS.WritableStream | null,
  workers = 1,
  world?: unknown,
): ExperimentContext {
  if (!Number.isInteger(workers) || workers < 1)
    throw new ConfigError(`must be a positive integer, got ${workers}`, "workers", "e.g. --workers 2");
  return {
    id,
    profile,
    seed,
    world,
    cache,
    workers,
    progress: (label, total, unit) => new Progress({ label: `[${id}] ${label}`, total, unit, stream: log }),
    log: (m) => log?.write(`[${id}] ${m}\n`),
  };
}

/** Runs the selected experiments; one failing does not stop the others. */
export async function runExperiments(config: LoadedConfig, opts: RunOptions = {}): Promise<RunSummary> {
  const log = opts.log === undefined ? process.stderr : opts.log;
  const cache = opts.cache ?? new Cache();
  const resultsRoot = join(opts.resultsDir ?? defaultResultsDir(), config.profile);
  const selected = selectExperiments(config, opts);
  const claims = opts.claims ? [...opts.claims] : loadPaperClaims();
  const wantPng = (opts.png ?? true) && findChromium() !== undefined;
  const png = wantPng ? new PngExporter() : undefined;
  const results: ExperimentSummary[] = [];
  log?.write(
    `Profile ${config.profile}, seed ${config.seed}: ${selected.length} experiment(s)${opts.shard ? ` (shard ${opts.shard.k}/${opts.shard.n})` : ""}; cache ${cache.root}\n`,
  );
  if (!wantPng && (opts.png ?? true))
    log?.write("No Chromium found: writing figure.html only (install Debian's chromium for PNGs).\n");
  try {
    for (const { experiment: exp, params, world } of selected) {
      const t0 = performance.now();
      const dir = join(resultsRoot, exp.id);
      const outputs: string[] = [];
      const ctx = makeContext(exp.id, config.profile, config.seed, cache, log, opts.workers ?? 1, world);
      let status: ExperimentSummary["status"] = "ok";
      let cacheState: ExperimentSummary["cache"] = "-";
      let error: string | undefined;
      try {
        log?.write(`[${exp.id}] ${exp.title}\n`);
        const { output, hit } = await runExperimentCached(exp, params, ctx, opts.force);
        cacheState = opts.force ? "forced" : hit ? "hit" : "miss";
        const ledger = buildLedger(
          qualifiedPanels(exp.id, exp.panels),
          output.claims ?? {},
          claims,
          output.undefinedClaims,
        );
        const write = (name: string, data: string | Uint8Array) => {
          writeFileAtomic(join(dir, name), data);
          outputs.push(join(dir, name));
        };
        write("results.json", resultsJson(exp, params, config.seed, config.profile, output, ledger, world));
        for (const t of output.tables ?? []) write(`${t.name}.csv`, tableCsv(t));
        const fig = exp.figure(output, figureLedger(ledger), params as never);
        const notes = [
          exp.notes?.(output, ledger, params as never) ?? "",
          ledger.length ? `Claims ledger\n${ledgerMarkdown(ledger)}` : "",
        ]
          .filter(Boolean)
          .join("\n\n");
        write("figure.html", figureHtml(fig, { title: `${exp.id}: ${exp.title}`, notes }));
        write("figure.json", `${JSON.stringify(fig)}\n`);
        if (png) {
          try {
            await png.write(fig, join(dir, "figure.png"));
            outputs.push(join(dir, "figure.png"));
          } catch (err) {
            log?.write(`[${exp.id}] PNG export failed (HTML written): ${(err as Error).message}\n`);
          }
        }
        const seconds = (performance.now() - t0) / 1000;
        writeFileAtomic(
          join(dir, "run.json"),
          `${JSON.stringify({ experiment: exp.id, profile: config.profile, finishedAt: new Date().toISOString(), seconds, cache: cacheState, host: os.hostname(), cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, platform: `${os.platform()}-${os.arch()}` }, null, 2)}\n`,
        );
      } catch (err) {
        status = "failed";
        error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        log?.write(
          `[${exp.id}] FAILED: ${error}\n${err instanceof Error && err.stack && !(err instanceof ConfigError) ? `${err.stack.split("\n").slice(1, 6).join("\n")}\n` : ""}`,
        );
      }
      const seconds = (performance.now() - t0) / 1000;
      results.push({ id: exp.id, status, seconds, cache: cacheState, outputs, error });
      log?.write(`[${exp.id}] ${status} in ${fmtDuration(seconds)} (cache ${cacheState})\n`);
    }
  } finally {
    await png?.close();
  }
  const claimsPath = writeClaimsLedger(resultsRoot, config.profile);
  return { profile: config.profile, results, ok: results.every((r) => r.status === "ok"), claimsPath };
}

/**
 * The claims ledgers from every results.json present under the profile (so shards and partial runs
 * merge): results/<profile>/<paper>/claims.md per paper (the counts per verdict, then a table per
 * experiment) and results/<profile>/claims.md, the index over papers. Returns the index's path.
 */
export function writeClaimsLedger(resultsRoot: string, profile: string): string | undefined {
  if (!existsSync(resultsRoot)) return undefined;
  const index: { paper: string; rows: ClaimRow[] }[] = [];
  for (const paper of readdirSync(resultsRoot).sort()) {
    const paperDir = join(resultsRoot, paper);
    if (!statSync(paperDir).isDirectory()) continue;
    const sections: string[] = [];
    const all: ClaimRow[] = [];
    for (const name of readdirSync(paperDir).sort()) {
      const f = join(paperDir, name, "results.json");
      if (!existsSync(f)) continue;
      const r = JSON.parse(readFileSync(f, "utf8")) as {
        experiment: string;
        title: string;
        claims: ClaimRow[];
      };
      if (!r.claims?.length) continue;
      all.push(...r.claims);
      sections.push(`## ${r.experiment}: ${r.title}\n\n${ledgerMarkdown(r.claims)}\n`);
    }
    if (!all.length) continue;
    index.push({ paper, rows: all });
    const c = verdictCounts(all);
    const text = `# Claims ledger of ${paper} (${profile} profile)\n\n${ledgerRulesMarkdown()}\n\n| verdict | claims |\n|---|---:|\n${Object.entries(
      c,
    )
      .map(([k, v]) => `| ${k} | ${v} |`)
      .join("\n")}\n| total | ${all.length} |\n\n${sections.join("\n")}`;
    writeFileAtomic(join(paperDir, "claims.md"), text);
  }
  const text = `# Claims ledgers (${profile} profile)\n\n${ledgerIndexMarkdown(index)}\n`;
  const path = join(resultsRoot, "claims.md");
  writeFileAtomic(path, text);
  return path;
}

/** A fixed-width summary table of a run. */
export function summaryTable(s: RunSummary): string {
  const rows = s.results.map((r) => [
    r.id,
    r.status,
    fmtDuration(r.seconds),
    r.cache,
    r.status === "ok" ? (r.outputs.find((o) => o.endsWith("figure.html")) ?? "") : (r.error ?? ""),
  ]);
  const head = ["experiment", "status", "time", "cache", "output / error"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  const ok = s.results.filter((r) => r.status === "ok").length;
  const hits = s.results.filter((r) => r.cache === "hit").length;
  return [
    line(head),
    line(widths.map((w) => "-".repeat(Math.min(w, 40)))),
    ...rows.map(line),
    "",
    `${ok} of ${s.results.length} experiment(s) ok; ${hits} from cache${hits === s.results.length && hits > 0 ? " (nothing recomputed)" : ""}.${s.claimsPath ? ` Claims ledger: ${s.claimsPath}` : ""}`,
  ].join("\n");
}
