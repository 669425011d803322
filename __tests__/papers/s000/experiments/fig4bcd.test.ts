import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { ConfigError } from "../../../../lib/core/errors";
import { buildLedger } from "../../../../lib/experiments/claims";
import { parseExperimentsYaml } from "../../../../lib/experiments/config";
import { makeContext, runExperiments } from "../../../../lib/experiments/runner";
import type { ExperimentContext } from "../../../../lib/experiments/types";
import type { CityFlows } from "../../../../lib/metrics/flows";
import { defaultRegistry, paperWorlds } from "../../../../lib/papers/registry";
import { runCityStrategy } from "../../../../lib/papers/s000/experiments/cityRuns";
import { reductionPct } from "../../../../lib/papers/s000/experiments/cityStrategies";
import { fig4b } from "../../../../lib/papers/s000/experiments/fig4b";
import { fig4c } from "../../../../lib/papers/s000/experiments/fig4c";
import { fig4d } from "../../../../lib/papers/s000/experiments/fig4d";

// The ci profile of experiments.yaml: 14 days from day 152 (fig4a's ci window). Two rule-based strategies
// keep the cold runs short (the experiments default to every strategy of cityRuns).
const CI = { days: 14, startDay: 152, strategies: ["RBEMS", "No storage"] };
const H = { days: CI.days, startDay: CI.startDay };
const sum = (a: ArrayLike<number>, from = 0, to = a.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s;
};

describe("fig4b / fig4c / fig4d on the ci profile", () => {
  let root: string;
  let ctx: ExperimentContext;
  let flows: Record<string, CityFlows>;
  let b: Awaited<ReturnType<typeof fig4b.run>>;
  let c: Awaited<ReturnType<typeof fig4c.run>>;
  let d: Awaited<ReturnType<typeof fig4d.run>>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "fig4bcd-"));
    ctx = makeContext("t", "ci", 2026, new Cache(join(root, "cache")), null);
    flows = {
      RBEMS: await runCityStrategy(ctx, "RBEMS", H),
      "No storage": await runCityStrategy(ctx, "No storage", H),
    };
    b = await fig4b.run(ctx, fig4b.params.parse(CI) as never);
    c = await fig4c.run(ctx, fig4c.params.parse(CI) as never);
    d = await fig4d.run(ctx, fig4d.params.parse(CI) as never);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs through the runner with an experiments.yaml like the repo's and writes results", async () => {
    const yaml = `version: 1
defaults: { profile: ci, seed: 2026 }
profiles: { ci: { days: 14 }, quick: { days: 365 }, paper: { days: 365 } }
experiments:
  s000/fig4b: { params: { startDay: 0, strategies: [RBEMS, "No storage"] }, ci: { startDay: 152 } }
  s000/fig4c: { params: { startDay: 0, weekStartDay: 152, strategies: [RBEMS, "No storage"] }, ci: { startDay: 152 } }
  s000/fig4d: { params: { startDay: 0, weekStartDay: 152, strategies: [RBEMS, "No storage"] }, ci: { startDay: 152 } }
`;
    const cfg = parseExperimentsYaml(yaml, "experiments.yaml", defaultRegistry(), undefined, paperWorlds());
    const s = await runExperiments(cfg, {
      resultsDir: join(root, "res"),
      cache: new Cache(join(root, "cache")),
      png: false,
      log: null,
    });
    expect(s.ok).toBe(true);
    for (const name of ["fig4b", "fig4c", "fig4d"]) {
      expect(existsSync(join(root, "res", "ci", "s000", name, "results.json"))).toBe(true);
      expect(existsSync(join(root, "res", "ci", "s000", name, "figure.html"))).toBe(true);
    }
  });

  it("fig4b: curtailment = curtailed / generated per strategy, recomputed from the flows", () => {
    const rows = b.values.strategies as {
      strategy: string;
      curtailmentPct: number;
      reductionVsRbemsPct: number;
    }[];
    expect(rows.map((r) => r.strategy)).toEqual(expect.arrayContaining(["RBEMS", "No storage"]));
    for (const r of rows.filter((x) => flows[x.strategy])) {
      const f = flows[r.strategy];
      const direct = (100 * sum(f.curtailedMwh)) / (sum(f.windMwh) + sum(f.pvMwh));
      expect(r.curtailmentPct).toBeCloseTo(direct, 3);
    }
    const rb = rows.find((r) => r.strategy === "RBEMS")!;
    const ns = rows.find((r) => r.strategy === "No storage")!;
    const rate = (f: CityFlows) => sum(f.curtailedMwh) / (sum(f.windMwh) + sum(f.pvMwh));
    expect(ns.reductionVsRbemsPct).toBeCloseTo(100 * (1 - rate(flows["No storage"]) / rate(flows.RBEMS)), 3);
    expect(b.claims?.["s000.fig4b.curtailment.RBEMS"]).toBe(rb.curtailmentPct);
    if (!rows.some((r) => r.strategy === "MADRL-MOO"))
      expect(b.claims?.["s000.fig4b.reductionVsMPC"]).toBeNull();
  });

  it("changing the strategy input: removing the battery raises curtailment and export (physical direction)", () => {
    const rows = b.values.strategies as { strategy: string; curtailmentPct: number }[];
    const rb = rows.find((r) => r.strategy === "RBEMS")!;
    const ns = rows.find((r) => r.strategy === "No storage")!;
    expect(ns.curtailmentPct).toBeGreaterThanOrEqual(rb.curtailmentPct);
    const split = d.values.strategies as { strategy: string; run: Record<string, number> }[];
    const spilled = (s: string) => {
      const r = split.find((x) => x.strategy === s)!.run;
      return r.export + r.curtailed;
    };
    // Storage absorbs surplus that would otherwise be exported or curtailed.
    expect(spilled("No storage")).toBeGreaterThan(spilled("RBEMS"));
    expect(split.find((x) => x.strategy === "No storage")!.run.battery).toBe(0);
    expect(split.find((x) => x.strategy === "RBEMS")!.run.battery).toBeGreaterThan(0);
  });

  it("fig4c: a seven-day table per strategy whose MW match the flows, within the installed capacities", () => {
    const t = c.tables!.find((x) => x.name === "week-rbems")!;
    expect(t.columns.windMw.length).toBe(7 * 96);
    const f = flows.RBEMS;
    const h = f.stepH;
    const from = (152 - CI.startDay) * 96;
    for (const i of [0, 100, 333, 671]) {
      expect(t.columns.windMw[i]).toBeCloseTo(f.windMwh[from + i] / h, 9);
      expect(t.columns.utilisedMw[i]).toBeCloseTo(
        (f.windMwh[from + i] + f.pvMwh[from + i] - f.curtailedMwh[from + i]) / h,
        9,
      );
      expect(t.columns.batteryMw[i]).toBeCloseTo(
        (f.batteryDischargeMwh[from + i] - f.batteryChargeMwh[from + i]) / h,
        9,
      );
    }
    // the capacity bounds hold by construction: values (from the run's world), not claims
    expect(c.claims ?? {}).toEqual({});
    expect(c.values.stepsWithinCapacityPct).toEqual({ wind: 100, pv: 100, battery: 100 });
    expect(c.values.capacities).toEqual({ windMw: 150, pvMw: 85, batteryMw: 60 });
    const fig = fig4c.figure(c, buildLedger(["s000/fig4c"], c.claims ?? {}), fig4c.params.parse(CI) as never);
    expect(fig.data.length).toBeGreaterThanOrEqual(7);
    expect((fig.data[0] as { x: number[] }).x[0]).toBe(152);
  });

  it("fig4c: a window outside the simulated days is a ConfigError naming the field", async () => {
    await expect(fig4c.run(ctx, fig4c.params.parse({ ...CI, weekStartDay: 160 }) as never)).rejects.toThrow(
      ConfigError,
    );
    await expect(fig4c.run(ctx, fig4c.params.parse({ ...CI, weekStartDay: 160 }) as never)).rejects.toThrow(
      /weekStartDay/,
    );
  });

  it("fig4d: the five shares sum to 100 % and match an independent sum over the week", () => {
    const rows = d.values.strategies as {
      strategy: string;
      week: Record<string, number>;
      run: Record<string, number>;
    }[];
    for (const r of rows.filter((x) => flows[x.strategy])) {
      for (const s of [r.week, r.run]) {
        expect(s.local + s.p2p + s.battery + s.export + s.curtailed).toBeCloseTo(100, 2);
      }
      const f = flows[r.strategy];
      const from = (152 - CI.startDay) * 96;
      const to = from + 7 * 96;
      const gen = sum(f.windMwh, from, to) + sum(f.pvMwh, from, to);
      expect(r.week.local).toBeCloseTo((100 * sum(f.renewLocalMwh, from, to)) / gen, 3);
      expect(r.week.export).toBeCloseTo((100 * sum(f.renewExportMwh, from, to)) / gen, 3);
    }
    const ledger = buildLedger(["s000/fig4d"], d.claims ?? {});
    expect(ledger.map((r) => r.paper)).toEqual([42, 26, 18, 6, 8]);
    const fig = fig4d.figure(d, ledger, fig4d.params.parse(CI) as never);
    expect(fig.data).toHaveLength(5);
    expect((fig.data[0] as { y: string[] }).y[0]).toBe("MADRL-MOO (paper)");
  });

  it("fig4b figure: ours beside the paper's (4.0 % stated, MPC and RBEMS derived from the reductions)", () => {
    const ledger = buildLedger(["s000/fig4b"], b.claims ?? {});
    const fig = fig4b.figure(b, ledger, fig4b.params.parse(CI) as never);
    const [ours, paper] = fig.data as { x: string[]; y: (number | null)[] }[];
    expect(paper.x.slice(0, 5)).toEqual(["RBEMS", "BT-Only", "MPC", "GA-EMS", "MADRL-MOO"]);
    expect(paper.y.slice(0, 5)).toEqual([9.73, null, 7.1, null, 4]);
    expect(ours.y[0]).toBe(b.claims?.["s000.fig4b.curtailment.RBEMS"]);
    expect(ours.x).toContain("No storage"); // our reference run, after the paper's five
  });
  it("reductions relative to a strategy that curtails nothing are undefined, not huge", () => {
    expect(reductionPct(0.24, 1e-17)).toBeNull();
    expect(reductionPct(4, 7.1)).toBeCloseTo(43.66, 2);
    expect(reductionPct(null, 7.1)).toBeNull();
  });
});
