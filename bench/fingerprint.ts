/**
 * Cost of the import-graph code fingerprints: `moduleFingerprint` of every `.ts` module under lib/ (what
 * keying every experiment's cache entries costs at most). Cold = after `clearFingerprintMemo()` (each file
 * read, hashed and parsed once); warm = memo kept (graph walks and the final hashes only). Prints JSON.
 *
 *   npx tsx bench/fingerprint.ts
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { clearFingerprintMemo, importClosure, moduleFingerprint } from "../lib/core/fingerprint";
import { machine, summarise, timeRuns } from "./util";

const RUNS = 5;

function tsModules(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) tsModules(p, out);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

async function main() {
  const files = tsModules(resolve(__dirname, "../lib")).sort();
  const all = () => {
    for (const f of files) moduleFingerprint(f);
  };
  const cold = await timeRuns(() => {
    clearFingerprintMemo();
    all();
  }, RUNS);
  clearFingerprintMemo();
  all();
  const warm = await timeRuns(all, RUNS);
  const distinct = new Set(files.flatMap((f) => importClosure(f))).size;
  const closures = files.map((f) => importClosure(f).length);
  const ms = (s: number[]) => Math.round(summarise(s).median * 1e6) / 1e3;
  console.log(
    JSON.stringify(
      {
        name: "fingerprint",
        target: "cold fingerprint of every lib/ module < 200 ms",
        coldMs: ms(cold),
        warmMs: ms(warm),
        files: files.length,
        runs: RUNS,
        distinctFilesRead: distinct,
        meanClosureFiles: Math.round((closures.reduce((a, b) => a + b, 0) / closures.length) * 10) / 10,
        maxClosureFiles: Math.max(...closures),
        machine: machine(),
      },
      null,
      2,
    ),
  );
}

main();
