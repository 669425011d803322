import type { ImportEdge } from "../core/layers";
import type { PlotlyFigure } from "./figure";

/**
 * The library's layered architecture drawn from its real import graph: one row per layer (bottom =
 * core), one node per folder, one line per folder-to-folder dependency (width ~ number of imports).
 * Used by the overview notebook in place of a pasted picture (seed 000, Figures 1-3).
 */
export function architectureFigure(
  layers: readonly (readonly string[])[],
  edges: readonly ImportEdge[],
  descriptions: Readonly<Record<string, string>> = {},
): PlotlyFigure {
  const pos = new Map<string, { x: number; y: number }>();
  layers.forEach((row, y) => {
    row.forEach((name, i) => {
      pos.set(name, { x: (i + 1) / (row.length + 1), y });
    });
  });
  const counts = new Map<string, number>();
  for (const e of edges) {
    if (!pos.has(e.from) || !pos.has(e.to)) continue;
    const k = `${e.from}>${e.to}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const edgeTraces = [...counts.entries()].map(([k, n]) => {
    const [a, b] = k.split(">");
    const pa = pos.get(a)!;
    const pb = pos.get(b)!;
    return {
      type: "scatter",
      mode: "lines",
      x: [pa.x, pb.x],
      y: [pa.y, pb.y],
      line: { width: Math.min(6, 0.8 + Math.log2(1 + n)), color: "rgba(80,80,160,0.35)" },
      hoverinfo: "text",
      text: `${a} imports ${b} (${n} import${n > 1 ? "s" : ""})`,
      showlegend: false,
    };
  });
  const names = [...pos.keys()];
  return {
    data: [
      ...edgeTraces,
      {
        type: "scatter",
        mode: "markers+text",
        x: names.map((n) => pos.get(n)!.x),
        y: names.map((n) => pos.get(n)!.y),
        text: names,
        textposition: "top center",
        hovertext: names.map((n) => descriptions[n] ?? n),
        hoverinfo: "text",
        marker: {
          size: 22,
          color: names.map((n) => pos.get(n)!.y),
          colorscale: "Viridis",
          line: { width: 1, color: "#333" },
        },
        showlegend: false,
      },
    ],
    layout: {
      title: { text: "Library layers and their real import graph (bottom to top; nothing imports upward)" },
      xaxis: { visible: false, range: [0, 1] },
      yaxis: {
        tickvals: layers.map((_, i) => i),
        ticktext: layers.map((r) => r.join(" · ")),
        range: [-0.6, layers.length - 0.3],
      },
      margin: { l: 200, r: 20, t: 60, b: 20 },
      height: 620,
    },
  };
}
