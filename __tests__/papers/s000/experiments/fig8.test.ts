import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { buildLedger, loadPaperClaims, qualifiedPanels } from "../../../../lib/experiments/claims";
import { makeContext } from "../../../../lib/experiments/runner";
import { defaultRegistry } from "../../../../lib/papers/registry";
import { runCityStrategyCached } from "../../../../lib/papers/s000/experiments/cityRuns";
import { FIG8_EXPERIMENTS } from "../../../../lib/papers/s000/experiments/fig8";
import {
  chainUnderFailure,
  eventMetrics,
  eventSteps,
  Fig8Params,
  RADAR_DIMENSIONS,
  recoveryOf,
  runStressCached,
  STRESS_RUN_COLUMNS,
  type StrategyRobustness,
  type StressRun,
} from "../../../../lib/papers/s000/experiments/robustnessRuns";

const CI = {
  windowDays: 4,
  eventOffsetHours: 24,
  strategies: ["RBEMS", "BT-Only", "MADRL-MOO"],
  chainDurationS: 300,
  chainSeeds: 1,
  exportSeries: false,
};

/** A synthetic run: demand 1 MWh per step, local supply given per step. */
function synthetic(local: number[]): StressRun {
  const n = local.length;
  const z = () => new Float64Array(n);
  const series: Record<string, Float64Array> = {};
  for (const c of STRESS_RUN_COLUMNS) series[c] = z();
  series.demandMwh = new Float64Array(n).fill(1);
  series.renewLocalMwh = Float64Array.from(local);
  return {
    series: series as StressRun["series"],
    drDeferredMwh: z(),
    flexibleMwh: z(),
    entities: 1,
    marketSteps: 0,
    trades: 0,
    episodeSeconds: 0,
  };
}

describe("Figure 8 experiments (ci profile)", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fig8-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("are registered, with claims in data/paper/fig8.json for every panel", () => {
    const reg = defaultRegistry();
    for (const name of ["fig8a", "fig8b", "fig8c", "fig8d", "fig8e", "fig8f"])
      expect(reg.has(`s000/${name}`)).toBe(true);
    const claims = loadPaperClaims().filter((c) => c.panel.startsWith("fig8"));
    expect(new Set(claims.map((c) => c.panel))).toEqual(
      new Set(["fig8a", "fig8b", "fig8c", "fig8d", "fig8e", "fig8f"]),
    );
  });

  it("run every panel from one set of cached runs; claims name only known ids; values consistent", async () => {
    const cache = new Cache(join(root, "cache"));
    const ids = new Set(loadPaperClaims().map((c) => c.id));
    const rowsBy: Record<string, StrategyRobustness[]> = {};
    // ledger rows per panel (data/paper/s000/fig8.json; ledger v2 adds an order claim to (a) and (f))
    const rowsPerPanel: Record<string, number> = {
      "s000/fig8a": 6,
      "s000/fig8b": 4,
      "s000/fig8c": 3,
      "s000/fig8d": 4,
      "s000/fig8e": 1,
      "s000/fig8f": 5,
    };
    expect(FIG8_EXPERIMENTS.map((e) => e.id).sort()).toEqual(Object.keys(rowsPerPanel));
    for (const exp of FIG8_EXPERIMENTS) {
      const ctx = makeContext(exp.id, "ci", 5, cache, null);
      const params = exp.params.parse(CI) as never;
      const out = await exp.run(ctx, params);
      for (const k of Object.keys(out.claims ?? {})) expect(ids.has(k)).toBe(true);
      const ledger = buildLedger(qualifiedPanels(exp.id, exp.panels), out.claims ?? {});
      expect([exp.id, ledger.length]).toEqual([exp.id, rowsPerPanel[exp.id]]);
      const fig = exp.figure(out, ledger, params);
      expect(fig.data.length).toBeGreaterThan(0);
      expect(exp.notes?.(out, ledger, params).length).toBeGreaterThan(50);
      if (Array.isArray(out.values.strategies) && out.values.strategies.length)
        rowsBy[exp.id] = out.values.strategies as StrategyRobustness[];
    }
    expect(rowsBy["s000/fig8f"]).toBeDefined();
    expect(rowsBy["s000/fig8f"]).toEqual(rowsBy["s000/fig8a"]);
    for (const r of rowsBy["s000/fig8f"]) {
      // served = local supply + grid import (the env's conservation, summed over the event)
      const s = r.storm;
      expect(s.servedMwh).toBeCloseTo((s.localSupplyPct / 100) * s.demandMwh + s.gridImportMwh, 0);
      expect(s.loadSatisfactionPct + s.loadShedPct).toBeCloseTo(100, 2);
      // the storm removes renewables: less local supply than on the same hours without it
      expect(s.localSupplyPct).toBeLessThan(r.stormNormal.localSupplyPct);
      // the heatwave adds demand
      expect(r.heat.demandMwh).toBeGreaterThan(r.heatNormal.demandMwh * 1.2);
      const vals = RADAR_DIMENSIONS.map((d) => r.radar[d]);
      for (const v of vals) expect(v).toBeGreaterThanOrEqual(0);
      for (const v of vals) expect(v).toBeLessThanOrEqual(100 + 1e-9);
      expect(r.robustnessIndex).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / 6, 2);
    }
  }, 240_000);

  it("share the MADRL-MOO agent with the other figures' city runs (one training cache entry)", async () => {
    const cache = new Cache(join(root, "cache"));
    const trained = () => cache.ls().filter((e) => e.component === "control.maddpg-city").length;
    expect(trained()).toBe(1); // trained once for all fig8 runs above
    await runCityStrategyCached(makeContext("s000/fig4a", "ci", 5, cache, null), "MADRL-MOO", {
      days: 1,
      startDay: 152,
    });
    expect(trained()).toBe(1);
  }, 240_000);

  it("load satisfaction in the storm falls when the wind drops further (tight interconnector)", async () => {
    const cache = new Cache(join(root, "cache"));
    const ctx = makeContext("s000/fig8a", "ci", 5, cache, null);
    const base = Fig8Params.parse({ ...CI, importLimitMw: 50 });
    const { from, to } = eventSteps(base);
    const sat = async (windFactor: number) =>
      eventMetrics(
        await runStressCached(ctx, "RBEMS", { ...base, stormWindFactor: windFactor }, "storm", "storm"),
        from,
        to,
      );
    const mild = await sat(0.9);
    const paperStorm = await sat(0.6);
    const severe = await sat(0.2);
    expect(mild.loadSatisfactionPct).toBeLessThan(100);
    expect(paperStorm.loadSatisfactionPct).toBeLessThan(mild.loadSatisfactionPct);
    expect(severe.loadSatisfactionPct).toBeLessThan(paperStorm.loadSatisfactionPct);
    // demand is the same city in all three: only supply moved
    expect(severe.demandMwh).toBeCloseTo(mild.demandMwh, 6);
  }, 240_000);

  it("the chain keeps every transaction with all validators up and stops verifying without a quorum", () => {
    const p = Fig8Params.parse({ ...CI, chainDurationS: 120 });
    const market = { participants: 2000, tradesPerOpenInterval: 500 };
    const none = chainUnderFailure({ ...p, failureShare: 0 }, market, 3);
    expect(none.activityRetainedPct).toBe(100);
    expect(none.recoveryMin).toBe(0);
    const some = chainUnderFailure(p, market, 3);
    expect(some.failedValidators).toBe(8);
    expect(some.verificationSuccessPct).toBe(100); // 42 live >= quorum 34
    // half the validators down: 25 live < quorum 34, nothing is final
    const half = chainUnderFailure({ ...p, failureShare: 0.5 }, market, 3);
    expect(half.verificationSuccessPct).toBe(0);
    expect(half.activityRetainedPct).toBe(0);
    expect(half.recoveryMin).toBeNull();
  });

  it("recovery: minutes after the event until the local supply share stays >= 95 % of normal", () => {
    const end = 8;
    const normal = synthetic(Array(40).fill(0.8));
    // back to normal 10 steps after the end, then a dip 20 steps after the end
    const stressed = synthetic(Array.from({ length: 40 }, (_, t) => (t < end + 10 ? 0.2 : 0.8)));
    const r = recoveryOf(stressed, normal, end, 0.95, 4, 15);
    // trailing hour (4 steps): the share is back to >= 95 % once 4 recovered steps are in the window
    expect(r.minutes).toBe((10 + 3) * 15);
    const never = recoveryOf(synthetic(Array(40).fill(0.2)), normal, end, 0.95, 4, 15);
    expect(never.minutes).toBeNull();
    const dip = synthetic(Array.from({ length: 40 }, (_, t) => (t === end + 20 ? 0 : 0.8)));
    expect(recoveryOf(dip, normal, end, 0.95, 100, 15).minutes).toBe((20 + 4) * 15);
  });
});
