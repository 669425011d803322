/**
 * Compares two results trees (results/<profile>/ of two runs) value by value.
 *
 *   npx tsx scripts/compareResults.ts A B            # every experiment's `values`, and the claims' verdicts
 *   npx tsx scripts/compareResults.ts --digest A     # a digest per experiment (sha256 of its values), as JSON
 *
 * Ids are mapped old to new: a results.json whose experiment id has no paper prefix (the flat layout
 * before the four-paper workspace: "fig4a") is compared with "s000/fig4a", and claim ids "fig4a.x"
 * with "s000.fig4a.x". Exit code 1 when any value differs or an experiment is missing on either side.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stableStringify } from "../lib/core/hash";

interface Results {
  experiment: string;
  values: unknown;
  claims?: { id: string; verdict: string; ours: number | null; why: string; note?: string }[];
}

/** Every results.json under `root`, by (new-style) experiment id. */
export function readResults(root: string): Map<string, Results> {
  const out = new Map<string, Results>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === "results.json") {
        const r = JSON.parse(readFileSync(p, "utf8")) as Results;
        out.set(newId(r.experiment), r);
      }
    }
  };
  if (!existsSync(root)) throw new Error(`no results folder ${root}`);
  walk(root);
  return out;
}

/** "fig4a" -> "s000/fig4a" (ids before the per-paper layout were all seed 000's). */
export function newId(id: string): string {
  return id.includes("/") ? id : `s000/${id}`;
}

/** "fig4a.utilisation.RBEMS" -> "s000.fig4a.utilisation.RBEMS". */
export function newClaimId(id: string): string {
  return /^s\d{3}\./.test(id) ? id : `s000.${id}`;
}

/**
 * Values that are measurements of the machine a run happens on, by design (Fig. 7(e) is the CPU and
 * memory of our own run): they differ between any two cold runs of the same code, so they are
 * reported as measured and neither compared nor digested.
 */
export const MEASURED: Readonly<Record<string, RegExp>> = {
  "s000/fig7e": /^rows\[\d+\]\.(cpuSeconds|cpuUtilisationPct|peakRssGb|stepsPerSecond|wallSeconds)$/,
};

/** `values` without the measured fields of `id` (see MEASURED). */
export function comparableValues(id: string, values: unknown): unknown {
  const re = MEASURED[id];
  if (!re) return values;
  const strip = (v: unknown, path: string): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x, i) => strip(x, `${path}[${i}]`));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (!re.test(p)) out[k] = strip(x, p);
    }
    return out;
  };
  return strip(values, "");
}

/** Paths (a.b[2].c) where two JSON values differ; exact comparison of numbers. */
export function jsonDiff(a: unknown, b: unknown, path = "", out: string[] = []): string[] {
  if (a === b) return out;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    out.push(`${path || "(root)"}: ${JSON.stringify(a)?.slice(0, 80)} != ${JSON.stringify(b)?.slice(0, 80)}`);
    return out;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${path}: array vs object`);
    return out;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of new Set([...ka, ...kb])) {
    const p = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    jsonDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p, out);
  }
  return out;
}

/** sha256 (16 hex) of an experiment's values in canonical JSON, measured fields left out. */
export function valuesDigest(id: string, values: unknown): string {
  return createHash("sha256")
    .update(stableStringify(comparableValues(id, values)))
    .digest("hex")
    .slice(0, 16);
}

function main(argv: string[]): number {
  if (argv[0] === "--digest" && argv[1]) {
    const r = readResults(argv[1]);
    const digest = Object.fromEntries(
      [...r.keys()].sort().map((id) => [id, valuesDigest(id, r.get(id)!.values)]),
    );
    console.log(JSON.stringify(digest, null, 2));
    return 0;
  }
  if (argv.length !== 2) {
    console.error("usage: npx tsx scripts/compareResults.ts A B | --digest A");
    return 2;
  }
  const [a, b] = argv.map(readResults);
  let diffs = 0;
  const verdictChanges: string[] = [];
  for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const ra = a.get(id);
    const rb = b.get(id);
    if (!ra || !rb) {
      console.log(`${id}: only in ${ra ? "A" : "B"}`);
      diffs++;
      continue;
    }
    const d = jsonDiff(comparableValues(id, ra.values), comparableValues(id, rb.values));
    const measured = jsonDiff(ra.values, rb.values).length - d.length;
    diffs += d.length;
    console.log(
      `${id}: ${d.length === 0 ? "0 differences" : `${d.length} difference(s)`}${measured ? ` (and ${measured} measured field(s) not compared)` : ""}`,
    );
    for (const line of d.slice(0, 10)) console.log(`  ${line}`);
    const claimsB = new Map((rb.claims ?? []).map((c) => [newClaimId(c.id), c]));
    const seen = new Set<string>();
    for (const ca of ra.claims ?? []) {
      const cid = newClaimId(ca.id);
      seen.add(cid);
      const cb = claimsB.get(cid);
      if (!cb) verdictChanges.push(`${cid}: ${ca.verdict} -> (no longer a claim)`);
      else if (cb.verdict !== ca.verdict || cb.ours !== ca.ours)
        verdictChanges.push(
          `${cid}: ${ca.verdict} -> ${cb.verdict}${cb.note ? ` (note: ${cb.note})` : ""}; ${cb.why}`,
        );
    }
    for (const cid of claimsB.keys())
      if (!seen.has(cid)) verdictChanges.push(`${cid}: (new claim) -> ${claimsB.get(cid)!.verdict}`);
  }
  console.log(
    `\nvalues: ${diffs} difference(s) over ${new Set([...a.keys(), ...b.keys()]).size} experiments`,
  );
  console.log(`claims: ${verdictChanges.length} change(s)`);
  for (const c of verdictChanges) console.log(`  ${c}`);
  return diffs === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
