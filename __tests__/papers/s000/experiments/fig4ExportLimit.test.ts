import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { ConfigError } from "../../../../lib/core/errors";
import { makeContext } from "../../../../lib/experiments/runner";
import { fig4ExportLimit } from "../../../../lib/papers/s000/experiments/fig4ExportLimit";

describe("s000/fig4-export-limit", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "export-limit-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs each limit as its own world; a tighter limit never curtails less; the surplus table is monotone", async () => {
    const ctx = makeContext("s000/fig4-export-limit", "ci", 2026, new Cache(join(root, "cache")), null);
    const p = fig4ExportLimit.params.parse({
      days: 3,
      startDay: 152,
      strategies: ["RBEMS", "No storage"],
      exportLimitsMw: [0, 20, 60],
    });
    const out = await fig4ExportLimit.run(ctx, p as never);
    const v = out.values;
    expect(v.rows).toHaveLength(6);
    expect(v.worldExportLimitMw).toBe(60);
    for (const s of ["RBEMS", "No storage"]) {
      const c = [0, 20, 60].map((l) => v.rows.find((r) => r.strategy === s && r.exportLimitMw === l)!);
      expect(c[0].curtailmentPct).toBeGreaterThanOrEqual(c[1].curtailmentPct);
      expect(c[1].curtailmentPct).toBeGreaterThanOrEqual(c[2].curtailmentPct);
      expect(c[0].exportGwh).toBe(0); // nothing can leave at a 0 MW limit
    }
    const e = v.surplus.rows.map((r) => r.energyAbovePctOfGeneration);
    expect(e[0]).toBeGreaterThanOrEqual(e[1]);
    expect(e[1]).toBeGreaterThanOrEqual(e[2]);
    expect(v.surplus.maxMw).toBeGreaterThan(0);
    const fig = fig4ExportLimit.figure(out, [], p as never);
    expect(fig.data.length).toBe(5);
    expect(fig4ExportLimit.notes?.(out, [], p as never)).toContain("its own world");
  }, 300_000);

  it("refuses a negative export limit, naming the key", async () => {
    const ctx = makeContext("s000/fig4-export-limit", "ci", 2026, new Cache(join(root, "cache")), null);
    const p = fig4ExportLimit.params.parse({
      days: 1,
      startDay: 152,
      strategies: ["RBEMS"],
      exportLimitsMw: [10, -5],
    });
    await expect(fig4ExportLimit.run(ctx, p as never)).rejects.toThrow(ConfigError);
    await expect(fig4ExportLimit.run(ctx, p as never)).rejects.toThrow(/exportLimitsMw\[1\]/);
  });
});
