import { resolve } from "node:path";
import { LAYERS, layerOf, layerViolations, scanImports, unitOf, violationOf } from "../../lib/core/layers";

describe("the dependency rule", () => {
  const edges = scanImports(resolve(__dirname, "../../lib"));

  it("finds the imports it checks (the scan is not vacuous)", () => {
    expect(edges.some((e) => e.from === "experiments" && e.to === "core")).toBe(true);
  });

  it("every library folder is in a row", () => {
    const folders = new Set(edges.flatMap((e) => [e.from, e.to]).filter((f) => f !== "index"));
    expect(LAYERS.flat()).toContain("papers");
    expect([...folders].filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it("no module imports from its own row or a row above", () => {
    const bad = layerViolations(edges).map(
      (e) => `${e.file} imports ${e.specifier} (${e.from} -> ${e.to}: ${violationOf(e)})`,
    );
    expect(bad).toEqual([]);
  });

  const edge = (from: string, to: string) => ({ from, to, file: `${from}/x.ts`, specifier: `../${to}` });

  it("flags an upward or sideways import between engines", () => {
    expect(layerViolations([edge("grid", "control")])).toHaveLength(1);
    expect(layerViolations([edge("grid", "market")])).toHaveLength(1);
    expect(layerViolations([edge("control", "grid")])).toHaveLength(0);
  });

  it("fails a fixture where an engine imports a paper", () => {
    const bad = edge("control", "papers/s000/env");
    expect(violationOf(bad)).toBe("an engine imports a paper");
    expect(layerViolations([bad, edge("market", "papers/s000/world")])).toHaveLength(2);
  });

  it("fails a fixture where one paper imports another", () => {
    expect(violationOf(edge("papers/s001/env", "papers/s000/world"))).toMatch(
      /paper s001 imports paper s000/,
    );
    expect(violationOf(edge("papers/s000/experiments", "papers"))).toMatch(/registry/);
    expect(violationOf(edge("papers", "papers/s001/experiments"))).toBeUndefined();
  });

  it("orders a paper's rooms: world < env < agents < experiments", () => {
    expect(violationOf(edge("papers/s000/world", "papers/s000/env"))).toMatch(/room world imports room env/);
    expect(violationOf(edge("papers/s000/agents", "papers/s000/env"))).toBeUndefined();
    expect(violationOf(edge("papers/s000/experiments", "papers/s000/world"))).toBeUndefined();
    expect(violationOf(edge("papers/s000", "papers/s000/agents"))).toBeUndefined();
    expect(violationOf(edge("papers/s000/env", "papers/s000/stuff"))).toMatch(/unknown paper room/);
  });

  it("reads file units from paths", () => {
    expect(unitOf("papers/s000/world/scenario.ts")).toBe("papers/s000/world");
    expect(unitOf("papers/s000/index.ts")).toBe("papers/s000");
    expect(unitOf("papers/registry.ts")).toBe("papers");
    expect(unitOf("market/doubleAuction.js")).toBe("market");
    expect(unitOf("index.ts")).toBe("index");
  });

  it("a real paper file sits in a paper room, and the scan sees paper-to-engine imports", () => {
    expect(edges.some((e) => e.from === "papers/s000/env" && e.to === "market")).toBe(true);
    expect(edges.some((e) => e.from === "papers/s000/experiments" && e.to === "papers/s000/world")).toBe(
      true,
    );
  });
});
