import * as lib from "../../lib/index";
import { OBSERVATION_SIZE } from "../../lib/papers/s000/env/agents";
import { CityEnv } from "../../lib/papers/s000/env/cityEnv";
import { runRulePolicyEpisode } from "../../lib/papers/s000/env/runEpisode";
import { controlAgents, OPERATIONAL_FLOW } from "../../lib/papers/s000/experiments/overview";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../lib/papers/s000/world/cityConfig";
import { generateScenario } from "../../lib/papers/s000/world/scenario";
import { energySankeyFigure, layeredControlFigure, operationalFlowFigure } from "../../lib/plots/overview";

describe("overview figures (seed 000 Figs. 2-3) from the library's own data", () => {
  it("the Sankey of a real day balances: generation out = routed, load in = served demand", () => {
    const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 170), 3);
    const f = runRulePolicyEpisode(new CityEnv(sc), 3).flows;
    const fig = energySankeyFigure(f);
    const link = (fig.data[0] as { link: { source: number[]; target: number[]; value: number[] } }).link;
    const sum = (pred: (s: number, t: number) => boolean) =>
      link.value.reduce((acc, v, i) => (pred(link.source[i], link.target[i]) ? acc + v : acc), 0);
    const total = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    expect(sum((s) => s === 0)).toBeCloseTo(total(f.windMwh) + total(f.pvMwh), 6);
    expect(sum((_, t) => t === 7)).toBeCloseTo(total(f.demandServedMwh), 6);
    expect(link.value.every((v) => v > 0)).toBe(true);
  });

  it("every stage of the operational flow names functions the library exports", () => {
    expect(OPERATIONAL_FLOW.length).toBeGreaterThanOrEqual(8);
    for (const s of OPERATIONAL_FLOW) {
      expect(s.implementedBy.length).toBeGreaterThan(0);
      // an engine's function is exported flat, a seed-000 one from the paper's namespace
      for (const fn of s.implementedBy)
        expect(
          typeof ((lib as Record<string, unknown>)[fn] ?? (lib.s000 as Record<string, unknown>)[fn]),
        ).toBe("function");
    }
    const fig = operationalFlowFigure(OPERATIONAL_FLOW);
    expect((fig.data[0] as { x: number[] }).x).toHaveLength(OPERATIONAL_FLOW.length);
  });

  it("the layered control shows the env's real observation sizes", () => {
    const agents = controlAgents(38_835);
    expect(agents.find((a) => a.id === "consumer")?.observation).toBe(String(OBSERVATION_SIZE.consumer));
    const fig = layeredControlFigure(agents, [
      { name: "residential", count: 25_000 },
      { name: "prosumer", count: 12_500 },
    ]);
    const nodes = fig.data.filter((d) => (d as { mode: string }).mode === "markers+text");
    expect(nodes).toHaveLength(2);
  });
});
