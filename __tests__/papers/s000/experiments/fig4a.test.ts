import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { buildLedger } from "../../../../lib/experiments/claims";
import { parseExperimentsYaml } from "../../../../lib/experiments/config";
import { makeContext, runExperiments } from "../../../../lib/experiments/runner";
import { defaultRegistry, paperWorlds } from "../../../../lib/papers/registry";
import { fig4a } from "../../../../lib/papers/s000/experiments/fig4a";

const YAML = `version: 1
defaults: { profile: ci, seed: 5 }
profiles: { ci: { days: 7 }, quick: { days: 7 }, paper: { days: 7 } }
experiments:
  s000/fig4a: { params: { strategies: [RBEMS, "No storage"] }, ci: { startDay: 152 } }
`;

describe("fig4a on the entity-level city", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fig4a-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes byte-identical results.json on two cold runs with separate caches", async () => {
    const cfg = parseExperimentsYaml(YAML, "experiments.yaml", defaultRegistry(), undefined, paperWorlds());
    const run = (k: string) =>
      runExperiments(cfg, {
        resultsDir: join(root, k),
        cache: new Cache(join(root, `cache-${k}`)),
        png: false,
        log: null,
      });
    const a = await run("a");
    const b = await run("b");
    expect(a.ok && b.ok).toBe(true);
    const ra = readFileSync(join(root, "a", "ci", "s000", "fig4a", "results.json"));
    expect(readFileSync(join(root, "b", "ci", "s000", "fig4a", "results.json"))).toEqual(ra);
    const doc = JSON.parse(ra.toString());
    expect(doc.values.strategies.map((s: { strategy: string }) => s.strategy)).toEqual([
      "RBEMS",
      "No storage",
    ]);
    const csv = readFileSync(join(root, "a", "ci", "s000", "fig4a", "flows-rbems.csv"), "utf8").split("\n");
    expect(csv).toHaveLength(7 * 96 + 2);
  });

  it("builds a grouped bar figure with ours beside the paper's five values", async () => {
    const ctx = makeContext(fig4a.id, "ci", 5, new Cache(join(root, "cache-fig")), null);
    const params = fig4a.params.parse({
      days: 3,
      startDay: 152,
      exportSeries: false,
      strategies: ["RBEMS", "No storage"],
    }) as never;
    const out = await fig4a.run(ctx, params);
    const ledger = buildLedger(["s000/fig4a"], out.claims ?? {});
    const fig = fig4a.figure(out, ledger, params);
    expect(fig.data).toHaveLength(2);
    const [ours, paper] = fig.data as { name: string; x: string[]; y: (number | null)[] }[];
    expect(ours.name).toBe("ours");
    expect(paper.x).toEqual(["RBEMS", "BT-Only", "MPC", "GA-EMS", "MADRL-MOO", "No storage"]);
    expect(paper.y.slice(0, 5)).toEqual([71.8, 79.7, 82.6, 85.9, 92.4]);
    expect(paper.y[5]).toBeNull();
    expect(ours.y[1]).toBeNull(); // BT-Only not run here
    expect(ours.y[0]).toBe((out.values.strategies as { utilisationPct: number }[])[0].utilisationPct);
    expect(ledger.find((r) => r.subject === "MPC")!.verdict).toBe("not run");
  });
});
