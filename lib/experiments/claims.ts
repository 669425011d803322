import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../core/errors";
import { repoRoot } from "../core/paths";

/**
 * The claims ledger: every numeric claim of a paper beside our value, the ratio and a verdict.
 * Paper values live in data/paper/<figure>.json; they are references only, never inputs.
 */
const ClaimSchema = z.strictObject({
  id: z.string().min(1),
  panel: z.string().min(1),
  quantity: z.string().min(1),
  subject: z.string().min(1),
  value: z.number(),
  unit: z.string(),
  sentence: z.string().min(1),
  /** How close counts as reproduced: |ours - paper| <= max(abs, rel * |paper|). Default rel 5 %. */
  tolerance: z
    .strictObject({ abs: z.number().nonnegative().optional(), rel: z.number().nonnegative().optional() })
    .optional(),
  /** Another claim this one is compared against (e.g. a baseline): used for "direction holds". */
  relativeTo: z.string().optional(),
  /** Set when the paper contradicts itself on this number; the text says how. */
  inconsistent: z.string().optional(),
});

const ClaimFileSchema = z.strictObject({
  paper: z.string(),
  source: z.string(),
  figure: z.string(),
  note: z.string().optional(),
  claims: z.array(ClaimSchema),
});

export type PaperClaim = z.infer<typeof ClaimSchema>;

export type Verdict =
  | "reproduced"
  | "direction holds"
  | "not reproduced"
  | "paper inconsistent"
  | "undefined"
  | "not run";

export interface ClaimRow {
  readonly id: string;
  readonly panel: string;
  readonly quantity: string;
  readonly subject: string;
  readonly unit: string;
  readonly paper: number;
  readonly ours: number | null;
  /** ours / paper (null when either is missing or paper is 0). */
  readonly ratio: number | null;
  readonly verdict: Verdict;
  readonly why: string;
}

/** Loads every claim file in data/paper (or `dir`), validated; errors name the file and the field. */
export function loadPaperClaims(dir = join(repoRoot(), "data", "paper")): PaperClaim[] {
  if (!existsSync(dir)) return [];
  const out: PaperClaim[] = [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".json")) continue;
    const path = join(dir, f);
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
    for (const c of parsed.data.claims) {
      if (seen.has(c.id)) throw new ConfigError(`duplicate claim id "${c.id}"`, path);
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}

const claimsById = new Map<string, PaperClaim>();

/**
 * One paper claim by id, read from data/paper (loaded once per process). For notes that discuss the
 * paper's numbers in words: the number itself always comes from the data file, never from our code.
 */
export function paperClaim(id: string): PaperClaim {
  if (claimsById.size === 0) for (const c of loadPaperClaims()) claimsById.set(c.id, c);
  const c = claimsById.get(id);
  if (!c)
    throw new ConfigError(`unknown claim id "${id}"`, "data/paper/*.json", "use an id listed in data/paper");
  return c;
}

/** A claim's value with its unit, for prose, e.g. paperText(id) -> "<value> <unit>" as data/paper gives them. */
export function paperText(id: string): string {
  const c = paperClaim(id);
  return `${c.value.toLocaleString("en-US", { maximumFractionDigits: 3 })} ${c.unit}`;
}

/** Tolerance band of a claim: max(abs, rel * |paper|), rel defaulting to 5 %. */
export function claimTolerance(c: PaperClaim): number {
  const abs = c.tolerance?.abs ?? 0;
  const rel = c.tolerance?.rel ?? (c.tolerance?.abs === undefined ? 0.05 : 0);
  return Math.max(abs, rel * Math.abs(c.value));
}

/**
 * The verdict for one claim given our values for every claim id.
 * - undefined: our run has no such quantity, for the stated reason (`undefinedWhy`; e.g. no payback
 *   without savings);
 * - not run: we have no value for it (the experiment does not compute it yet);
 * - reproduced: within the claim's tolerance;
 * - paper inconsistent: the paper contradicts itself on this number (our value still shown);
 * - direction holds: outside tolerance, but ours differs from the claim it is relative to in the same
 *   direction as the paper's does (e.g. the proposed method still beats the baseline);
 * - not reproduced: otherwise.
 */
export function judgeClaim(
  c: PaperClaim,
  ours: ReadonlyMap<string, number | null>,
  all: ReadonlyMap<string, PaperClaim>,
  undefinedWhy: ReadonlyMap<string, string> = new Map(),
): ClaimRow {
  const v = ours.get(c.id);
  const base = {
    id: c.id,
    panel: c.panel,
    quantity: c.quantity,
    subject: c.subject,
    unit: c.unit,
    paper: c.value,
  };
  if (v === undefined || v === null || !Number.isFinite(v)) {
    const why = undefinedWhy.get(c.id);
    if (why) return { ...base, ours: null, ratio: null, verdict: "undefined", why };
    return {
      ...base,
      ours: null,
      ratio: null,
      verdict: "not run",
      why: "no value computed for this claim yet",
    };
  }
  const ratio = c.value !== 0 ? v / c.value : null;
  const tol = claimTolerance(c);
  const diff = v - c.value;
  if (Math.abs(diff) <= tol) {
    return { ...base, ours: v, ratio, verdict: "reproduced", why: `within ±${round(tol)} ${c.unit}` };
  }
  if (c.inconsistent) return { ...base, ours: v, ratio, verdict: "paper inconsistent", why: c.inconsistent };
  if (c.relativeTo) {
    const ref = all.get(c.relativeTo);
    const oursRef = ours.get(c.relativeTo);
    if (ref && oursRef !== undefined && oursRef !== null && Number.isFinite(oursRef)) {
      const paperDir = Math.sign(c.value - ref.value);
      const ourDir = Math.sign(v - oursRef);
      if (paperDir === ourDir) {
        return {
          ...base,
          ours: v,
          ratio,
          verdict: "direction holds",
          why: `off by ${round(diff)} ${c.unit}, but ${dirWord(ourDir)} ${ref.subject} as in the paper`,
        };
      }
      return {
        ...base,
        ours: v,
        ratio,
        verdict: "not reproduced",
        why: `off by ${round(diff)} ${c.unit}; ${dirWord(ourDir)} ${ref.subject}, the paper has it ${dirWord(paperDir)}`,
      };
    }
  }
  return {
    ...base,
    ours: v,
    ratio,
    verdict: "not reproduced",
    why: `off by ${round(diff)} ${c.unit} (tolerance ±${round(tol)})`,
  };
}

/** Ledger rows for the claims of the given panels (e.g. ["fig4a"]), in file order. */
export function buildLedger(
  panels: readonly string[],
  ours: Readonly<Record<string, number | null>>,
  claims = loadPaperClaims(),
  undefinedWhy: Readonly<Record<string, string>> = {},
): ClaimRow[] {
  const all = new Map(claims.map((c) => [c.id, c]));
  const oursMap = new Map(Object.entries(ours));
  const whyMap = new Map(Object.entries(undefinedWhy));
  return claims.filter((c) => panels.includes(c.panel)).map((c) => judgeClaim(c, oursMap, all, whyMap));
}

/** Counts of each verdict. */
export function verdictCounts(rows: readonly ClaimRow[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    reproduced: 0,
    "direction holds": 0,
    "not reproduced": 0,
    "paper inconsistent": 0,
    undefined: 0,
    "not run": 0,
  };
  for (const r of rows) counts[r.verdict]++;
  return counts;
}

/** A Markdown table of ledger rows. */
export function ledgerMarkdown(rows: readonly ClaimRow[]): string {
  const head = "| claim | subject | paper | ours | ratio | verdict | why |\n|---|---|---:|---:|---:|---|---|";
  const lines = rows.map(
    (r) =>
      `| ${r.quantity} (${r.panel}) | ${r.subject} | ${fmt(r.paper)} ${r.unit} | ${r.ours === null ? "—" : `${fmt(r.ours)} ${r.unit}`} | ${r.ratio === null ? "—" : r.ratio.toFixed(3)} | ${r.verdict} | ${r.why.replace(/\|/g, "\\|")} |`,
  );
  return [head, ...lines].join("\n");
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(2);
}

function round(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

function dirWord(s: number): string {
  return s > 0 ? "above" : s < 0 ? "below" : "level with";
}
