import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { makeContext } from "../../../../lib/experiments/runner";
import { fig7e, scaledCityConfig } from "../../../../lib/papers/s000/experiments/fig7scale";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { CLASS_PROSUMER } from "../../../../lib/papers/s000/world/entityClasses";
import { generateScenario } from "../../../../lib/papers/s000/world/scenario";

describe("the prosumer-scaled city (Figs. 7b, 7e)", () => {
  it("is the seed-000 city at 12,500 prosumers and grows only the prosumer class", () => {
    expect(scaledCityConfig(12_500)).toEqual(DEFAULT_CITY_CONFIG);
    const c = scaledCityConfig(2000);
    expect(c.demand.classes.prosumer.count).toBe(2000);
    expect(c.solar.rooftopCount).toBe(Math.round((2000 * 10_500) / 12_500));
    // 10,500 fewer prosumers at 3.4 MWh/yr: 35.7 GWh less than the 980 GWh target
    expect(c.demand.annualEnergyTargetGwh).toBeCloseTo(980 - 35.7, 9);
    expect(c.demand.classes.residential).toEqual(DEFAULT_CITY_CONFIG.demand.classes.residential);
    const sc = generateScenario(withHorizon(c, 1, 150), 4);
    const e = sc.entities;
    expect(e.classStart[CLASS_PROSUMER + 1] - e.classStart[CLASS_PROSUMER]).toBe(2000);
  });

  it("fig7e measures each size once (cached) and answers the paper's four claims", async () => {
    const root = mkdtempSync(join(tmpdir(), "fig7e-"));
    try {
      const ctx = makeContext("fig7e", "ci", 3, new Cache(root), null);
      const p = fig7e.params.parse({ prosumers: [1000, 3000], days: 1 }) as never;
      const a = await fig7e.run(ctx, p);
      const rows = a.values.rows as { entities: number; cpuSeconds: number; stepsPerSecond: number }[];
      expect(rows[1].entities - rows[0].entities).toBe(2000);
      expect(rows.every((r) => r.cpuSeconds > 0 && r.stepsPerSecond > 0)).toBe(true);
      const b = await fig7e.run(ctx, p);
      expect(b.values).toEqual(a.values); // a warm run shows the same measurement
      expect(Object.keys(a.claims ?? {}).sort()).toEqual([
        "s000.fig7e.cpu.2k",
        "s000.fig7e.cpu.50k",
        "s000.fig7e.memory.2k",
        "s000.fig7e.memory.50k",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
