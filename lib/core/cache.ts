import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomicWrite";
import { CacheCorruptError } from "./errors";
import { hashValue, sha256 } from "./hash";
import { defaultCacheDir } from "./paths";

/**
 * A content-addressed cache for expensive results (trained models, simulation runs).
 *
 * Key = SHA-256 of the canonical JSON of { component, version, params, seed, inputs }: the caller puts
 * in everything the result depends on (a code fingerprint in `version`, hashes of input data in
 * `inputs`), so a changed input recomputes. Layout: `<root>/<component>/<key>.entry`, one file per entry:
 *
 *   "RCACHE1\n" | uint32 LE header length | header JSON (payload SHA-256, length, meta) | payload
 *
 * Entries are written to a temp file and renamed; a truncated or corrupted entry fails its checksum,
 * is reported through `onEvent`, deleted and recomputed, never loaded.
 */
export interface CacheKeyParts {
  /** Component name, also the folder, e.g. "experiment.fig4a" or "forecast.lstm". */
  readonly component: string;
  /** Code version / fingerprint of the component. */
  readonly version: string;
  readonly params?: unknown;
  readonly seed?: number;
  /** Hashes (or small values) of the input data. */
  readonly inputs?: unknown;
}

export interface Codec<T> {
  readonly name: string;
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

export type CacheEvent =
  | { kind: "hit"; component: string; key: string }
  | { kind: "miss"; component: string; key: string }
  | { kind: "write"; component: string; key: string; bytes: number }
  | { kind: "corrupt"; component: string; key: string; reason: string };

export interface CacheEntryInfo {
  readonly component: string;
  readonly key: string;
  readonly bytes: number;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly codec: string;
  readonly path: string;
}

const MAGIC = Buffer.from("RCACHE1\n", "ascii");

/** JSON values (results, small configs). */
export const jsonCodec: Codec<unknown> = {
  name: "json",
  encode: (v) => Buffer.from(JSON.stringify(v), "utf8"),
  decode: (b) => JSON.parse(Buffer.from(b).toString("utf8")),
};

/** Typed-array bundles: named Float64Array columns plus a JSON part, stored without text conversion. */
export interface SeriesBundle {
  readonly json: unknown;
  readonly series: Readonly<Record<string, Float64Array>>;
}

export const seriesCodec: Codec<SeriesBundle> = {
  name: "series",
  encode(v) {
    const names = Object.keys(v.series).sort();
    const lengths = names.map((n) => v.series[n].length);
    const head = Buffer.from(JSON.stringify({ json: v.json, names, lengths }), "utf8");
    const total = 4 + head.length + lengths.reduce((a, n) => a + 8 * n, 0);
    const pad = (8 - ((4 + head.length) % 8)) % 8;
    const out = Buffer.alloc(total + pad);
    out.writeUInt32LE(head.length, 0);
    head.copy(out, 4);
    let off = 4 + head.length + pad;
    for (const n of names) {
      const a = v.series[n];
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, off);
      off += a.byteLength;
    }
    return out;
  },
  decode(b) {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const headLen = buf.readUInt32LE(0);
    const head = JSON.parse(buf.subarray(4, 4 + headLen).toString("utf8"));
    const pad = (8 - ((4 + headLen) % 8)) % 8;
    let off = 4 + headLen + pad;
    const series: Record<string, Float64Array> = {};
    head.names.forEach((n: string, i: number) => {
      const len = head.lengths[i] as number;
      const copy = new Float64Array(len);
      Buffer.from(copy.buffer).set(buf.subarray(off, off + 8 * len));
      series[n] = copy;
      off += 8 * len;
    });
    return { json: head.json, series };
  },
};

/** Raw bytes of several named files (e.g. a model's model.json + weights.bin). */
export const filesCodec: Codec<Record<string, Uint8Array>> = {
  name: "files",
  encode(files) {
    return encodeFiles(files);
  },
  decode(bytes) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headLen = buf.readUInt32LE(0);
    const head = JSON.parse(buf.subarray(4, 4 + headLen).toString("utf8")) as { name: string; len: number }[];
    const out: Record<string, Uint8Array> = {};
    let off = 4 + headLen;
    for (const { name, len } of head) {
      out[name] = new Uint8Array(buf.subarray(off, off + len));
      off += len;
    }
    return out;
  },
};

function encodeFiles(files: Record<string, Uint8Array>): Uint8Array {
  const names = Object.keys(files).sort();
  const head = Buffer.from(
    JSON.stringify(names.map((name) => ({ name, len: files[name].byteLength }))),
    "utf8",
  );
  const lenBuf = Buffer.alloc(4);
  lenBuf.writeUInt32LE(head.length, 0);
  return Buffer.concat([lenBuf, head, ...names.map((n) => Buffer.from(files[n]))]);
}

export class Cache {
  readonly root: string;
  readonly stats = { hits: 0, misses: 0, writes: 0, corrupt: 0 };
  private readonly listeners: ((e: CacheEvent) => void)[] = [];

  constructor(root: string = defaultCacheDir()) {
    this.root = root;
  }

  onEvent(listener: (e: CacheEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** The content key of an entry. */
  key(parts: CacheKeyParts): string {
    return hashValue({
      component: parts.component,
      version: parts.version,
      params: parts.params ?? null,
      seed: parts.seed ?? null,
      inputs: parts.inputs ?? null,
    });
  }

  pathOf(component: string, key: string): string {
    return join(this.root, safeComponent(component), `${key}.entry`);
  }

  /** The decoded value, or undefined on a miss. A corrupt entry is reported, deleted and treated as a miss. */
  get<T>(parts: CacheKeyParts, codec: Codec<T>): T | undefined {
    const key = this.key(parts);
    const path = this.pathOf(parts.component, key);
    if (!existsSync(path)) {
      this.stats.misses++;
      this.emit({ kind: "miss", component: parts.component, key });
      return undefined;
    }
    try {
      const { payload, header } = readEntry(path);
      if (header.codec !== codec.name) {
        throw new CacheCorruptError(
          `entry was written with codec "${header.codec}", read with "${codec.name}"`,
        );
      }
      const value = codec.decode(payload);
      const now = new Date();
      utimesSync(path, now, now);
      this.stats.hits++;
      this.emit({ kind: "hit", component: parts.component, key });
      return value;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.stats.corrupt++;
      this.stats.misses++;
      this.emit({ kind: "corrupt", component: parts.component, key, reason });
      rmSync(path, { force: true });
      return undefined;
    }
  }

  put<T>(parts: CacheKeyParts, value: T, codec: Codec<T>): string {
    return this.putEncoded(parts, Buffer.from(codec.encode(value)), codec.name);
  }

  private putEncoded(parts: CacheKeyParts, payload: Buffer, codecName: string): string {
    const key = this.key(parts);
    const header = Buffer.from(
      JSON.stringify({
        sha256: sha256(payload),
        length: payload.length,
        codec: codecName,
        component: parts.component,
        version: parts.version,
        seed: parts.seed ?? null,
        createdAt: new Date().toISOString(),
      }),
      "utf8",
    );
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length, 0);
    const path = this.pathOf(parts.component, key);
    writeFileAtomic(path, Buffer.concat([MAGIC, len, header, payload]));
    this.stats.writes++;
    this.emit({ kind: "write", component: parts.component, key, bytes: payload.length });
    return key;
  }

  /**
   * Returns the cached value, or computes, stores and returns it. `hit` says which. A computed value
   * is returned as the cache will give it back (decoded from the bytes just written), so a cold and
   * a warm run see the same value: a codec that cannot carry something (JSON turns NaN into null)
   * cannot make the two differ.
   */
  async getOrCompute<T>(
    parts: CacheKeyParts,
    codec: Codec<T>,
    compute: () => T | Promise<T>,
  ): Promise<{ value: T; hit: boolean; key: string }> {
    const key = this.key(parts);
    const cached = this.get(parts, codec);
    if (cached !== undefined) return { value: cached, hit: true, key };
    const payload = Buffer.from(codec.encode(await compute()));
    this.putEncoded(parts, payload, codec.name);
    return { value: codec.decode(payload), hit: false, key };
  }

  /** Every entry (with its size and dates); leftover temp files are not listed. */
  ls(): CacheEntryInfo[] {
    if (!existsSync(this.root)) return [];
    const out: CacheEntryInfo[] = [];
    for (const comp of readdirSync(this.root).sort()) {
      const dir = join(this.root, comp);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir).sort()) {
        if (!f.endsWith(".entry")) continue;
        const path = join(dir, f);
        const st = statSync(path);
        let createdAt = st.birthtime.toISOString();
        let codec = "?";
        try {
          const h = readHeader(path);
          createdAt = h.createdAt;
          codec = h.codec;
        } catch {
          codec = "corrupt";
        }
        out.push({
          component: comp,
          key: f.slice(0, -".entry".length),
          bytes: st.size,
          createdAt,
          lastUsedAt: st.mtime.toISOString(),
          codec,
          path,
        });
      }
    }
    return out;
  }

  /**
   * Removes entries that fail their checksum, leftover temp files, and entries unused for more than
   * `olderThanDays` days (if given). Returns what was removed.
   */
  prune(olderThanDays?: number): { removed: string[]; freedBytes: number } {
    const removed: string[] = [];
    let freedBytes = 0;
    if (!existsSync(this.root)) return { removed, freedBytes };
    const cutoff = olderThanDays === undefined ? -Infinity : Date.now() - olderThanDays * 86400e3;
    for (const comp of readdirSync(this.root)) {
      const dir = join(this.root, comp);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir)) {
        const path = join(dir, f);
        const st = statSync(path);
        let drop = f.includes(".tmp-") || st.mtimeMs < cutoff;
        if (!drop && f.endsWith(".entry")) {
          try {
            readEntry(path);
          } catch {
            drop = true;
          }
        }
        if (drop) {
          rmSync(path, { force: true });
          removed.push(path);
          freedBytes += st.size;
        }
      }
    }
    return { removed, freedBytes };
  }

  /** Deletes the whole cache folder. */
  clear(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /**
   * Copies into this cache every valid entry of another cache folder that this one lacks (for runs
   * split across machines with --shard). Returns the number of entries copied and skipped as corrupt.
   */
  merge(otherRoot: string): { copied: number; corrupt: number; present: number } {
    const other = new Cache(otherRoot);
    let copied = 0;
    let corrupt = 0;
    let present = 0;
    for (const e of other.ls()) {
      const target = join(this.root, e.component, `${e.key}.entry`);
      if (existsSync(target)) {
        present++;
        continue;
      }
      try {
        readEntry(e.path);
      } catch {
        corrupt++;
        continue;
      }
      mkdirSync(join(this.root, e.component), { recursive: true });
      writeFileAtomic(target, readFileSync(e.path));
      copied++;
    }
    return { copied, corrupt, present };
  }

  private emit(e: CacheEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function safeComponent(component: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(component)) {
    throw new CacheCorruptError(
      `cache component names may hold only letters, digits, '.', '_' and '-', got "${component}"`,
    );
  }
  return component;
}

interface EntryHeader {
  sha256: string;
  length: number;
  codec: string;
  createdAt: string;
}

function parse(buf: Buffer): { header: EntryHeader; payloadStart: number } {
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CacheCorruptError("not a cache entry (bad magic or truncated header)");
  }
  const headLen = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (buf.length < start + headLen) throw new CacheCorruptError("truncated header");
  let header: EntryHeader;
  try {
    header = JSON.parse(buf.subarray(start, start + headLen).toString("utf8"));
  } catch {
    throw new CacheCorruptError("unreadable header");
  }
  return { header, payloadStart: start + headLen };
}

function readHeader(path: string): EntryHeader {
  return parse(readFileSync(path)).header;
}

function readEntry(path: string): { header: EntryHeader; payload: Buffer } {
  const buf = readFileSync(path);
  const { header, payloadStart } = parse(buf);
  const payload = buf.subarray(payloadStart);
  if (payload.length !== header.length) {
    throw new CacheCorruptError(`truncated payload: ${payload.length} of ${header.length} bytes`);
  }
  if (sha256(payload) !== header.sha256) throw new CacheCorruptError("checksum mismatch");
  return { header, payload };
}
