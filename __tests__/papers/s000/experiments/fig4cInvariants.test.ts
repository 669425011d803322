import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { repoRoot } from "../../../../lib/core/paths";
import { loadExperimentsYaml } from "../../../../lib/experiments/config";
import { makeContext } from "../../../../lib/experiments/runner";
import type { ExperimentContext, ExperimentOutput } from "../../../../lib/experiments/types";
import type { CityFlows } from "../../../../lib/metrics/flows";
import { defaultRegistry, paperWorlds } from "../../../../lib/papers/registry";
import { runCityStrategy } from "../../../../lib/papers/s000/experiments/cityRuns";
import { cityOf } from "../../../../lib/papers/s000/experiments/cityWorld";
import { fig4c } from "../../../../lib/papers/s000/experiments/fig4c";
import type { CityConfig } from "../../../../lib/papers/s000/world/cityConfig";

/**
 * What Fig. 4(c) implies by construction (its former claims s000.fig4c.bound.*): at every step of
 * every strategy, wind output <= the installed wind capacity, PV output <= the installed PV capacity and
 * battery |power| <= its rating. The capacities come from the world the run used (experiments.yaml's
 * ci profile for s000/fig4c, read through cityOf), never from literals. As in fig4bcd.test.ts, two
 * rule-based strategies keep the cold runs short.
 */
const STRATEGIES = ["RBEMS", "No storage"] as const;

describe("fig4c invariants on the ci profile: the profile stays within the installed capacities", () => {
  let root: string;
  let ctx: ExperimentContext;
  let city: CityConfig;
  let params: { days: number; startDay: number; weekStartDay: number; weekDays: number };
  let out: ExperimentOutput;
  const flows: Record<string, CityFlows> = {};
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "fig4c-inv-"));
    const cfg = loadExperimentsYaml(
      join(repoRoot(), "experiments.yaml"),
      defaultRegistry(),
      "ci",
      paperWorlds(),
    );
    const resolved = cfg.experiments.find((e) => e.experiment.id === fig4c.id);
    if (!resolved) throw new Error(`${fig4c.id} is not in experiments.yaml`);
    ctx = makeContext(fig4c.id, "ci", cfg.seed, new Cache(join(root, "cache")), null, 1, resolved.world);
    city = cityOf(ctx);
    params = fig4c.params.parse({ ...resolved.params, strategies: [...STRATEGIES] }) as typeof params;
    out = await fig4c.run(ctx, params as never);
    for (const s of STRATEGIES)
      flows[s] = await runCityStrategy(ctx, s, { days: params.days, startDay: params.startDay });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const caps = () => ({
    windMw: city.wind.turbineCount * city.wind.turbineRatedMw,
    pvMw: city.solar.totalMwp,
    chargeMw: city.battery.maxChargeMw,
    dischargeMw: city.battery.maxDischargeMw,
  });
  /** The steps where `x` exceeds `cap` (a relative slack of 1e-9 for rounding). */
  const over = (x: ArrayLike<number>, cap: number, scale = 1) => {
    const bad: number[] = [];
    for (let t = 0; t < x.length; t++) if (x[t] * scale > cap * (1 + 1e-9)) bad.push(t);
    return bad;
  };

  it("uses the ci profile's horizon and a world with real capacities", () => {
    expect(params.days).toBe(14);
    expect(flows.RBEMS.windMwh.length).toBe(params.days * Math.round(24 / flows.RBEMS.stepH));
    const c = caps();
    for (const v of Object.values(c)) expect(v).toBeGreaterThan(0);
  });

  it.each(STRATEGIES)("%s: wind <= wind capacity, PV <= PV capacity at every simulated step", (s) => {
    const f = flows[s];
    const c = caps();
    expect(over(f.windMwh, c.windMw, 1 / f.stepH)).toEqual([]);
    expect(over(f.pvMwh, c.pvMw, 1 / f.stepH)).toEqual([]);
  });

  it.each(STRATEGIES)(
    "%s: battery charge <= charge rating, discharge <= discharge rating, |net| <= rating",
    (s) => {
      const f = flows[s];
      const c = caps();
      expect(over(f.batteryChargeMwh, c.chargeMw, 1 / f.stepH)).toEqual([]);
      expect(over(f.batteryDischargeMwh, c.dischargeMw, 1 / f.stepH)).toEqual([]);
      const net = Float64Array.from(
        f.batteryDischargeMwh,
        (d, t) => Math.abs(d - f.batteryChargeMwh[t]) / f.stepH,
      );
      expect(over(net, Math.max(c.chargeMw, c.dischargeMw))).toEqual([]);
    },
  );

  it("the fig4c week tables (what the figure draws) respect the same capacities at every step", () => {
    const c = caps();
    const tables = out.tables ?? [];
    expect(tables.map((t) => t.name).sort()).toEqual(["week-no-storage", "week-rbems"]);
    for (const t of tables) {
      expect(t.columns.windMw.length).toBe(params.weekDays * 96);
      expect(over(t.columns.windMw, c.windMw)).toEqual([]);
      expect(over(t.columns.pvMw, c.pvMw)).toEqual([]);
      const abs = Float64Array.from(t.columns.batteryMw, Math.abs);
      expect(over(abs, Math.max(c.chargeMw, c.dischargeMw))).toEqual([]);
    }
    // the week is a real one: generation reaches a sizeable share of capacity, the battery works under RBEMS
    const rb = tables.find((t) => t.name === "week-rbems")!;
    expect(Math.max(...Array.from(rb.columns.windMw))).toBeGreaterThan(0.5 * c.windMw);
    expect(Math.max(...Array.from(rb.columns.pvMw))).toBeGreaterThan(0.3 * c.pvMw);
    expect(Math.max(...Array.from(rb.columns.batteryMw, Math.abs))).toBeGreaterThan(0);
  });
});
