import { resolve } from "node:path";
import { LAYERS, layerViolations, scanImports } from "../../lib/core/layers";

describe("the dependency rule", () => {
  const edges = scanImports(resolve(__dirname, "../../lib"));

  it("finds the imports it checks (the scan is not vacuous)", () => {
    expect(edges.some((e) => e.from === "experiments" && e.to === "core")).toBe(true);
  });

  it("every library folder is in a row", () => {
    const folders = new Set(edges.flatMap((e) => [e.from, e.to]).filter((f) => f !== "index"));
    const known = new Set(LAYERS.flat());
    expect([...folders].filter((f) => !known.has(f))).toEqual([]);
  });

  it("no module imports from its own row or a row above", () => {
    const bad = layerViolations(edges).map((e) => `${e.file} imports ${e.specifier} (${e.from} -> ${e.to})`);
    expect(bad).toEqual([]);
  });

  it("flags an upward import", () => {
    expect(
      layerViolations([{ from: "sim", to: "control", file: "sim/x.ts", specifier: "../control" }]),
    ).toHaveLength(1);
    expect(
      layerViolations([{ from: "city", to: "grid", file: "city/x.ts", specifier: "../grid" }]),
    ).toHaveLength(1);
    expect(
      layerViolations([{ from: "control", to: "sim", file: "control/x.ts", specifier: "../sim" }]),
    ).toHaveLength(0);
  });
});
