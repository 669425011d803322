import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { buildLedger, qualifiedPanels } from "../../../../lib/experiments/claims";
import { parseExperimentsYaml } from "../../../../lib/experiments/config";
import { makeContext, runExperiments } from "../../../../lib/experiments/runner";
import type { ExperimentContext } from "../../../../lib/experiments/types";
import type { CityFlows } from "../../../../lib/metrics/flows";
import { DEFAULT_KPI_OPTIONS } from "../../../../lib/metrics/kpis";
import { defaultRegistry, paperWorlds } from "../../../../lib/papers/registry";
import { runCityStrategy } from "../../../../lib/papers/s000/experiments/cityRuns";
import { fig5a } from "../../../../lib/papers/s000/experiments/fig5a";
import { fig5b } from "../../../../lib/papers/s000/experiments/fig5b";
import { fig5c } from "../../../../lib/papers/s000/experiments/fig5c";
import { fig5d } from "../../../../lib/papers/s000/experiments/fig5d";
import {
  DEFAULT_CAPEX,
  fig5savings,
  simplePaybackYears,
} from "../../../../lib/papers/s000/experiments/fig5savings";
import type { EconRow } from "../../../../lib/papers/s000/experiments/fig5shared";
import { headline, peakToValleyPct } from "../../../../lib/papers/s000/experiments/headline";

// experiments.yaml ci: days 14, fig4a's startDay 152 (2-15 June); two rule-based strategies keep the
// cold runs short (the experiments default to every strategy of cityRuns).
const CI = { days: 14, startDay: 152, strategies: ["RBEMS", "No storage"] };
const H = { days: CI.days, startDay: CI.startDay };
const A = 365 / CI.days;

/**
 * Operating cost (USD) of a run inside one calendar month, written out independently of lib/metrics:
 * degradation and P2P fees from the run's own columns when it has them, else at the default rates.
 */
function directOperatingCostUsd(f: CityFlows, daysInMonth: number): number {
  const o = DEFAULT_KPI_OPTIONS;
  let purchase = 0;
  let exportRev = 0;
  let discharge = 0;
  let p2p = 0;
  let peak = 0;
  for (let t = 0; t < f.windMwh.length; t++) {
    purchase += (f.gridImportMwh[t] + f.gridToBatteryMwh[t]) * f.importPriceUsdPerMwh[t];
    exportRev += f.gridExportMwh[t] * f.exportPriceUsdPerMwh[t];
    discharge += f.batteryDischargeMwh[t];
    p2p += f.renewP2pMwh[t];
    peak = Math.max(peak, (f.gridImportMwh[t] + f.gridToBatteryMwh[t]) / f.stepH);
  }
  const hours = f.windMwh.length * f.stepH;
  const peakCharge = o.peakDemandTariffUsdPerMwMonth * peak * (hours / (daysInMonth * 24));
  const degradation = f.batteryDegradationUsd
    ? f.batteryDegradationUsd.reduce((a, b) => a + b, 0)
    : o.batteryDegradationUsdPerMwh * discharge;
  const fees = f.p2pFeeUsd ? f.p2pFeeUsd.reduce((a, b) => a + b, 0) : o.p2pFeeUsdPerMwh * p2p;
  return purchase + degradation + peakCharge + fees - exportRev;
}

describe("fig5a-d, fig5savings and headline on the ci profile", () => {
  let root: string;
  let ctx: ExperimentContext;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fig5-"));
    ctx = makeContext("t", "ci", 2026, new Cache(join(root, "cache")), null);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs every Fig. 5 panel through the runner and writes results and figures", async () => {
    const block = (id: string) =>
      `  s000/${id}: { params: { startDay: 0, strategies: [RBEMS, "No storage"] }, ci: { startDay: 152 } }`;
    const yaml = `version: 1
defaults: { profile: ci, seed: 2026 }
profiles: { ci: { days: 14 }, quick: { days: 365 }, paper: { days: 365 } }
experiments:
${["fig5a", "fig5b", "fig5c", "fig5d", "fig5savings"].map(block).join("\n")}
`;
    const cfg = parseExperimentsYaml(yaml, "experiments.yaml", defaultRegistry(), undefined, paperWorlds());
    const s = await runExperiments(cfg, {
      resultsDir: join(root, "res"),
      cache: new Cache(join(root, "cache")),
      png: false,
      log: null,
    });
    expect(s.results.map((r) => [r.id, r.status])).toEqual([
      ["s000/fig5a", "ok"],
      ["s000/fig5b", "ok"],
      ["s000/fig5c", "ok"],
      ["s000/fig5d", "ok"],
      ["s000/fig5savings", "ok"],
    ]);
    for (const name of ["fig5a", "fig5savings"])
      expect(existsSync(join(root, "res", "ci", "s000", name, "figure.html"))).toBe(true);
  });

  it("fig5a: annualised operating cost equals an independent sum over the flows (June run: one month)", async () => {
    const out = await fig5a.run(ctx, fig5a.params.parse(CI) as never);
    const rows = out.values.strategies as EconRow[];
    for (const r of rows) {
      const f = await runCityStrategy(ctx, r.strategy as "RBEMS", H);
      expect(r.operatingCostMusd).toBeCloseTo((directOperatingCostUsd(f, 30) * A) / 1e6, 3);
      expect(r.operatingCostMusd).toBeCloseTo(
        r.gridPurchaseMusd +
          r.batteryDegradationMusd +
          r.peakDemandChargeMusd +
          r.p2pFeesMusd -
          r.exportRevenueMusd,
        3,
      );
    }
    expect(out.claims?.["s000.fig5a.cost.RBEMS"]).toBe(
      rows.find((r) => r.strategy === "RBEMS")!.operatingCostMusd,
    );
    const ledger = buildLedger(["s000/fig5a"], out.claims ?? {});
    expect(ledger.map((r) => r.paper)).toEqual([39.2, 26.7, 31.8]);
    expect(ledger.find((r) => r.subject === "MADRL-MOO")!.verdict).toBe("not run");
    const fig = fig5a.figure(out, ledger, fig5a.params.parse(CI) as never);
    const [, paper] = fig.data as { x: string[]; y: (number | null)[] }[];
    expect(paper.x.slice(0, 5)).toEqual(["RBEMS", "BT-Only", "MPC", "GA-EMS", "MADRL-MOO"]);
    expect(paper.y.slice(0, 5)).toEqual([39.2, null, null, null, 26.7]);
  });

  it("changing the strategy input: adding the battery brings a degradation cost (physical direction)", async () => {
    const out = await fig5a.run(ctx, fig5a.params.parse(CI) as never);
    const rows = out.values.strategies as EconRow[];
    const rb = rows.find((r) => r.strategy === "RBEMS")!;
    const ns = rows.find((r) => r.strategy === "No storage")!;
    expect(ns.batteryDegradationMusd).toBe(0);
    expect(rb.batteryDegradationMusd).toBeGreaterThan(0);
    expect(rb.demandGwh).toBe(ns.demandGwh);
  });

  it("fig5b-d: revenue, purchases and peak charges per strategy with the paper's bars and best benchmark", async () => {
    const b = await fig5b.run(ctx, fig5b.params.parse(CI) as never);
    const c = await fig5c.run(ctx, fig5c.params.parse(CI) as never);
    const d = await fig5d.run(ctx, fig5d.params.parse(CI) as never);
    const rb = (o: typeof b) => (o.values.strategies as EconRow[]).find((r) => r.strategy === "RBEMS")!;
    // Best benchmark = the highest revenue among the paper's benchmarks we ran ("No storage" is not one).
    const bench = (b.values.strategies as EconRow[]).filter((r) =>
      ["RBEMS", "BT-Only", "MPC", "GA-EMS"].includes(r.strategy),
    );
    expect((b.values.bestBenchmark as { value: number }).value).toBe(
      Math.max(...bench.map((r) => r.tradingRevenueMusd)),
    );
    expect(rb(b).tradingRevenueMusd).toBeGreaterThanOrEqual(0);
    const cb = (c.values.strategies as EconRow[]).filter((r) =>
      ["RBEMS", "BT-Only", "MPC", "GA-EMS"].includes(r.strategy),
    );
    expect(c.claims?.["s000.fig5c.gridPurchase.bestBenchmark"]).toBe(
      Math.min(...cb.map((r) => r.gridPurchaseGwh)),
    );
    const f = await runCityStrategy(ctx, "RBEMS", H);
    let bought = 0;
    for (let t = 0; t < f.windMwh.length; t++) bought += f.gridImportMwh[t] + f.gridToBatteryMwh[t];
    expect(rb(c).gridPurchaseGwh).toBeCloseTo((bought * A) / 1000, 3);
    const dl = buildLedger(["s000/fig5d"], d.claims ?? {});
    // five peak charges, the reduction (%), and the order of the five (ledger v2: paper = its subject count)
    expect(dl.map((r) => r.paper)).toEqual([8.5, 7.4, 6.8, 6.3, 4.9, 29.4, 5]);
    const order = dl.find((r) => r.id === "s000.fig5d.order")!;
    expect(order.kind).toBe("order");
    expect(order.paperText).toBe("MADRL-MOO < GA-EMS < MPC < BT-Only < RBEMS");
    expect(order.verdict).toBe("not run"); // only RBEMS and No storage ran
    const fig = fig5c.figure(c, buildLedger(["s000/fig5c"], c.claims ?? {}), fig5c.params.parse(CI) as never);
    const [ours, paper] = fig.data as { x: string[]; y: (number | null)[] }[];
    expect(paper.x[paper.x.length - 1]).toBe("best benchmark");
    expect(paper.y[paper.y.length - 1]).toBe(266);
    expect(ours.y[ours.y.length - 1]).toBe(c.claims?.["s000.fig5c.gridPurchase.bestBenchmark"]);
  });

  it("fig5savings: savings vs RBEMS are cost differences; payback scales with capex and needs positive savings", async () => {
    const p = fig5savings.params.parse(CI) as never;
    const out = await fig5savings.run(ctx, p);
    const rows = out.values.strategies as {
      strategy: string;
      operatingCostMusd: number;
      savingsMusd: number;
    }[];
    const rb = rows.find((r) => r.strategy === "RBEMS")!;
    const ns = rows.find((r) => r.strategy === "No storage")!;
    expect(rb.savingsMusd).toBe(0);
    expect(ns.savingsMusd).toBeCloseTo(rb.operatingCostMusd - ns.operatingCostMusd, 6);
    expect(out.values.batterySavingsMusd).toBeCloseTo(-(ns.savingsMusd as number), 6);
    expect(out.values.frameworkCapexMusd).toBeCloseTo(
      DEFAULT_CAPEX.filter((c) => c.framework).reduce((s, c) => s + (c.usd ?? 0), 0) / 1e6,
      6,
    );
    expect(out.claims).toEqual({ "s000.fig5savings.savings": null, "s000.fig5savings.payback": null }); // no MADRL-MOO here
    expect(simplePaybackYears(52e6, 12.4e6)).toBeCloseTo(4.19, 2);
    expect(simplePaybackYears(104e6, 12.4e6)).toBeCloseTo(2 * 4.194, 2);
    expect(simplePaybackYears(52e6, 0)).toBeNull();
    expect(simplePaybackYears(52e6, -1)).toBeNull();
    // Doubling every capex item doubles the framework investment.
    const doubled = await fig5savings.run(
      ctx,
      fig5savings.params.parse({
        ...CI,
        capex: DEFAULT_CAPEX.map((c) =>
          c.usd === undefined
            ? { ...c, usdPerBatteryKwh: 2 * (c.usdPerBatteryKwh ?? 0) }
            : { ...c, usd: 2 * c.usd },
        ),
      }) as never,
    );
    expect(doubled.values.frameworkCapexMusd).toBeCloseTo(2 * (out.values.frameworkCapexMusd as number), 6);
    const fig = fig5savings.figure(out, buildLedger(["s000/fig5savings"], out.claims ?? {}), p);
    expect(fig.data).toHaveLength(2);
  });
  it("headline: peak-to-valley is (max - min) / max per day, averaged over days with import", () => {
    // Three days of 4 steps (stepH 6 h): 100 -> 50 gives 50 %; flat 80 gives 0 %; no import is skipped.
    const p = Float64Array.from([100, 50, 75, 60, 80, 80, 80, 80, 0, 0, 0, 0]);
    expect(peakToValleyPct(p, 6)).toBeCloseTo(25, 12);
    expect(peakToValleyPct(new Float64Array(8), 6)).toBeNaN();
  });

  it("headline: every strategy's headline KPIs; the proposed method's claims stay null until it runs", async () => {
    const p = headline.params.parse(CI) as never;
    const out = await headline.run(ctx, p);
    const rows = out.values.strategies as {
      strategy: string;
      utilisationPct: number;
      peakToValleyPct: number;
    }[];
    expect(rows.map((r) => r.strategy)).toEqual(["RBEMS", "No storage"]);
    for (const r of rows) {
      expect(r.utilisationPct).toBeGreaterThan(0);
      expect(r.utilisationPct).toBeLessThanOrEqual(100);
      expect(r.peakToValleyPct).toBeGreaterThanOrEqual(0);
    }
    const ledger = buildLedger(qualifiedPanels(headline.id, headline.panels), out.claims ?? {});
    expect(ledger).toHaveLength(10);
    expect(ledger.every((r) => r.verdict === "not run")).toBe(true); // MADRL-MOO not among these strategies
    const fig = headline.figure(out, ledger, p);
    expect((fig.data[1] as { y: number[] }).y.slice(0, 3)).toEqual([31.8, 42.6, 27.4]);
  });
});
