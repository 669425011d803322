import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../lib/core/errors";
import {
  buildLedger,
  type ClaimRow,
  claimTolerance,
  formatNumber,
  judgeClaim,
  ledgerIndexMarkdown,
  ledgerMarkdown,
  ledgerRulesMarkdown,
  loadPaperClaims,
  type PaperClaim,
  paperClaim,
  paperText,
  VERDICTS,
  verdictCounts,
} from "../../lib/experiments/claims";

const P = { paper: "t", panel: "p", quantity: "q", sentence: "s" } as const;

const claims: PaperClaim[] = [
  { ...P, id: "base", subject: "Baseline", value: 70, unit: "%", tolerance: { abs: 1 } },
  { ...P, id: "prop", subject: "Proposed", value: 90, unit: "%", tolerance: { abs: 1 }, relativeTo: "base" },
  { ...P, id: "odd", subject: "Proposed", value: 4, unit: "%", inconsistent: "contradicted by fig X" },
  { ...P, id: "rel", subject: "X", value: 200, unit: "M$" },
  { ...P, id: "other", panel: "elsewhere", subject: "X", value: 1, unit: "" },
];

/** The verdict (and the row) of one claim among `list` for our values `ours`. */
function judge(
  list: PaperClaim[],
  id: string,
  ours: Record<string, number | null>,
  why = {},
  cal = {},
): ClaimRow {
  const row = buildLedger(["t/p", "t/other"], ours, list, why, cal).find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id}`);
  return row;
}

describe("claims ledger: value claims", () => {
  it("uses max(abs, rel * |paper|) with a 5 % default", () => {
    expect(claimTolerance(claims[0])).toBe(1);
    expect(claimTolerance(claims[3])).toBeCloseTo(10);
  });

  it("judges reproduced / direction holds / not reproduced / not run; an inconsistency is a note, never a verdict", () => {
    const rows = buildLedger(["t/p"], { base: 70.5, prop: 80, odd: 9, rel: 260 }, claims);
    expect(rows.map((r) => [r.id, r.verdict])).toEqual([
      ["base", "reproduced"],
      ["prop", "direction holds"], // 80 is off by 10, but still above the baseline (by 9.5 > noise 1) as in the paper
      ["odd", "not reproduced"],
      ["rel", "not reproduced"],
    ]);
    expect(rows[1].ratio).toBeCloseTo(80 / 90);
    expect(rows[2].note).toBe("paper inconsistent: contradicted by fig X");
    expect(rows[0].note).toBeUndefined();
    expect(rows[0].kind).toBe("value");
    const flipped = buildLedger(["t/p"], { base: 70, prop: 60 }, claims);
    expect(flipped[1].verdict).toBe("not reproduced");
    expect(flipped[1].why).toContain("below Baseline");
    expect(flipped[2].verdict).toBe("not run");
    expect(verdictCounts(flipped)).toMatchObject({ reproduced: 1, "not reproduced": 1, "not run": 2 });
    // an inconsistent claim within tolerance is reproduced, with the note beside it
    const ok = judge(claims, "odd", { odd: 4.1 });
    expect([ok.verdict, ok.note]).toEqual(["reproduced", "paper inconsistent: contradicted by fig X"]);
  });

  it("a null value with a stated reason is undefined (not 'not run'); a reason never hides a value", () => {
    const why = { rel: "no payback without savings", base: "ignored: a value exists" };
    const rows = buildLedger(["t/p"], { base: 70, prop: null, rel: null }, claims, why);
    expect(rows.map((r) => [r.id, r.verdict])).toEqual([
      ["base", "reproduced"],
      ["prop", "not run"],
      ["odd", "not run"],
      ["rel", "undefined"],
    ]);
    expect(rows[3].why).toBe("no payback without savings");
    expect(rows[3].ours).toBeNull();
    expect(verdictCounts(rows)).toMatchObject({ reproduced: 1, undefined: 1, "not run": 2 });
  });

  it("ignores our values for ids without a claim, and non-finite values count as missing", () => {
    const rows = buildLedger(["t/p"], { base: 70, "no.such": 5, rel: Number.NaN }, claims);
    expect(rows.map((r) => r.id)).toEqual(["base", "prop", "odd", "rel"]);
    expect(rows[3].verdict).toBe("not run");
  });

  it("readings: within tolerance of any reading the paper supports is reproduced, the note says which", () => {
    const list: PaperClaim[] = [
      {
        ...P,
        id: "c",
        subject: "S",
        value: 4,
        unit: "%",
        tolerance: { abs: 0.5 },
        readings: [8, 12],
        inconsistent: "fig d says 8 %",
      },
    ];
    const at8 = judge(list, "c", { c: 8.3 });
    expect(at8.verdict).toBe("reproduced");
    expect(at8.why).toBe("within ±0.5 % of the reading 8 %");
    expect(at8.note).toBe(
      "matches the paper's alternative reading 8 %, not its stated 4 %; paper inconsistent: fig d says 8 %",
    );
    expect(judge(list, "c", { c: 11.6 }).note).toContain("reading 12 %");
    const stated = judge(list, "c", { c: 4.2 });
    expect([stated.verdict, stated.note]).toEqual(["reproduced", "paper inconsistent: fig d says 8 %"]);
    const none = judge(list, "c", { c: 6 });
    expect(none.verdict).toBe("not reproduced");
    expect(none.why).toContain("outside every reading: 8, 12");
    expect(none.note).toBe("paper inconsistent: fig d says 8 %");
    expect(none.paperText).toBe("4.00 % (readings: 8.00, 12.00)");
    // a reading's tolerance scales with the reading when rel
    const rel: PaperClaim[] = [{ ...P, id: "r", subject: "S", value: 10, unit: "", readings: [100] }];
    expect(judge(rel, "r", { r: 104.9 }).verdict).toBe("reproduced"); // 5 % of 100
    expect(judge(rel, "r", { r: 105.1 }).verdict).toBe("not reproduced");
  });

  it("direction holds only beyond the noise threshold: 5 % of the paper's gap by default, or the claim's noise", () => {
    // paper gap 90 - 70 = 20 -> noise 1
    const at = (prop: number, list = claims) => judge(list, "prop", { base: 70, prop });
    expect(at(71).verdict).toBe("not reproduced"); // exactly the noise: not beyond it
    expect(at(71).why).toBe("same sign but within noise ±1: above Baseline by 1 %; off by -19 %");
    expect(at(71.01).verdict).toBe("direction holds");
    expect(at(71.01).why).toContain("beyond noise ±1");
    expect(at(70).verdict).toBe("not reproduced"); // level with the reference
    expect(at(70).why).toContain("level with Baseline, the paper has it above");
    const noisy = claims.map((c) => (c.id === "prop" ? { ...c, noise: 2.5 } : c));
    expect(at(72.5, noisy).verdict).toBe("not reproduced");
    expect(at(72.5, noisy).why).toContain("within noise ±2.5");
    expect(at(72.6, noisy).verdict).toBe("direction holds");
    // without our reference value there is no direction to judge
    expect(judge(claims, "prop", { prop: 80 }).why).toBe("off by -10 % (tolerance ±1)");
  });
});

describe("claims ledger: relative, bound, range and order claims", () => {
  const rel: PaperClaim[] = [
    { ...P, id: "ref", subject: "MPC", value: 10, unit: "%" },
    { ...P, id: "x", subject: "Ours", value: 7, unit: "%" },
    {
      ...P,
      id: "red",
      kind: "relative",
      subject: "Ours",
      of: "x",
      relativeTo: "ref",
      change: "reduction",
      value: 30,
      unit: "%",
      tolerance: { abs: 2 },
    },
    {
      ...P,
      id: "inc",
      kind: "relative",
      subject: "Ours",
      of: "x",
      relativeTo: "ref",
      value: -30,
      unit: "%",
      tolerance: { abs: 2 },
    },
    {
      ...P,
      id: "floor",
      kind: "relative",
      subject: "Ours",
      of: "x",
      relativeTo: "ref",
      change: "reduction",
      value: 30,
      unit: "%",
      minDenominator: 0.5,
    },
  ];

  it("relative: ours is computed from our two values (reduction or signed increase), not taken from the experiment", () => {
    const r = judge(rel, "red", { ref: 10, x: 7, red: 99 });
    expect([r.verdict, r.ours]).toEqual(["reproduced", 30]);
    expect(r.kind).toBe("relative");
    expect(judge(rel, "inc", { ref: 10, x: 7 }).ours).toBeCloseTo(-30); // increase = 100 (x - ref) / |ref|
    expect(judge(rel, "red", { ref: -10, x: -7 }).ours).toBeCloseTo(-30); // |ref| in the denominator
    // the experiment's own value is used only when one of the two is missing
    const own = judge(rel, "red", { ref: 10, red: 31 });
    expect([own.verdict, own.ours]).toEqual(["reproduced", 31]);
    expect(own.why).toContain("the experiment's own value");
    const none = judge(rel, "red", { ref: 10 });
    expect([none.verdict, none.why]).toEqual([
      "not run",
      "no value computed for this claim or for x and ref yet",
    ]);
    expect(judge(rel, "red", { ref: 10 }, { x: "x does not exist here" }).verdict).toBe("undefined");
  });

  it("relative: direction holds for the paper's sign beyond noise (5 % of |value|), else not reproduced", () => {
    const d = judge(rel, "red", { ref: 10, x: 8 }); // a 20 % reduction
    expect(d.verdict).toBe("direction holds");
    expect(d.why).toBe(
      "off by -10 %, but ours a reduction of 20 % vs MPC as in the paper (beyond noise ±1.5)",
    );
    expect(judge(rel, "red", { ref: 100, x: 98.5 }).verdict).toBe("not reproduced"); // 1.5 %: the noise itself
    expect(judge(rel, "red", { ref: 100, x: 98.5 }).why).toMatch(
      /^same sign but within noise ±1.5: ours a reduction of 1.5 % vs MPC/,
    );
    expect(judge(rel, "red", { ref: 100, x: 98.4 }).verdict).toBe("direction holds");
    const up = judge(rel, "red", { ref: 10, x: 11 });
    expect(up.verdict).toBe("not reproduced");
    expect(up.why).toBe("off by -40 %; ours is an increase vs MPC, the paper a reduction");
  });

  it("relative: a near-zero reference makes the change undefined, with the reason", () => {
    const tiny = judge(rel, "red", { ref: 1e-12, x: 0.24 }); // default threshold 1e-9 x |paper ref 10|
    expect(tiny.verdict).toBe("undefined");
    expect(tiny.ours).toBeNull();
    expect(tiny.why).toMatch(/near-zero reference.*our MPC is 1e-12 \(\|ref\| < 1e-8\)/);
    expect(judge(rel, "red", { ref: 2e-8, x: 0 }).verdict).not.toBe("undefined");
    expect(judge(rel, "floor", { ref: 0.4, x: 0.2 }).verdict).toBe("undefined"); // per-claim minDenominator
    expect(judge(rel, "floor", { ref: 0.5, x: 0.35 }).verdict).toBe("reproduced");
  });

  const bounds: PaperClaim[] = [
    { ...P, id: "most", kind: "bound", subject: "S", atMost: 15, unit: "%" },
    { ...P, id: "least", kind: "bound", subject: "S", atLeast: 92, unit: "%" },
    { ...P, id: "v", subject: "S", value: 3.8, unit: "min" },
    { ...P, id: "under4", kind: "bound", subject: "S", atMost: 4, unit: "min", of: "v" },
    { ...P, id: "band", kind: "range", subject: "S", min: 10, max: 20, unit: "%" },
  ];

  it("bound: at most / at least, inclusive; ours may be another claim's value (of)", () => {
    expect(judge(bounds, "most", { most: 15 }).verdict).toBe("reproduced");
    expect(judge(bounds, "most", { most: 14 }).why).toBe("ours 14 % ≤ 15 %");
    expect(judge(bounds, "most", { most: 15.1 }).why).toBe("ours 15.1 % exceeds the bound 15 % by 0.1 %");
    expect(judge(bounds, "most", { most: 15.1 }).verdict).toBe("not reproduced");
    expect(judge(bounds, "least", { least: 92 }).verdict).toBe("reproduced");
    expect(judge(bounds, "least", { least: 91 }).verdict).toBe("not reproduced");
    const of = judge(bounds, "under4", { v: 3.5, under4: 9 });
    expect([of.verdict, of.ours, of.paper, of.paperText]).toEqual(["reproduced", 3.5, 4, "at most 4.00 min"]);
    expect(judge(bounds, "under4", {}).verdict).toBe("not run");
    expect(judge(bounds, "under4", {}, { v: "no settlement" }).why).toBe("no settlement");
  });

  it("range: min <= ours <= max, inclusive", () => {
    expect([9.99, 10, 20, 20.01].map((x) => judge(bounds, "band", { band: x }).verdict)).toEqual([
      "not reproduced",
      "reproduced",
      "reproduced",
      "not reproduced",
    ]);
    const r = judge(bounds, "band", { band: 25 });
    expect([r.paper, r.paperText, r.why]).toEqual([
      15,
      "10.00-20.00 %",
      "ours 25 % is above the range by 5 %",
    ]);
  });

  const order: PaperClaim[] = [
    { ...P, id: "s.A", subject: "A", value: 90, unit: "%" },
    { ...P, id: "s.B", subject: "B", value: 80, unit: "%" },
    { ...P, id: "s.C", subject: "C", value: 70, unit: "%" },
    {
      ...P,
      id: "ord",
      kind: "order",
      subject: "A, B, C",
      of: ["s.A", "s.B", "s.C"],
      direction: "descending",
      unit: "%",
    },
    {
      ...P,
      id: "asc",
      kind: "order",
      subject: "C, B, A",
      of: ["s.C", "s.B", "s.A"],
      direction: "ascending",
      unit: "%",
      noise: 3,
    },
  ];

  it("order: our values of the claims it orders must keep the paper's order pair by pair beyond noise; why lists ours", () => {
    const ok = judge(order, "ord", { "s.A": 60, "s.B": 50, "s.C": 40 }); // values far off, order kept
    expect(ok.verdict).toBe("reproduced");
    expect(ok.why).toBe("ours: A (60) > B (50) > C (40), as in the paper");
    expect([ok.paper, ok.ours, ok.ratio, ok.paperText, ok.kind]).toEqual([3, 3, 1, "A > B > C", "order"]);
    const swapped = judge(order, "ord", { "s.A": 60, "s.B": 65, "s.C": 40 });
    expect(swapped.verdict).toBe("not reproduced");
    expect(swapped.why).toBe("ours: B (65) > A (60) > C (40); the paper has A > B");
    expect(swapped.ours).toBe(1); // only C in its place
    expect(swapped.oursText).toBe("B (65) > A (60) > C (40)");
    // default noise: 5 % of the paper's gap between the pair (10 -> 0.5)
    expect(judge(order, "ord", { "s.A": 50.5, "s.B": 50, "s.C": 40 }).verdict).toBe("not reproduced");
    expect(judge(order, "ord", { "s.A": 50.5, "s.B": 50, "s.C": 40 }).why).toContain(
      "A > B by 0.5, within noise ±0.5",
    );
    expect(judge(order, "ord", { "s.A": 50.51, "s.B": 50, "s.C": 40 }).verdict).toBe("reproduced");
    // ascending, with the claim's own noise
    expect(judge(order, "asc", { "s.A": 90, "s.B": 80, "s.C": 70 }).verdict).toBe("reproduced");
    expect(judge(order, "asc", { "s.A": 90, "s.B": 80, "s.C": 77 }).verdict).toBe("not reproduced"); // gap 3 = noise
    expect(judge(order, "asc", { "s.A": 90, "s.B": 80, "s.C": 77 }).paperText).toBe("C < B < A");
  });

  it("order: a missing subject is not run (named), a subject without the quantity makes it undefined", () => {
    const r = judge(order, "ord", { "s.A": 60, "s.C": 40 });
    expect([r.verdict, r.why]).toEqual(["not run", "no value yet for s.B"]);
    expect(judge(order, "ord", { "s.A": 60 }, { "s.B": "B has no market" }).why).toBe("B has no market");
    expect(judge(order, "ord", { "s.A": 60 }, { "s.B": "B has no market" }).verdict).toBe("undefined");
  });

  it("order: subjects that share a name are labelled by what distinguishes their ids", () => {
    const same: PaperClaim[] = [
      { ...P, id: "x.acc100", subject: "M", value: 13.7, unit: "M$" },
      { ...P, id: "x.acc60", subject: "M", value: 8.4, unit: "M$" },
      {
        ...P,
        id: "x.ord",
        kind: "order",
        subject: "M",
        of: ["x.acc100", "x.acc60"],
        direction: "descending",
        unit: "M$",
      },
    ];
    expect(judge(same, "x.ord", { "x.acc100": 2, "x.acc60": 1 }).why).toBe(
      "ours: acc100 (2) > acc60 (1), as in the paper",
    );
  });
});

describe("claims ledger: calibrated and precedence", () => {
  const list: PaperClaim[] = [
    { ...P, id: "a", subject: "S", value: 10, unit: "%" },
    {
      ...P,
      id: "b",
      subject: "S",
      value: 10,
      unit: "%",
      calibrated: "the demand scale was fitted to this share",
    },
  ];

  it("calibrated: fitted on purpose (experiment-side record or list, or claim-side flag)", () => {
    const r = judge(list, "a", { a: 10 }, {}, { a: "wind scale fitted to this number" });
    expect([r.verdict, r.why, r.ours]).toEqual([
      "calibrated",
      "fitted on purpose: wind scale fitted to this number",
      10,
    ]);
    expect(judge(list, "a", { a: 3 }, {}, ["a"]).verdict).toBe("calibrated");
    expect(judge(list, "a", { a: 3 }, {}, ["a"]).why).toBe(
      "fitted on purpose: listed by the experiment as calibrated",
    );
    expect(judge(list, "b", { b: 50 }).why).toBe(
      "fitted on purpose: the demand scale was fitted to this share",
    );
    expect(judge(list, "a", { a: 10 }).verdict).toBe("reproduced");
  });

  it("precedence: undefined > not run > calibrated > reproduced (incl. readings) > direction holds > not reproduced", () => {
    const all: PaperClaim[] = [
      { ...P, id: "ref", subject: "R", value: 50, unit: "%" },
      {
        ...P,
        id: "c",
        subject: "S",
        value: 10,
        unit: "%",
        relativeTo: "ref",
        readings: [20],
        calibrated: "fitted",
      },
      { ...P, id: "d", subject: "S", value: 10, unit: "%", relativeTo: "ref", readings: [20] },
      {
        ...P,
        id: "rr",
        kind: "relative",
        subject: "S",
        of: "d",
        relativeTo: "ref",
        value: -80,
        unit: "%",
        calibrated: "fitted",
      },
    ];
    const v = (id: string, ours: Record<string, number | null>, why = {}) =>
      judge(all, id, ours, why).verdict;
    expect(v("c", { c: null }, { c: "no such quantity" })).toBe("undefined");
    expect(v("c", {})).toBe("not run");
    expect(v("c", { c: 40, ref: 50 })).toBe("calibrated"); // would be direction holds
    expect(v("rr", { d: 1, ref: 1e-12 })).toBe("undefined"); // near-zero beats calibrated
    expect(v("d", { d: 10.4, ref: 50 })).toBe("reproduced");
    expect(v("d", { d: 20.9, ref: 50 })).toBe("reproduced"); // a reading beats direction holds
    expect(v("d", { d: 30, ref: 50 })).toBe("direction holds");
    expect(v("d", { d: 49, ref: 50 })).toBe("not reproduced"); // same sign, within noise 2
    expect(v("d", { d: 60, ref: 50 })).toBe("not reproduced");
    expect(VERDICTS).toEqual([
      "undefined",
      "not run",
      "calibrated",
      "reproduced",
      "direction holds",
      "not reproduced",
    ]);
  });

  it("judgeClaim works on maps directly (the signature callers use)", () => {
    const all = new Map(list.map((c) => [c.id, c]));
    const r = judgeClaim(list[0], new Map([["a", 10.2]]), all);
    expect(r.verdict).toBe("reproduced");
    expect(
      judgeClaim(list[0], new Map([["a", 10]]), all, new Map(), new Map([["a", "fitted"]])).verdict,
    ).toBe("calibrated");
  });
});

describe("claims ledger: Markdown", () => {
  const units: PaperClaim[] = [
    { ...P, id: "hz", subject: "S", value: 0.03, unit: "Hz", inconsistent: "max | 0.058" },
    { ...P, id: "pct", subject: "S", value: 92.4, unit: "%" },
    { ...P, id: "usd", subject: "S", value: 26.7, unit: "M$" },
    { ...P, id: "sec", subject: "S", value: 1.7, unit: "s" },
    { ...P, id: "tps", subject: "S", value: 6840, unit: "tx/s" },
    { ...P, id: "none", subject: "S", value: 123.456, unit: "" },
  ];

  it("renders each unit with enough decimals (Hz 4, % 2, M$ 2, s 3, ...) and the note column", () => {
    expect(formatNumber(0.03, "Hz")).toBe("0.0300");
    expect(formatNumber(92.4, "%")).toBe("92.40");
    expect(formatNumber(1.7, "s")).toBe("1.700");
    expect(formatNumber(0.123, "other")).toBe("0.12");
    expect(formatNumber(123.45, "other")).toBe("123.5");
    const md = ledgerMarkdown(
      buildLedger(["t/p"], { hz: 0.0412, pct: 90.123, usd: 26.7, sec: 1.2345, tps: 380.4, none: 1 }, units),
    ).split("\n");
    expect(md[0]).toBe("| claim | subject | paper | ours | ratio | verdict | why | note |");
    expect(md[2]).toContain("| 0.0300 Hz | 0.0412 Hz |");
    expect(md[2]).toContain("| paper inconsistent: max \\| 0.058 |");
    expect(md[2]).toContain("off by 0.0112 Hz");
    expect(md[3]).toContain("| 92.40 % | 90.12 % |");
    expect(md[4]).toContain("| 26.70 M$ | 26.70 M$ |");
    expect(md[5]).toContain("| 1.700 s | 1.234 s |"); // 1.2345 -> 3 decimals
    expect(md[6]).toContain("| 6840 tx/s | 380 tx/s |");
    expect(md[7]).toContain("| 123.5 | 1.00 |");
  });

  it("renders rows of an older results.json (no paperText, an old verdict) without failing", () => {
    const old = {
      id: "o",
      panel: "p",
      quantity: "q",
      subject: "S",
      unit: "Hz",
      paper: 0.05,
      ours: 0.06,
      ratio: 1.2,
      verdict: "paper inconsistent",
      why: "w",
    } as unknown as ClaimRow;
    expect(ledgerMarkdown([old])).toContain("| 0.0500 Hz | 0.0600 Hz | 1.200 | paper inconsistent | w |  |");
    expect((verdictCounts([old]) as Record<string, number>)["paper inconsistent"]).toBe(1);
  });

  it("states the rules in precedence order, with the note column", () => {
    const text = ledgerRulesMarkdown();
    const at = VERDICTS.map((v) => text.indexOf(`**${v}**`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toMatch(/noise/);
    expect(text).toMatch(/reading/);
    expect(text).toMatch(/note column/);
  });

  it("indexes the papers: counts per verdict, notes, a link to each paper's claims.md, totals", () => {
    const a = buildLedger(["t/p"], { hz: 0.03, pct: 10 }, units);
    const b = buildLedger(["t/p"], { base: 70 }, claims);
    const md = ledgerIndexMarkdown(
      [
        { paper: "t", title: "Toy | paper", rows: a },
        { paper: "u", rows: b },
      ],
      "ci",
    ).split("\n");
    expect(md[2]).toBe(
      "| paper | undefined | not run | calibrated | reproduced | direction holds | not reproduced | total | with a note | ledger |",
    );
    expect(md[4]).toBe(
      "| t: Toy \\| paper | 0 | 4 | 0 | 1 | 0 | 1 | 6 | 1 | [results/ci/t/claims.md](t/claims.md) |",
    );
    expect(md[5]).toBe("| u | 0 | 3 | 0 | 1 | 0 | 0 | 4 | 1 | [results/ci/u/claims.md](u/claims.md) |");
    expect(md[6]).toBe("| total | 0 | 7 | 0 | 2 | 0 | 1 | 10 | 2 |  |");
    expect(ledgerIndexMarkdown([{ paper: "t", rows: a }])).toContain("[t/claims.md](t/claims.md)");
  });
});

describe("claim files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "claims-"));
    mkdirSync(join(dir, "t"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (claimList: unknown[]) => {
    const file = join(dir, "t", "f.json");
    writeFileSync(file, JSON.stringify({ paper: "t", source: "s", figure: "f", claims: claimList }));
    return file;
  };
  const base = { panel: "p", quantity: "q", subject: "S", unit: "%", sentence: "the paper says so" };

  it("a claim without kind is a value claim; every kind loads", () => {
    write([
      { ...base, id: "t.a", value: 1 },
      { ...base, id: "t.b", value: 2 },
      { ...base, id: "t.o", kind: "order", of: ["t.a", "t.b"], direction: "ascending" },
      { ...base, id: "t.m", kind: "bound", atMost: 3 },
      { ...base, id: "t.r", kind: "range", min: 1, max: 3, of: "t.a" },
      { ...base, id: "t.x", kind: "relative", of: "t.b", relativeTo: "t.a", value: 100 },
    ]);
    expect(loadPaperClaims(dir).map((c) => [c.id, c.kind, c.paper])).toEqual([
      ["t.a", "value", "t"],
      ["t.b", "value", "t"],
      ["t.o", "order", "t"],
      ["t.m", "bound", "t"],
      ["t.r", "range", "t"],
      ["t.x", "relative", "t"],
    ]);
  });

  it("an unknown kind is a ConfigError naming the file, the claim and the allowed kinds", () => {
    const file = write([{ ...base, id: "t.a", kind: "ratio", value: 1 }]);
    expect(() => loadPaperClaims(dir)).toThrow(ConfigError);
    expect(() => loadPaperClaims(dir)).toThrow(
      `${file}: claim "t.a": kind: unknown claim kind "ratio" (allowed kinds: value, order, bound, range, relative)`,
    );
  });

  it("an order claim without subjects is a ConfigError naming the claim", () => {
    write([{ ...base, id: "t.o", kind: "order", direction: "descending" }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.o": of: an order claim needs its subjects/);
    write([{ ...base, id: "t.o", kind: "order", of: [], direction: "descending" }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.o": of: an order claim needs its subjects/);
    const one: PaperClaim[] = [
      { ...P, id: "a", subject: "S", value: 1, unit: "" },
      { ...P, id: "o", kind: "order", subject: "S", of: ["a"], direction: "ascending", unit: "" },
    ];
    expect(() => buildLedger(["t/p"], {}, one)).toThrow(/claim "o": of: an order claim needs its subjects/);
  });

  it("schema errors name the claim and the field; references must exist", () => {
    write([{ ...base, id: "t.m", kind: "bound", atMost: 3, tolerance: { abs: 1 } }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.m"/);
    write([{ ...base, id: "t.m", kind: "bound", atMost: 3, atLeast: 1 }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.m".*exactly one of atMost, atLeast/);
    write([{ ...base, id: "t.r", kind: "range", min: 3, max: 1 }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.r".*min 3 > max 1/);
    write([{ ...base, id: "t.a", kind: "value" }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.a": value/);
    write([{ ...base, id: "t.o", kind: "order", of: ["t.a", "t.zz"], direction: "up" }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.o": direction/);
    write([
      { ...base, id: "t.a", value: 1 },
      { ...base, id: "t.o", kind: "order", of: ["t.a", "t.zz"], direction: "ascending" },
    ]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.o": of\.1: refers to unknown claim "t\.zz"/);
    write([{ ...base, id: "t.x", kind: "relative", of: "t.a", value: 1 }]);
    expect(() => loadPaperClaims(dir)).toThrow(/claim "t\.x": relativeTo/);
  });
});

describe("the committed paper claims", () => {
  const all = loadPaperClaims();

  it("load, every claim with its sentence; no claim holds by construction (fig4c bounds are a test)", () => {
    const fig4a = all.filter((c) => c.panel === "fig4a" && c.kind === "value");
    expect(fig4a.map((c) => paperClaim(c.id).value)).toEqual([71.8, 79.7, 82.6, 85.9, 92.4]);
    for (const c of all) expect(c.sentence.length).toBeGreaterThan(5);
    expect(all.filter((c) => c.panel === "fig4c")).toEqual([]);
    expect(all.some((c) => c.kind === "order")).toBe(true);
  });

  it("keep the paper's numbers of the converted claims", () => {
    const n = (id: string) => paperClaim(id).value;
    expect(n("s000.fig4b.reductionVsMPC")).toBe(43.7);
    expect(n("s000.target.peakToValley")).toBe(15);
    expect(n("s000.fig8c.verificationSuccess")).toBe(99.6);
    expect(paperText("s000.target.renewableConsumption")).toBe("at least 92 %");
    expect(paperText("s000.fig4a.order")).toBe("MADRL-MOO > GA-EMS > MPC > BT-Only > RBEMS");
    expect(() => paperClaim("s000.fig4a.order")).toThrow(/order claim/);
  });

  it("judge with no values: every claim not run (no inconsistency verdict any more)", () => {
    const panels = [...new Set(all.map((c) => `${c.paper}/${c.panel}`))];
    const rows = buildLedger(panels, {}, all);
    expect(rows).toHaveLength(all.length);
    expect(rows.every((r) => r.verdict === "not run")).toBe(true);
    const inconsistent = rows.filter((r) => all.find((c) => c.id === r.id)?.inconsistent);
    expect(inconsistent.length).toBeGreaterThan(5);
    for (const r of inconsistent) expect(r.note).toMatch(/^paper inconsistent: /);
  });

  it("an order over the committed fig4a claims uses the fig4a values the experiment already emits", () => {
    const ours = {
      "s000.fig4a.utilisation.RBEMS": 70,
      "s000.fig4a.utilisation.BT-Only": 75,
      "s000.fig4a.utilisation.MPC": 80,
      "s000.fig4a.utilisation.GA-EMS": 85,
      "s000.fig4a.utilisation.MADRL-MOO": 90,
    };
    const row = buildLedger(["s000/fig4a"], ours).find((r) => r.id === "s000.fig4a.order");
    expect(row?.verdict).toBe("reproduced");
  });

  it("reads a claim for prose from data/paper by id, and names an unknown id", () => {
    const c = all.find((x) => x.id === "s000.fig7a.tps.50k");
    expect(paperClaim("s000.fig7a.tps.50k")).toEqual(c);
    expect(paperText("s000.fig7a.tps.50k")).toBe(
      `${paperClaim("s000.fig7a.tps.50k").value.toLocaleString("en-US")} ${c?.unit}`,
    );
    expect(() => paperText("no.such.claim")).toThrow(/unknown claim id "no.such.claim"/);
  });
});
