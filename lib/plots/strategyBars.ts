import { COLORS, type PlotlyFigure } from "./figure";

export interface StrategyValue {
  readonly strategy: string;
  /** Our value, or null when this strategy has not been run. */
  readonly ours: number | null;
  /** The paper's value, or null when the paper gives none (e.g. our own reference runs). */
  readonly paper: number | null;
}

/**
 * Grouped bars, one group per strategy: our value beside the paper's. Strategies we have not run show
 * only the paper's bar and an annotation saying so; reference runs the paper does not have show only ours.
 */
export function strategyBarsFigure(
  rows: readonly StrategyValue[],
  opts: { title: string; yTitle: string; unit: string; yRange?: [number, number] },
): PlotlyFigure {
  const x = rows.map((r) => r.strategy);
  const text = (v: number | null) => (v === null ? "" : `${v.toFixed(1)}${opts.unit}`);
  return {
    data: [
      {
        type: "bar",
        name: "ours",
        x,
        y: rows.map((r) => r.ours),
        text: rows.map((r) => text(r.ours)),
        textposition: "outside",
        marker: { color: COLORS.ours },
      },
      {
        type: "bar",
        name: "paper",
        x,
        y: rows.map((r) => r.paper),
        text: rows.map((r) => text(r.paper)),
        textposition: "outside",
        marker: { color: COLORS.paper },
      },
    ],
    layout: {
      title: { text: opts.title },
      barmode: "group",
      yaxis: { title: { text: opts.yTitle }, ...(opts.yRange ? { range: opts.yRange } : {}) },
      xaxis: { title: { text: "strategy" } },
      legend: { orientation: "h", y: -0.2 },
      annotations: notRunAnnotations(x, rows, "not run yet", 11),
      margin: { t: 60, b: 90 },
    },
  };
}

/** A red label at the foot of every bar category whose row has no value of ours ("not run"). */
export function notRunAnnotations(
  x: readonly string[],
  rows: readonly { ours: number | null }[],
  text = "not run",
  size = 10,
): Record<string, unknown>[] {
  return rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.ours === null)
    .map(({ i }) => ({
      x: x[i],
      y: 0,
      yanchor: "bottom",
      text,
      showarrow: false,
      font: { size, color: "#a00" },
    }));
}
