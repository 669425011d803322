import type { ClaimKind, OrderClaim, PaperClaim, RelativeClaim } from "./claims";

/**
 * The claims ledger's verdict rules (the claim format: lib/experiments/claims.ts). The first rule that
 * applies decides (precedence top to bottom); `ledgerRulesMarkdown` states the same in words:
 * 1. undefined: our run has no such quantity, for a stated reason (the experiment's `undefinedClaims`),
 *    or a relative change whose reference is near zero (|ref| < minDenominator);
 * 2. not run: we have no value for it (the experiment does not compute it yet);
 * 3. calibrated: our number was fitted to this claim on purpose (claim `calibrated` or the experiment's
 *    list), so agreement is no evidence;
 * 4. reproduced: within the claim's tolerance of the stated value or of one of its `readings` (the note
 *    says which); a bound or range that holds; an order that holds pair by pair beyond noise;
 * 5. direction holds: outside tolerance, but our difference from the reference (`relativeTo`; for a
 *    relative claim, from no change) has the paper's sign and exceeds the noise threshold (`noise`, or
 *    5 % of the paper's own gap);
 * 6. not reproduced: otherwise (including the same sign within noise).
 * A paper's inconsistency (`inconsistent`) is a note beside the verdict, never a verdict.
 */
export type Verdict =
  | "undefined"
  | "not run"
  | "calibrated"
  | "reproduced"
  | "direction holds"
  | "not reproduced";

/** The verdicts in precedence order. */
export const VERDICTS: readonly Verdict[] = [
  "undefined",
  "not run",
  "calibrated",
  "reproduced",
  "direction holds",
  "not reproduced",
];

export interface ClaimRow {
  readonly id: string;
  readonly panel: string;
  readonly quantity: string;
  readonly subject: string;
  readonly unit: string;
  readonly kind: ClaimKind;
  /**
   * The paper's number: a value claim's value, a relative claim's % change, a bound's bound, a range's
   * midpoint, an order's number of subjects.
   */
  readonly paper: number;
  /** The paper's side in words, e.g. "92.40 %", "at most 15.00 %", "92.00-100.00 %", "A > B > C". */
  readonly paperText: string;
  /** Our number (an order: how many subjects we rank where the paper does); null when we have none. */
  readonly ours: number | null;
  /** Our side in words (an order: our ranking with our values); null when we have none. */
  readonly oursText: string | null;
  /** ours / paper (null when either is missing or paper is 0). */
  readonly ratio: number | null;
  readonly verdict: Verdict;
  readonly why: string;
  /** Beside the verdict, never instead of it: the paper's inconsistency, which reading matched. */
  readonly note?: string;
}

/** Decimals per unit in the ledger (others: 1 from 100 up, else 2). */
const UNIT_DECIMALS: Readonly<Record<string, number>> = {
  Hz: 4,
  "%": 2,
  "% of demand": 2,
  pp: 2,
  M$: 2,
  s: 3,
  ms: 1,
  min: 2,
  M: 3,
  GWh: 1,
  MWh: 1,
  MW: 1,
  "tx/s": 0,
  GB: 1,
  "/day": 1,
  years: 2,
  points: 1,
  "of 6 axes": 0,
};

/** How many decimals a number in `unit` is shown with (Hz 4, % 2, M$ 2, s 3, ...). */
export function unitDecimals(unit: string, x = 0): number {
  return UNIT_DECIMALS[unit] ?? (Math.abs(x) >= 100 ? 1 : 2);
}

/** A number with its unit's decimals, e.g. formatNumber(0.03, "Hz") -> "0.0300". */
export function formatNumber(x: number, unit: string): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toFixed(unitDecimals(unit, x));
}

/** As formatNumber without trailing zeros (for sentences): 0.006 Hz -> "0.006". */
function num(x: number, unit: string): string {
  if (!Number.isFinite(x)) return String(x);
  const d = Math.max(unitDecimals(unit, x), 2);
  return Number(x.toFixed(d)).toString();
}

const withUnit = (s: string, unit: string) => (unit ? `${s} ${unit}` : s);

/** The paper's number of a claim (see ClaimRow.paper). */
export function paperNumber(c: PaperClaim): number {
  if (c.kind === "order") return c.of.length;
  if (c.kind === "bound") return c.atMost ?? c.atLeast ?? Number.NaN;
  if (c.kind === "range") return (c.min + c.max) / 2;
  return c.value;
}

/**
 * Labels of an order claim's subjects, best first: the subjects of the claims it orders when they are
 * distinct, else what distinguishes their ids (e.g. "acc60", "acc90").
 */
export function orderLabels(c: OrderClaim, all: ReadonlyMap<string, PaperClaim>): string[] {
  const subjects = c.of.map((id) => all.get(id)?.subject ?? id);
  if (new Set(subjects).size === subjects.length) return subjects;
  let prefix = c.of[0];
  for (const id of c.of) while (!id.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf(".") + 1;
  return c.of.map((id) => id.slice(cut));
}

type Tol = { readonly abs?: number; readonly rel?: number } | undefined;

function toleranceAround(t: Tol, x: number): number {
  const abs = t?.abs ?? 0;
  const rel = t?.rel ?? (t?.abs === undefined ? 0.05 : 0);
  return Math.max(abs, rel * Math.abs(x));
}

/** Tolerance band of a value or relative claim: max(abs, rel * |paper|), rel defaulting to 5 % (others: 0). */
export function claimTolerance(c: PaperClaim): number {
  if (c.kind === "order" || c.kind === "bound" || c.kind === "range") return 0;
  return toleranceAround(c.tolerance, c.value);
}

/** Near-zero threshold of a relative claim's reference: `minDenominator`, else 1e-9 x |paper's reference| (1e-9 if 0). */
export function minDenominator(c: RelativeClaim, all: ReadonlyMap<string, PaperClaim>): number {
  if (c.minDenominator !== undefined) return c.minDenominator;
  const ref = all.get(c.relativeTo);
  const scale = ref ? Math.abs(paperNumber(ref)) : 0;
  return 1e-9 * (scale > 0 ? scale : 1);
}

function paperSide(c: PaperClaim, all: ReadonlyMap<string, PaperClaim>): string {
  const u = c.unit;
  if (c.kind === "order") return orderLabels(c, all).join(c.direction === "descending" ? " > " : " < ");
  if (c.kind === "bound")
    return c.atMost !== undefined
      ? `at most ${withUnit(formatNumber(c.atMost, u), u)}`
      : `at least ${withUnit(formatNumber(c.atLeast ?? Number.NaN, u), u)}`;
  if (c.kind === "range") return withUnit(`${formatNumber(c.min, u)}-${formatNumber(c.max, u)}`, u);
  const main = withUnit(formatNumber(c.value, u), u);
  return c.readings?.length
    ? `${main} (readings: ${c.readings.map((r) => formatNumber(r, u)).join(", ")})`
    : main;
}

const dirWord = (s: number) => (s > 0 ? "above" : s < 0 ? "below" : "level with");

/**
 * The verdict for one claim given our values for every claim id (rules: see the top of this file).
 * `undefinedWhy`: reasons why a quantity does not exist in our run; `calibrated`: ids whose number we
 * fitted on purpose, with what was fitted.
 */
export function judgeClaim(
  c: PaperClaim,
  ours: ReadonlyMap<string, number | null>,
  all: ReadonlyMap<string, PaperClaim>,
  undefinedWhy: ReadonlyMap<string, string> = new Map(),
  calibrated: ReadonlyMap<string, string> = new Map(),
): ClaimRow {
  const u = c.unit;
  const get = (id: string): number | null => {
    const v = ours.get(id);
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  };
  const paper = paperNumber(c);
  const base = {
    id: c.id,
    panel: c.panel,
    quantity: c.quantity,
    subject: c.subject,
    unit: u,
    kind: c.kind ?? "value",
    paper,
    paperText: paperSide(c, all),
  };
  const inconsistent = c.inconsistent ? `paper inconsistent: ${c.inconsistent}` : undefined;
  const row = (
    v: number | null,
    verdict: Verdict,
    why: string,
    extra: { oursText?: string; note?: string } = {},
  ): ClaimRow => {
    const note = [extra.note, inconsistent].filter(Boolean).join("; ");
    return {
      ...base,
      ours: v,
      oursText: v === null ? null : (extra.oursText ?? withUnit(formatNumber(v, u), u)),
      ratio: v !== null && paper !== 0 && Number.isFinite(paper) ? v / paper : null,
      verdict,
      why,
      ...(note ? { note } : {}),
    };
  };
  const missing = (ids: readonly string[], what: string): ClaimRow => {
    const why = [c.id, ...ids].map((id) => undefinedWhy.get(id)).find(Boolean);
    if (why) return row(null, "undefined", why);
    return row(null, "not run", what);
  };
  const fitted = calibrated.get(c.id) ?? c.calibrated;

  // ---- order: our values of the claims it orders
  if (c.kind === "order") {
    const vals = c.of.map(get);
    const absent = c.of.filter((_, i) => vals[i] === null);
    if (absent.length) return missing(absent, `no value yet for ${absent.join(", ")}`);
    const v = vals as number[];
    const labels = orderLabels(c, all);
    const desc = c.direction === "descending";
    const rank = labels.map((_, i) => i).sort((a, b) => (desc ? v[b] - v[a] : v[a] - v[b]) || a - b);
    const oursText = rank.map((i) => `${labels[i]} (${num(v[i], u)})`).join(desc ? " > " : " < ");
    const inPlace = rank.filter((i, pos) => i === pos).length;
    if (fitted)
      return row(inPlace, "calibrated", `fitted on purpose: ${fitted}; ours: ${oursText}`, { oursText });
    const wrong: string[] = [];
    const close: string[] = [];
    for (let i = 0; i + 1 < v.length; i++) {
      const gap = desc ? v[i] - v[i + 1] : v[i + 1] - v[i];
      const a = all.get(c.of[i]);
      const b = all.get(c.of[i + 1]);
      const noise = c.noise ?? (a && b ? 0.05 * Math.abs(paperNumber(a) - paperNumber(b)) : 0);
      const sign = desc ? ">" : "<";
      if (gap <= 0) wrong.push(`the paper has ${labels[i]} ${sign} ${labels[i + 1]}`);
      else if (gap <= noise)
        close.push(`${labels[i]} ${sign} ${labels[i + 1]} by ${num(gap, u)}, within noise ±${num(noise, u)}`);
    }
    const why = `ours: ${oursText}`;
    if (!wrong.length && !close.length)
      return row(inPlace, "reproduced", `${why}, as in the paper`, { oursText });
    return row(inPlace, "not reproduced", `${why}; ${[...wrong, ...close].join("; ")}`, { oursText });
  }

  // ---- bound and range: our value of `of` (default: this claim's id)
  if (c.kind === "bound" || c.kind === "range") {
    const src = c.of ?? c.id;
    const v = get(src);
    if (v === null) return missing(src === c.id ? [] : [src], "no value computed for this claim yet");
    if (fitted) return row(v, "calibrated", `fitted on purpose: ${fitted}`);
    const n = (y: number) => withUnit(num(y, u), u);
    const x = n(v);
    if (c.kind === "bound") {
      if (c.atMost !== undefined)
        return v <= c.atMost
          ? row(v, "reproduced", `ours ${x} ≤ ${n(c.atMost)}`)
          : row(v, "not reproduced", `ours ${x} exceeds the bound ${n(c.atMost)} by ${n(v - c.atMost)}`);
      const lo = c.atLeast ?? Number.NaN;
      return v >= lo
        ? row(v, "reproduced", `ours ${x} ≥ ${n(lo)}`)
        : row(v, "not reproduced", `ours ${x} is below the bound ${n(lo)} by ${n(lo - v)}`);
    }
    if (v < c.min) return row(v, "not reproduced", `ours ${x} is below the range by ${n(c.min - v)}`);
    if (v > c.max) return row(v, "not reproduced", `ours ${x} is above the range by ${n(v - c.max)}`);
    return row(v, "reproduced", `ours ${x} within ${num(c.min, u)}-${n(c.max)}`);
  }

  // ---- value and relative: a number against the paper's, its readings and its direction
  let v: number | null;
  let source = "";
  if (c.kind === "relative") {
    const x = get(c.of);
    const r = get(c.relativeTo);
    const refName = all.get(c.relativeTo)?.subject ?? c.relativeTo;
    if (x !== null && r !== null) {
      const floor = minDenominator(c, all);
      if (Math.abs(r) < floor)
        return row(
          null,
          "undefined",
          `a relative change against a near-zero reference is undefined: our ${refName} is ${r} (|ref| < ${floor})`,
        );
      const change = (100 * (x - r)) / Math.abs(r);
      v = c.change === "reduction" ? -change : change;
    } else {
      v = get(c.id);
      if (v === null)
        return missing(
          [c.of, c.relativeTo],
          `no value computed for this claim or for ${c.of} and ${c.relativeTo} yet`,
        );
      source = " (the experiment's own value)";
    }
  } else {
    v = get(c.id);
    if (v === null) return missing([], "no value computed for this claim yet");
  }
  if (fitted) return row(v, "calibrated", `fitted on purpose: ${fitted}${source}`);
  const tol = claimTolerance(c);
  const diff = v - c.value;
  if (Math.abs(diff) <= tol) return row(v, "reproduced", `within ±${withUnit(num(tol, u), u)}${source}`);
  for (const reading of c.readings ?? []) {
    const t = toleranceAround(c.tolerance, reading);
    if (Math.abs(v - reading) <= t)
      return row(
        v,
        "reproduced",
        `within ±${withUnit(num(t, u), u)} of the reading ${withUnit(num(reading, u), u)}${source}`,
        {
          note: `matches the paper's alternative reading ${withUnit(num(reading, u), u)}, not its stated ${withUnit(num(c.value, u), u)}`,
        },
      );
  }
  const off = `off by ${withUnit(num(diff, u), u)}`;
  const outside = c.readings?.length
    ? ` (tolerance ±${num(tol, u)}; outside every reading: ${c.readings.map((r) => num(r, u)).join(", ")})`
    : ` (tolerance ±${num(tol, u)})`;

  if (c.kind === "relative") {
    // The direction of a change: its sign against no change, beyond noise.
    const refName = all.get(c.relativeTo)?.subject ?? c.relativeTo;
    const sense = c.change ?? "increase";
    const word = (s: number) => (s > 0 ? sense : sense === "increase" ? "reduction" : "increase");
    const aWord = (s: number) => `${word(s) === "increase" ? "an" : "a"} ${word(s)}`;
    const noise = c.noise ?? 0.05 * Math.abs(c.value);
    const pSign = Math.sign(c.value);
    const oSign = Math.sign(v);
    if (pSign !== 0 && oSign === pSign) {
      const ours = `ours ${aWord(oSign)} of ${withUnit(num(Math.abs(v), u), u)} vs ${refName}`;
      if (Math.abs(v) > noise)
        return row(
          v,
          "direction holds",
          `${off}, but ${ours} as in the paper (beyond noise ±${num(noise, u)})${source}`,
        );
      return row(
        v,
        "not reproduced",
        `same sign but within noise ±${num(noise, u)}: ${ours}; ${off}${source}`,
      );
    }
    if (pSign !== 0)
      return row(
        v,
        "not reproduced",
        `${off}; ours is ${oSign === 0 ? "no change" : aWord(oSign)} vs ${refName}, the paper ${aWord(pSign)}${source}`,
      );
    return row(v, "not reproduced", `${off}${outside}${source}`);
  }

  if (c.relativeTo) {
    const ref = all.get(c.relativeTo);
    const oursRef = get(c.relativeTo);
    if (ref && oursRef !== null) {
      const paperGap = c.value - paperNumber(ref);
      const ourGap = v - oursRef;
      const pSign = Math.sign(paperGap);
      const oSign = Math.sign(ourGap);
      const noise = c.noise ?? 0.05 * Math.abs(paperGap);
      if (pSign !== 0 && oSign === pSign) {
        const ours = `${dirWord(oSign)} ${ref.subject} by ${withUnit(num(Math.abs(ourGap), u), u)}`;
        if (Math.abs(ourGap) > noise)
          return row(
            v,
            "direction holds",
            `${off}, but ${ours} as in the paper (beyond noise ±${num(noise, u)})`,
          );
        return row(v, "not reproduced", `same sign but within noise ±${num(noise, u)}: ${ours}; ${off}`);
      }
      return row(
        v,
        "not reproduced",
        `${off}; ${dirWord(oSign)} ${ref.subject}, the paper has it ${dirWord(pSign)}`,
      );
    }
  }
  return row(v, "not reproduced", `${off}${outside}`);
}

/** Counts of each verdict (in precedence order). */
export function verdictCounts(rows: readonly ClaimRow[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<string, number>;
  // A row of an older results.json may carry a verdict that no longer exists: counted under its name.
  for (const r of rows) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  return counts as Record<Verdict, number>;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A Markdown table of ledger rows: claim, subject, paper, ours, ratio, verdict, why, note. */
export function ledgerMarkdown(rows: readonly ClaimRow[]): string {
  const head =
    "| claim | subject | paper | ours | ratio | verdict | why | note |\n|---|---|---:|---:|---:|---|---|---|";
  const lines = rows.map((r) => {
    // Rows of an older results.json may lack paperText/oursText.
    const paper = r.paperText ?? withUnit(formatNumber(r.paper, r.unit), r.unit);
    const ours = r.ours === null ? "—" : (r.oursText ?? withUnit(formatNumber(r.ours, r.unit), r.unit));
    const ratio = r.ratio === null || r.ratio === undefined ? "—" : r.ratio.toFixed(3);
    return `| ${cell(r.quantity)} (${r.panel}) | ${cell(r.subject)} | ${cell(paper)} | ${cell(ours)} | ${ratio} | ${r.verdict} | ${cell(r.why)} | ${cell(r.note ?? "")} |`;
  });
  return [head, ...lines].join("\n");
}

/** The verdict rules and their precedence, for the top of each claims.md. */
export function ledgerRulesMarkdown(): string {
  return [
    "How to read the ledger. Each claim of the paper is a value, an order, a bound, a range or a relative change (data/paper/<paper>/*.json quotes the sentence it comes from). The first rule that applies gives the verdict:",
    "",
    "1. **undefined**: the quantity does not exist in our run (the reason is given), or it is a relative change against a near-zero reference.",
    "2. **not run**: no experiment computes a value for it yet.",
    "3. **calibrated**: our number was fitted to this claim on purpose, so agreement is no evidence.",
    "4. **reproduced**: within the claim's tolerance (max(abs, rel × |paper|), rel 5 % unless stated) of the paper's value or of a reading the paper's own text supports (the note says which); a bound or range that holds; an order in which every adjacent pair differs the paper's way by more than the noise threshold.",
    "5. **direction holds**: outside tolerance, but our difference from the claim's reference (for a relative change: from no change) has the paper's sign and exceeds the noise threshold (the claim's `noise`, else 5 % of the paper's own gap).",
    "6. **not reproduced**: otherwise, including a difference of the paper's sign within the noise.",
    "",
    'The note column sits beside the verdict, never instead of it: where the paper contradicts itself ("paper inconsistent: ...") and which alternative reading matched. Properties that hold by construction (e.g. output within installed capacity) are tests, not claims.',
  ].join("\n");
}

/** One paper's rows for the index. */
export interface PaperLedger {
  readonly paper: string;
  readonly title?: string;
  readonly rows: readonly ClaimRow[];
}

/**
 * The index of results/<profile>/claims.md: per paper, the count of each verdict and of notes, with a
 * link to its results/<profile>/<paper>/claims.md (relative to the index); then the totals.
 */
export function ledgerIndexMarkdown(perPaper: readonly PaperLedger[], profile?: string): string {
  const head = `| paper | ${VERDICTS.join(" | ")} | total | with a note | ledger |\n|---|${VERDICTS.map(() => "---:|").join("")}---:|---:|---|`;
  const line = (name: string, rows: readonly ClaimRow[], link: string) => {
    const c = verdictCounts(rows);
    const notes = rows.filter((r) => r.note).length;
    return `| ${cell(name)} | ${VERDICTS.map((v) => c[v]).join(" | ")} | ${rows.length} | ${notes} | ${link} |`;
  };
  const lines = perPaper.map((p) => {
    const target = `${p.paper}/claims.md`;
    const shown = profile ? `results/${profile}/${target}` : target;
    return line(p.title ? `${p.paper}: ${p.title}` : p.paper, p.rows, `[${shown}](${target})`);
  });
  const all = perPaper.flatMap((p) => p.rows);
  return [
    `Claims per paper${profile ? ` (${profile} profile)` : ""}: verdict counts; each paper's ledger has the rules and every claim.`,
    "",
    head,
    ...lines,
    line("total", all, ""),
  ].join("\n");
}
