import { type ImportEdge, LAYERS, scanImports } from "../../lib/core/layers";
import { architectureFigure, architectureRows } from "../../lib/plots/architecture";

const edge = (from: string, to: string): ImportEdge => ({
  from,
  to,
  file: `${from}/x.ts`,
  specifier: "../x",
});

describe("architecture figure (the overview notebook's import graph)", () => {
  it("opens the papers row into the paper rooms (bottom to top), puts the index beside the registry, drops units without imports", () => {
    const edges = [
      edge("market", "core"),
      edge("papers/s000/env", "papers/s000/world"),
      edge("papers/s000/agents", "papers/s000/env"),
      edge("papers/s000/experiments", "papers/s000/agents"),
      edge("papers/s000", "papers/s000/experiments"),
      edge("papers", "papers/s000/experiments"),
      edge("cli", "papers"),
    ];
    expect(architectureRows(LAYERS, edges)).toEqual([
      ["core"],
      ["market"],
      ["papers/s000/world"],
      ["papers/s000/env"],
      ["papers/s000/agents"],
      ["papers/s000/experiments"],
      ["papers/s000", "papers"],
      ["cli"],
    ]);
  });

  it("draws every unit of the real tree and no edge twice", () => {
    const edges = scanImports();
    const fig = architectureFigure(LAYERS, edges);
    const nodes = fig.data[fig.data.length - 1] as { text: string[] };
    expect(nodes.text).toContain("papers/s000/world");
    expect(nodes.text).toContain("papers (registry)");
    const lines = fig.data.slice(0, -1).map((t) => (t as { text: string }).text.split(" (")[0]);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines).toContain("papers/s000/env imports papers/s000/world");
  });
});
