import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../core/errors";
import { repoRoot } from "../core/paths";
import { type ClaimRow, judgeClaim, orderLabels, paperNumber } from "./claimRules";

export * from "./claimRules";

/**
 * The claims ledger: every claim of a paper beside our value and a verdict (rules and their
 * precedence: lib/experiments/claimRules.ts, `ledgerRulesMarkdown`). Paper values live in
 * data/paper/<paper>/<figure>.json (ids `<paper>.<panel>...`, e.g. `s000.fig4a.utilisation.RBEMS`);
 * they are references only, never inputs.
 *
 * A claim has a `kind` (default `value`, so a claim without one is a value claim):
 * - `value`: a number (`value`) with a `tolerance`; optionally `relativeTo` (the claim it is compared
 *   with, for "direction holds"), `noise` (the smallest difference from that reference that counts,
 *   in the claim's unit; default 5 % of the paper's own gap) and `readings` (alternative values the
 *   paper's own text supports).
 * - `relative`: a change of claim `of` against claim `relativeTo`, `value` in % (`change`:
 *   "increase" (default) = 100 (of - ref) / |ref|, "reduction" = 100 (ref - of) / |ref|). Ours is
 *   computed from our values of the two claims (the experiment's own value for this id only when
 *   either is missing); a reference below `minDenominator` (default 1e-9 x |paper's reference|) makes
 *   it undefined. `tolerance`, `noise` (default 5 % of |value|) and `readings` as for `value`.
 * - `bound`: `atMost` or `atLeast` (exactly one); ours is claim `of`'s value if given, else this id's.
 * - `range`: `min` <= ours <= `max`; ours as for `bound`.
 * - `order`: the claims `of` (at least two ids, best first) are in this order: `direction`
 *   "descending" (best = highest) or "ascending" (best = lowest). Ours are our values of those claims
 *   (no extra experiment output); each adjacent pair must differ the paper's way by more than `noise`
 *   (default 5 % of the paper's gap between the pair).
 * Every kind: `inconsistent` (the paper contradicts itself: a note beside the verdict) and
 * `calibrated` (the number was fitted on purpose: verdict "calibrated").
 */
const Id = z.string().min(1);
const Tolerance = z.strictObject({
  abs: z.number().nonnegative().optional(),
  rel: z.number().nonnegative().optional(),
});

const common = {
  id: Id,
  panel: z.string().min(1),
  quantity: z.string().min(1),
  subject: z.string().min(1),
  unit: z.string(),
  sentence: z.string().min(1),
  /** Set when the paper contradicts itself on this claim; the text says how (shown as a note). */
  inconsistent: z.string().min(1).optional(),
  /** Set when our number was fitted to this claim on purpose; the text says what was fitted. */
  calibrated: z.string().min(1).optional(),
};

const ValueClaimSchema = z.strictObject({
  kind: z.literal("value"),
  ...common,
  value: z.number(),
  /** How close counts as reproduced: |ours - paper| <= max(abs, rel * |paper|). Default rel 5 %. */
  tolerance: Tolerance.optional(),
  /** Another claim this one is compared against (e.g. a baseline): used for "direction holds". */
  relativeTo: Id.optional(),
  /** Smallest |ours - ours(relativeTo)| that counts as a direction (claim's unit). */
  noise: z.number().nonnegative().optional(),
  /** Alternative values the paper's own text supports (with `inconsistent` saying where). */
  readings: z.array(z.number()).min(1).optional(),
});

const RelativeClaimSchema = z.strictObject({
  kind: z.literal("relative"),
  ...common,
  of: Id,
  relativeTo: Id,
  change: z.enum(["increase", "reduction"]).optional(),
  value: z.number(),
  tolerance: Tolerance.optional(),
  noise: z.number().nonnegative().optional(),
  readings: z.array(z.number()).min(1).optional(),
  minDenominator: z.number().positive().optional(),
});

const BoundClaimSchema = z.strictObject({
  kind: z.literal("bound"),
  ...common,
  atMost: z.number().optional(),
  atLeast: z.number().optional(),
  of: Id.optional(),
});

const RangeClaimSchema = z.strictObject({
  kind: z.literal("range"),
  ...common,
  min: z.number(),
  max: z.number(),
  of: Id.optional(),
});

const OrderClaimSchema = z.strictObject({
  kind: z.literal("order"),
  ...common,
  of: z.array(Id).min(2),
  direction: z.enum(["descending", "ascending"]),
  noise: z.number().nonnegative().optional(),
});

const ClaimSchema = z.discriminatedUnion("kind", [
  ValueClaimSchema,
  RelativeClaimSchema,
  BoundClaimSchema,
  RangeClaimSchema,
  OrderClaimSchema,
]);

/** The claim kinds, as `kind` may name them. */
export const CLAIM_KINDS = ["value", "order", "bound", "range", "relative"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

const ClaimFileSchema = z.strictObject({
  paper: z.string(),
  source: z.string(),
  figure: z.string(),
  note: z.string().optional(),
  claims: z.array(z.unknown()),
});

type WithPaper<T> = Omit<T, "kind"> & { readonly paper: string };
/** A value claim (`kind` may be left out). */
export type ValueClaim = WithPaper<z.infer<typeof ValueClaimSchema>> & { readonly kind?: "value" };
export type RelativeClaim = WithPaper<z.infer<typeof RelativeClaimSchema>> & { readonly kind: "relative" };
export type BoundClaim = WithPaper<z.infer<typeof BoundClaimSchema>> & { readonly kind: "bound" };
export type RangeClaim = WithPaper<z.infer<typeof RangeClaimSchema>> & { readonly kind: "range" };
export type OrderClaim = WithPaper<z.infer<typeof OrderClaimSchema>> & { readonly kind: "order" };

/** A claim as loaded: the file's fields plus the paper it belongs to (the folder under data/paper). */
export type PaperClaim = ValueClaim | RelativeClaim | BoundClaim | RangeClaim | OrderClaim;

/** The paper of an experiment or claim id: "s000/fig4a" and "s000.fig4a.x" -> "s000". */
export function paperPrefix(id: string): string {
  return id.split(/[/.]/)[0];
}

/** The qualified claim panels an experiment answers: ["fig4a"] of "s000/fig4a" -> ["s000/fig4a"]. */
export function qualifiedPanels(experimentId: string, panels: readonly string[]): string[] {
  const paper = paperPrefix(experimentId);
  return panels.map((p) => `${paper}/${p}`);
}

/** The kind of a claim (`value` when not given). */
export function claimKind(c: Pick<PaperClaim, "kind">): ClaimKind {
  return c.kind ?? "value";
}

/** One raw claim of a file, validated by its kind's schema; errors name the file, the claim and the field. */
function parseClaim(raw: unknown, index: number, path: string): z.infer<typeof ClaimSchema> {
  const obj = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const name = typeof obj.id === "string" ? `claim "${obj.id}"` : `claims[${index}]`;
  const kind = obj.kind ?? "value";
  if (typeof kind !== "string" || !(CLAIM_KINDS as readonly string[]).includes(kind))
    throw new ConfigError(
      `unknown claim kind ${JSON.stringify(kind)}`,
      `${path}: ${name}: kind`,
      `allowed kinds: ${CLAIM_KINDS.join(", ")}`,
    );
  if (kind === "order" && (!Array.isArray(obj.of) || obj.of.length === 0))
    throw new ConfigError(
      "an order claim needs its subjects",
      `${path}: ${name}: of`,
      'list the claim ids it orders in "of", best first (at least two)',
    );
  const parsed = ClaimSchema.safeParse({ ...obj, kind });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      issue.message,
      `${path}: ${name}${issue.path.length ? `: ${issue.path.join(".")}` : ""}`,
      "see lib/experiments/claims.ts for the claim format",
    );
  }
  return parsed.data;
}

/**
 * Semantic checks over a set of claims (beyond each claim's schema): a bound names exactly one of
 * atMost/atLeast, a range has min <= max, an order lists at least two distinct claims, and every id a
 * claim refers to (`relativeTo`, `of`) exists and is not an order. Errors name the claim.
 */
export function checkClaims(claims: readonly PaperClaim[], where = "claims"): void {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const ref = (c: PaperClaim, field: string, id: string) => {
    const r = byId.get(id);
    if (!r)
      throw new ConfigError(
        `refers to unknown claim "${id}"`,
        `${where}: claim "${c.id}": ${field}`,
        "use an id listed in data/paper",
      );
    if (r.kind === "order")
      throw new ConfigError(
        `refers to the order claim "${id}"`,
        `${where}: claim "${c.id}": ${field}`,
        "refer to a claim with a number",
      );
    if (r.id === c.id) throw new ConfigError("refers to itself", `${where}: claim "${c.id}": ${field}`);
  };
  for (const c of claims) {
    if (c.kind === "order") {
      if (!Array.isArray(c.of) || c.of.length < 2)
        throw new ConfigError(
          "an order claim needs its subjects",
          `${where}: claim "${c.id}": of`,
          'list at least two claim ids in "of", best first',
        );
      if (new Set(c.of).size !== c.of.length)
        throw new ConfigError("lists a claim twice", `${where}: claim "${c.id}": of`);
      c.of.forEach((id, i) => {
        ref(c, `of.${i}`, id);
      });
    } else if (c.kind === "bound") {
      if ((c.atMost === undefined) === (c.atLeast === undefined))
        throw new ConfigError(
          "a bound claim needs exactly one of atMost, atLeast",
          `${where}: claim "${c.id}"`,
        );
      if (c.of) ref(c, "of", c.of);
    } else if (c.kind === "range") {
      if (!(c.min <= c.max))
        throw new ConfigError(`min ${c.min} > max ${c.max}`, `${where}: claim "${c.id}"`);
      if (c.of) ref(c, "of", c.of);
    } else if (c.kind === "relative") {
      ref(c, "of", c.of);
      ref(c, "relativeTo", c.relativeTo);
    } else if (c.relativeTo) ref(c, "relativeTo", c.relativeTo);
  }
}

/**
 * Loads every claim file under data/paper (or `dir`): one folder per paper (data/paper/s000/*.json),
 * validated; errors name the file, the claim and the field. A claim's id must start with its paper's id.
 */
export function loadPaperClaims(dir = join(repoRoot(), "data", "paper")): PaperClaim[] {
  if (!existsSync(dir)) return [];
  const out: PaperClaim[] = [];
  const seen = new Set<string>();
  for (const paper of readdirSync(dir).sort()) {
    const paperDir = join(dir, paper);
    if (!statSync(paperDir).isDirectory()) continue;
    for (const f of readdirSync(paperDir).sort()) {
      if (!f.endsWith(".json")) continue;
      const path = join(paperDir, f);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path, "utf8"));
      } catch (err) {
        throw new ConfigError(`is not valid JSON (${(err as Error).message})`, path, "fix the JSON syntax");
      }
      const parsed = ClaimFileSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ConfigError(
          issue.message,
          `${path}: ${issue.path.join(".")}`,
          "see lib/experiments/claims.ts for the claim format",
        );
      }
      if (parsed.data.paper !== paper)
        throw new ConfigError(
          `"paper" is "${parsed.data.paper}" in folder ${paper}`,
          `${path}: paper`,
          `set it to "${paper}"`,
        );
      parsed.data.claims.forEach((rawClaim, i) => {
        const c = parseClaim(rawClaim, i, path);
        if (!c.id.startsWith(`${paper}.`))
          throw new ConfigError(
            `claim id "${c.id}" lacks its paper prefix`,
            path,
            `ids look like ${paper}.${c.panel}.<name>`,
          );
        if (seen.has(c.id)) throw new ConfigError(`duplicate claim id "${c.id}"`, path);
        seen.add(c.id);
        out.push({ ...c, paper } as PaperClaim);
      });
    }
  }
  checkClaims(out, dir);
  return out;
}

const claimsById = new Map<string, PaperClaim>();

function claimById(id: string): PaperClaim {
  if (claimsById.size === 0) for (const c of loadPaperClaims()) claimsById.set(c.id, c);
  const c = claimsById.get(id);
  if (!c)
    throw new ConfigError(`unknown claim id "${id}"`, "data/paper/*.json", "use an id listed in data/paper");
  return c;
}

/**
 * One paper claim by id, read from data/paper (loaded once per process). For notes that discuss the
 * paper's numbers in words: the number itself always comes from the data file, never from our code.
 * `value` is the claim's number (a bound's bound, a range's midpoint); an order claim has none (ConfigError).
 */
export function paperClaim(id: string): PaperClaim & { readonly value: number } {
  const c = claimById(id);
  if (c.kind === "order")
    throw new ConfigError(`claim "${id}" is an order claim and has no single number`, "data/paper/*.json");
  if (c.kind === "bound" || c.kind === "range") return { ...c, value: paperNumber(c) };
  return c;
}

/**
 * A claim's number with its unit, for prose, e.g. paperText(id) -> "<value> <unit>" as data/paper gives
 * them; a bound reads "at most <x> <unit>" / "at least ...", a range "<min>-<max> <unit>", an order
 * "A > B > C" (best first).
 */
export function paperText(id: string): string {
  const c = claimById(id);
  const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 3 });
  const u = c.unit ? ` ${c.unit}` : "";
  if (c.kind === "order") {
    const all = new Map([...claimsById.values()].map((x) => [x.id, x]));
    return orderLabels(c, all).join(c.direction === "descending" ? " > " : " < ");
  }
  if (c.kind === "bound")
    return c.atMost !== undefined
      ? `at most ${n(c.atMost)}${u}`
      : `at least ${n(c.atLeast ?? Number.NaN)}${u}`;
  if (c.kind === "range") return `${n(c.min)}-${n(c.max)}${u}`;
  return `${n(c.value)} ${c.unit}`;
}

/**
 * Ledger rows for the claims of the given qualified panels (e.g. ["s000/fig4a"], see qualifiedPanels),
 * in file order. `ours` may hold values for ids without a claim (ignored); claims of other panels
 * (references of relative and order claims) are read from `claims` too. `undefinedWhy`: the
 * experiment's reasons why a quantity does not exist in our run; `calibrated`: ids our run fitted on
 * purpose (id -> what was fitted, or a list of ids).
 */
export function buildLedger(
  panels: readonly string[],
  ours: Readonly<Record<string, number | null>>,
  claims: readonly PaperClaim[] = loadPaperClaims(),
  undefinedWhy: Readonly<Record<string, string>> = {},
  calibrated: Readonly<Record<string, string>> | readonly string[] = {},
): ClaimRow[] {
  for (const p of panels)
    if (!/^[^/]+\/[^/]+$/.test(p))
      throw new ConfigError(
        `panel "${p}" is not qualified by its paper`,
        "buildLedger panels",
        'use "<paper>/<panel>", e.g. qualifiedPanels("s000/fig4a", ["fig4a"]) -> ["s000/fig4a"]',
      );
  checkClaims(claims, "buildLedger claims");
  const all = new Map(claims.map((c) => [c.id, c]));
  const oursMap = new Map(Object.entries(ours));
  const whyMap = new Map(Object.entries(undefinedWhy));
  const fitted = new Map<string, string>(
    Array.isArray(calibrated)
      ? calibrated.map((id: string) => [id, "listed by the experiment as calibrated"])
      : Object.entries(calibrated as Readonly<Record<string, string>>),
  );
  return claims
    .filter((c) => panels.includes(`${c.paper}/${c.panel}`))
    .map((c) => judgeClaim(c, oursMap, all, whyMap, fitted));
}

/**
 * The ledger rows a figure draws: value, bound, range and relative claims (an order claim has no
 * number to draw beside ours; its verdict is in the notes and claims.md).
 */
export function figureLedger(rows: readonly ClaimRow[]): ClaimRow[] {
  return rows.filter((r) => r.kind !== "order");
}
