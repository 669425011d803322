import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { sha256 } from "./hash";

const memo = new Map<string, string>();

/**
 * A fingerprint of a component's code: SHA-256 over the contents of every source file in the given
 * folders of the library (relative to the library root: `lib/` when running from sources, `dist/` when
 * running the build). Any code change in those folders changes the fingerprint and so every cache key
 * built from it: stale results are never reused after an edit.
 *
 * @example codeFingerprint("city", "sim") // hashes lib/city/** and lib/sim/**
 */
export function codeFingerprint(...folders: string[]): string {
  const libRoot = resolve(__dirname, "..");
  const key = `${libRoot}|${folders.join(",")}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const files: string[] = [];
  for (const f of folders) collect(join(libRoot, f), files);
  files.sort();
  const parts = files.map((f) => `${f.slice(libRoot.length)}\n${sha256(readFileSync(f))}`);
  const fp = sha256(parts.join("\n")).slice(0, 16);
  memo.set(key, fp);
  return fp;
}

function collect(path: string, out: string[]): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new Error(`codeFingerprint: no such library folder ${path}`);
  }
  if (st.isFile()) {
    if (/\.(ts|js)$/.test(path) && !path.endsWith(".d.ts")) out.push(path);
    return;
  }
  for (const name of readdirSync(path)) collect(join(path, name), out);
}
