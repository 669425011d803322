import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../lib/core/cache";
import { buildLedger } from "../../lib/experiments/claims";
import { headline, peakToValleyPct } from "../../lib/experiments/headline";
import { makeContext } from "../../lib/experiments/runner";

describe("headline (abstract claims and design targets) on the ci profile", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "headline-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("peak-to-valley: (max - min) / max per day, averaged over days with import", () => {
    // Two days of 4 steps (stepH 6 h): day 1 from 100 down to 50 -> 50 %; day 2 flat 80 -> 0 %; day 3 no import.
    const p = Float64Array.from([100, 50, 75, 60, 80, 80, 80, 80, 0, 0, 0, 0]);
    expect(peakToValleyPct(p, 6)).toBeCloseTo(25, 12);
    expect(peakToValleyPct(new Float64Array(8), 6)).toBeNaN();
  });

  it("reports every strategy's headline KPIs; claims of the proposed method stay null until it runs", async () => {
    const ctx = makeContext("headline", "ci", 2026, new Cache(join(root, "cache")), null);
    const p = headline.params.parse({ days: 14, startDay: 152 }) as never;
    const out = await headline.run(ctx, p);
    const rows = out.values.strategies as {
      strategy: string;
      utilisationPct: number;
      peakToValleyPct: number;
    }[];
    expect(rows.map((r) => r.strategy)).toEqual(expect.arrayContaining(["RBEMS", "No storage"]));
    for (const r of rows) {
      expect(r.utilisationPct).toBeGreaterThan(0);
      expect(r.utilisationPct).toBeLessThanOrEqual(100);
      expect(r.peakToValleyPct).toBeGreaterThanOrEqual(0);
    }
    const ledger = buildLedger(headline.panels, out.claims ?? {});
    expect(ledger).toHaveLength(10);
    if (!rows.some((r) => r.strategy === "MADRL-MOO"))
      expect(ledger.every((r) => r.verdict === "not run")).toBe(true);
    const fig = headline.figure(out, ledger, p);
    expect((fig.data[1] as { y: number[] }).y.slice(0, 3)).toEqual([31.8, 42.6, 27.4]);
  });
});
