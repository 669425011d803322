import { z } from "zod";

/**
 * A paper's world as data: the typed defaults a paper ships (seed 000: the city's assets, counts,
 * tariffs and limits) and the `worlds:` blocks of experiments.yaml that override them, per paper,
 * per profile and per experiment. The framework knows no paper: a paper hands it a `WorldSpec`.
 */
export interface WorldSpec<W = unknown> {
  /** Every field with its default (JSON-like: objects, arrays, numbers, strings, booleans). */
  readonly defaults: W;
  /** Where the defaults are defined and documented, for error hints (e.g. "lib/papers/s000/world/cityConfig.ts"). */
  readonly source: string;
  /** Semantic checks beyond types (ranges, consistency); throws a ConfigError naming `where`. */
  validate?(world: W, where: string): void;
}

/**
 * A strict zod schema for partial overrides of `defaults`: objects may give any subset of their keys
 * (unknown keys are errors), leaves must have the default's type, and an array replaces the default
 * array whole (its elements complete and of the default elements' shape).
 *
 * @example overrideSchema({ battery: { capacityMwh: 120 } }).safeParse({ battery: { capacityMwh: "x" } }).success // => false
 */
export function overrideSchema(defaults: unknown): z.ZodType {
  return schemaOf(defaults, true);
}

function schemaOf(v: unknown, partial: boolean): z.ZodType {
  if (typeof v === "number") return z.number();
  if (typeof v === "string") return z.string();
  if (typeof v === "boolean") return z.boolean();
  if (v === null) return z.null();
  if (Array.isArray(v)) {
    if (v.length === 0) return z.array(z.unknown());
    return z.array(schemaOf(v[0], false));
  }
  if (typeof v === "object") {
    const shape: Record<string, z.ZodType> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const s = schemaOf(x, partial);
      shape[k] = partial ? s.optional() : s;
    }
    return z.strictObject(shape);
  }
  return z.unknown();
}

/**
 * `base` with `override` laid over it: objects merge key by key, everything else (numbers, strings,
 * arrays) is replaced. Neither input is modified.
 *
 * @example deepMerge({ a: { x: 1, y: 2 }, b: [1, 2] }, { a: { y: 3 }, b: [9] }) // => { a: { x: 1, y: 3 }, b: [9] }
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(out[k], v);
  return out as T;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
