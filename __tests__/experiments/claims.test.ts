import {
  buildLedger,
  claimTolerance,
  loadPaperClaims,
  type PaperClaim,
  paperClaim,
  paperText,
  verdictCounts,
} from "../../lib/experiments/claims";

const claims: PaperClaim[] = [
  {
    id: "base",
    panel: "p",
    quantity: "q",
    subject: "Baseline",
    value: 70,
    unit: "%",
    sentence: "s",
    tolerance: { abs: 1 },
  },
  {
    id: "prop",
    panel: "p",
    quantity: "q",
    subject: "Proposed",
    value: 90,
    unit: "%",
    sentence: "s",
    tolerance: { abs: 1 },
    relativeTo: "base",
  },
  {
    id: "odd",
    panel: "p",
    quantity: "q",
    subject: "Proposed",
    value: 4,
    unit: "%",
    sentence: "s",
    inconsistent: "contradicted by fig X",
  },
  { id: "rel", panel: "p", quantity: "q", subject: "X", value: 200, unit: "M$", sentence: "s" },
  { id: "other", panel: "elsewhere", quantity: "q", subject: "X", value: 1, unit: "", sentence: "s" },
];

describe("claims ledger verdicts", () => {
  it("uses max(abs, rel * |paper|) with a 5 % default", () => {
    expect(claimTolerance(claims[0])).toBe(1);
    expect(claimTolerance(claims[3])).toBeCloseTo(10);
  });

  it("judges reproduced / direction holds / not reproduced / inconsistent / not run", () => {
    const rows = buildLedger(["p"], { base: 70.5, prop: 80, odd: 9, rel: 260 }, claims);
    expect(rows.map((r) => [r.id, r.verdict])).toEqual([
      ["base", "reproduced"],
      ["prop", "direction holds"], // 80 is off by 10, but still above the baseline as in the paper
      ["odd", "paper inconsistent"],
      ["rel", "not reproduced"],
    ]);
    expect(rows[1].ratio).toBeCloseTo(80 / 90);
    const flipped = buildLedger(["p"], { base: 70, prop: 60 }, claims);
    expect(flipped[1].verdict).toBe("not reproduced");
    expect(flipped[1].why).toContain("below Baseline");
    expect(flipped[2].verdict).toBe("not run");
    expect(verdictCounts(flipped)).toMatchObject({ reproduced: 1, "not reproduced": 1, "not run": 2 });
  });

  it("a null value with a stated reason is undefined (not 'not run'); a reason never hides a value", () => {
    const why = { rel: "no payback without savings", base: "ignored: a value exists" };
    const rows = buildLedger(["p"], { base: 70, prop: null, rel: null }, claims, why);
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

  it("loads the committed paper values, every claim with its sentence", () => {
    const all = loadPaperClaims();
    const fig4a = all.filter((c) => c.panel === "fig4a");
    expect(fig4a.map((c) => c.value)).toEqual([71.8, 79.7, 82.6, 85.9, 92.4]);
    for (const c of all) expect(c.sentence.length).toBeGreaterThan(5);
  });

  it("reads a claim for prose from data/paper by id, and names an unknown id", () => {
    const c = loadPaperClaims().find((x) => x.id === "fig7a.tps.50k");
    expect(paperClaim("fig7a.tps.50k")).toEqual(c);
    expect(paperText("fig7a.tps.50k")).toBe(`${c?.value.toLocaleString("en-US")} ${c?.unit}`);
    expect(() => paperText("no.such.claim")).toThrow(/unknown claim id "no.such.claim"/);
  });
});
