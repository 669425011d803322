import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { ConfigError } from "../../../../lib/core/errors";
import { buildLedger, loadPaperClaims, qualifiedPanels } from "../../../../lib/experiments/claims";
import { makeContext } from "../../../../lib/experiments/runner";
import type { Experiment } from "../../../../lib/experiments/types";
import { defaultRegistry } from "../../../../lib/papers/registry";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { rulePolicyFor, runEpisode } from "../../../../lib/papers/s000/env/runEpisode";
import {
  FIG6_EXPERIMENTS,
  fig6a,
  fig6c,
  fig6e,
  fig6f,
  type StabilityRow,
} from "../../../../lib/papers/s000/experiments/fig6";
import {
  DECISION_LATENCY_FILE,
  registerStabilityStrategy,
  stabilityOfStrategies,
  stabilityScenario,
  stabilityStrategyNames,
} from "../../../../lib/papers/s000/experiments/stabilityRuns";

describe("Figure 6 experiments (1 day, rule policy and RBEMS)", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fig6-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const base = {
    days: 1,
    startDay: 152,
    strategies: ["RBEMS", "Rule policy"],
    decisionLatencyMs: { RBEMS: 0.5, "Rule policy": 0.5 },
    exportSeries: false,
  };

  it("are registered, with claims in data/paper/fig6.json for every panel", () => {
    const reg = defaultRegistry();
    for (const name of ["fig6a", "fig6b", "fig6c", "fig6d", "fig6e", "fig6f"])
      expect(reg.has(`s000/${name}`)).toBe(true);
    const claims = loadPaperClaims().filter((c) => c.panel.startsWith("fig6"));
    expect(new Set(claims.map((c) => c.panel))).toEqual(
      new Set(["fig6a", "fig6b", "fig6c", "fig6d", "fig6e", "fig6f"]),
    );
    // 28 value, bound and relative claims, and an order claim for (a)-(d) and (f) (ledger v2; (e) compares
    // two strategies only)
    expect(claims.length).toBe(33);
    expect(claims.filter((c) => c.kind === "order").map((c) => c.panel)).toEqual([
      "fig6a",
      "fig6b",
      "fig6c",
      "fig6d",
      "fig6f",
    ]);
    expect(stabilityStrategyNames()).toEqual(
      expect.arrayContaining(["RBEMS", "MPC", "GA-EMS", "BT-Only", "MADRL-MOO"]),
    );
  });

  it("run every panel from one cached episode per strategy; pinned latency -> identical values", async () => {
    const cache = new Cache(join(root, "cache"));
    const outs: Record<string, unknown> = {};
    // the erased form the runner holds (the six panels' values types differ)
    for (const exp of FIG6_EXPERIMENTS as readonly Experiment[]) {
      const ctx = makeContext(exp.id, "ci", 5, cache, null);
      const params = exp.params.parse(base) as never;
      const out = await exp.run(ctx, params);
      const ledger = buildLedger(qualifiedPanels(exp.id, exp.panels), out.claims ?? {});
      const fig = exp.figure(out, ledger, params);
      expect(fig.data.length).toBeGreaterThan(0);
      expect(exp.notes?.(out, ledger, params)).toContain("RBEMS");
      outs[exp.id] = out.values.strategies;
    }
    // every panel reports the same per-strategy numbers
    expect(Object.keys(outs)).toHaveLength(6);
    for (const id of Object.keys(outs)) expect(outs[id]).toEqual(outs[fig6a.id]);
    const rows = outs[fig6c.id] as StabilityRow[];
    const rb = rows.find((r) => r.strategy === "RBEMS") as StabilityRow;
    expect(rb.decisionLatencyMs).toBe(0.5);
    expect(rb.p95AbsHz).toBeLessThanOrEqual(rb.maxAbsHz);
    expect(rb.voltageMaxPct).toBeGreaterThan(0);
    // a fresh cache computes the same bytes (latency pinned)
    const ctx2 = makeContext(fig6c.id, "ci", 5, new Cache(join(root, "cache2")), null);
    const again = await fig6c.run(ctx2, fig6c.params.parse({ ...base, strategies: ["RBEMS"] }) as never);
    expect(JSON.stringify(again.values)).toBe(JSON.stringify({ days: 1, startDay: 152, strategies: [rb] }));
    const ledger = buildLedger(["s000/fig6c"], again.claims ?? {});
    expect(ledger.find((l) => l.subject === "RBEMS")?.ours).toBe(rb.imbalancePct);
    expect(ledger.find((l) => l.subject === "MPC")?.verdict).toBe("not run");
  });

  it("a slower controller or a smaller area -> larger |Δf| (pinned latency)", async () => {
    const cache = new Cache(join(root, "cache"));
    const ctx = makeContext(fig6f.id, "ci", 5, cache, null);
    const fast = await fig6f.run(ctx, fig6f.params.parse({ ...base, strategies: ["RBEMS"] }) as never);
    const slow = await fig6e.run(
      ctx,
      fig6e.params.parse({ ...base, strategies: ["RBEMS"], decisionLatencyMs: { RBEMS: 4000 } }) as never,
    );
    const f = (fast.values.strategies as StabilityRow[])[0];
    const s = (slow.values.strategies as StabilityRow[])[0];
    expect(s.responseS).toBeCloseTo(f.responseS + 3.9995, 6);
    expect(s.meanAbsHz).toBeGreaterThan(f.meanAbsHz);
    expect(s.imbalancePct).toBeGreaterThan(f.imbalancePct);
    // a smaller balancing area swings further for the same city
    const small = await fig6e.run(
      ctx,
      fig6e.params.parse({ ...base, strategies: ["RBEMS"], systemBaseMw: 500 }) as never,
    );
    const sm = (small.values.strategies as StabilityRow[])[0];
    expect(sm.maxAbsHz).toBeGreaterThan(f.maxAbsHz);
    expect(sm.meanAbsHz).toBeGreaterThan(f.meanAbsHz);
    expect(sm.voltageMaxPct).toBe(f.voltageMaxPct); // the feeders do not depend on the area
  });

  it("takes strategies through a seam; unknown names are refused with the field named", async () => {
    registerStabilityStrategy("Idle battery", async (ctx, opts) => {
      const env = new CityEnv(stabilityScenario(opts.days, opts.startDay, ctx.seed));
      env.reset(ctx.seed);
      const rule = rulePolicyFor(env);
      const ep = runEpisode(
        env,
        (o) => {
          const a = rule(o);
          a.storage[0] = 0;
          return a;
        },
        ctx.seed,
      );
      return { flows: ep.flows, latency: { meanMs: 0 } };
    });
    const ctx = makeContext(fig6a.id, "ci", 5, new Cache(join(root, "cache")), null);
    // Decision latencies come from the calibration file, which has no entry for a new strategy: unpinned,
    // it is refused, naming the file and how to pin it.
    const unpinned = fig6a.run(
      ctx,
      fig6a.params.parse({ ...base, strategies: ["Idle battery"], decisionLatencyMs: {} }) as never,
    );
    await expect(unpinned).rejects.toThrow(ConfigError);
    await expect(unpinned).rejects.toThrow(
      `${DECISION_LATENCY_FILE} strategies: no calibrated decision latency for Idle battery`,
    );
    await expect(unpinned).rejects.toThrow(/params\.decisionLatencyMs\.Idle battery/);
    const pin = { "Idle battery": 0 };
    const out = await fig6a.run(
      ctx,
      fig6a.params.parse({ ...base, strategies: ["Idle battery"], decisionLatencyMs: pin }) as never,
    );
    const row = (out.values.strategies as StabilityRow[])[0];
    expect(row.strategy).toBe("Idle battery");
    expect(row.decisionLatencyMs).toBe(0);
    expect(row.decisionLatencyP95Ms).toBe(0);
    // the seam's own measured latency is kept beside the pinned one
    const [st] = await stabilityOfStrategies(ctx, {
      days: base.days,
      startDay: base.startDay,
      strategies: ["Idle battery"],
      decisionLatencyMs: pin,
      systemBaseMw: 2000,
    });
    expect(st.measuredLatency).toEqual({ meanMs: 0 });
    expect(st.pinned).toBe(true);
    const zooms = out.values.zooms as {
      kind: string;
      fromStep: number;
      toStep: number;
      hz: Record<string, number[]>;
    }[];
    expect(zooms.length).toBeGreaterThan(0);
    for (const z of zooms) expect(z.hz["Idle battery"].length).toBe((z.toStep - z.fromStep) * 900);
    expect(zooms.map((z) => z.kind)).toContain("evening peak");
    await expect(
      fig6c.run(ctx, fig6c.params.parse({ ...base, strategies: ["Nope"] }) as never),
    ).rejects.toThrow(/strategies/);
  });
});
