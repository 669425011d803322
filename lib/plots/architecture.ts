import { type ImportEdge, PAPER_ROOMS } from "../core/layers";
import type { PlotlyFigure } from "./figure";

/**
 * The rows of the drawing, bottom to top: the LAYERS rows, with the `papers` row opened into one row
 * per paper room (`papers/<id>/world` below `papers/<id>/env` ...) and, above them, the papers'
 * index files (`papers/<id>`) beside the registry (`papers`). A unit that no edge mentions (a row
 * reserved for a later paper's engine, e.g. `thermal`) is left out, and so is a row left empty.
 */
export function architectureRows(
  layers: readonly (readonly string[])[],
  edges: readonly ImportEdge[],
  rooms: readonly string[] = PAPER_ROOMS,
): string[][] {
  const seen = new Set(edges.flatMap((e) => [e.from, e.to]));
  const papers = [
    ...new Set([...seen].filter((u) => u.startsWith("papers/")).map((u) => u.split("/")[1])),
  ].sort();
  const rows: string[][] = [];
  for (const row of layers) {
    if (!row.includes("papers")) {
      rows.push(row.filter((u) => seen.has(u)));
      continue;
    }
    for (const room of rooms) rows.push(papers.map((p) => `papers/${p}/${room}`).filter((u) => seen.has(u)));
    rows.push([...papers.map((p) => `papers/${p}`), ...row].filter((u) => seen.has(u)));
  }
  return rows.filter((r) => r.length > 0);
}

const ZIGZAG = [0, 0.16, -0.12, 0.08, -0.18, 0.12, -0.06];

/**
 * The library's layered architecture drawn from its real import graph: one row per layer (bottom =
 * core), one node per folder (inside `papers/`, per paper room, see architectureRows), one line per
 * unit-to-unit dependency (width ~ number of imports). Used by the overview notebook in place of a
 * pasted picture (seed 000, Figures 1-3).
 */
export function architectureFigure(
  layers: readonly (readonly string[])[],
  edges: readonly ImportEdge[],
  descriptions: Readonly<Record<string, string>> = {},
  rooms: readonly string[] = PAPER_ROOMS,
): PlotlyFigure {
  const rows = architectureRows(layers, edges, rooms);
  const pos = new Map<string, { x: number; y: number }>();
  rows.forEach((row, y) => {
    // a row of one node zigzags around the centre, so a line between two rows does not run through the nodes between them
    const shift = row.length === 1 ? ZIGZAG[y % ZIGZAG.length] : 0;
    row.forEach((name, i) => {
      pos.set(name, { x: (i + 1) / (row.length + 1) + shift, y });
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
  const label = (n: string) => (n === "papers" ? "papers (registry)" : n);
  // a row of paper rooms is labelled by its room ("paper room: world"), the others by their units
  const rowLabel = (row: readonly string[]) =>
    row.every((n) => n.split("/").length === 3)
      ? `paper room: ${row[0].split("/")[2]}`
      : row.map(label).join(" · ");
  return {
    data: [
      ...edgeTraces,
      {
        type: "scatter",
        mode: "markers+text",
        x: names.map((n) => pos.get(n)!.x),
        y: names.map((n) => pos.get(n)!.y),
        text: names.map(label),
        textposition: "top center",
        hovertext: names.map((n) => (descriptions[n] ? `${n}: ${descriptions[n]}` : n)),
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
      title: {
        text: "Library layers and their real import graph (bottom to top; nothing imports upward, no paper imports another)",
      },
      xaxis: { visible: false, range: [0, 1] },
      yaxis: {
        tickvals: rows.map((_, i) => i),
        ticktext: rows.map(rowLabel),
        range: [-0.6, rows.length - 0.3],
      },
      margin: { l: 230, r: 20, t: 60, b: 20 },
      height: 760,
    },
  };
}
