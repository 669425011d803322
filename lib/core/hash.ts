import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted, typed arrays as plain arrays, `undefined` dropped, non-finite
 * numbers as strings. Two values that are equal as data give the same string, whatever the key order.
 *
 * @example stableStringify({ b: 1, a: [1, 2] }) === '{"a":[1,2],"b":1}'
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<number>, (v) => canonical(v));
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== "function") out[key] = canonical(v);
    }
    return out;
  }
  return undefined;
}

/** SHA-256 (hex) of bytes or of a string (UTF-8). */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 of the canonical JSON of a value: the content key of configs, parameters and inputs. */
export function hashValue(value: unknown): string {
  return sha256(stableStringify(value));
}

/** SHA-256 over the raw bytes of a typed array (platform byte order; all targets here are little-endian). */
export function hashTypedArray(a: ArrayBufferView): string {
  return sha256(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
