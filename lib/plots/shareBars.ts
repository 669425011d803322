import type { PlotlyFigure } from "./figure";

export interface ShareRow {
  /** Row label, e.g. "RBEMS (ours, week)" or "MADRL-MOO (paper)". */
  readonly label: string;
  /** Share per category in %, in the order of `categories` (null: not available). */
  readonly shares: readonly (number | null)[];
}

/** Horizontal 100 % stacked bars: one bar per row, one colour per category (e.g. the Fig. 4(d) flow split). */
export function shareBarsFigure(
  categories: readonly string[],
  rows: readonly ShareRow[],
  opts: { title: string; xTitle: string; colors?: readonly string[] },
): PlotlyFigure {
  const y = rows.map((r) => r.label);
  return {
    data: categories.map((c, i) => ({
      type: "bar",
      orientation: "h",
      name: c,
      y,
      x: rows.map((r) => r.shares[i]),
      text: rows.map((r) => (r.shares[i] === null ? "" : `${(r.shares[i] as number).toFixed(1)}%`)),
      textposition: "inside",
      ...(opts.colors?.[i] ? { marker: { color: opts.colors[i] } } : {}),
    })),
    layout: {
      title: { text: opts.title },
      barmode: "stack",
      xaxis: { title: { text: opts.xTitle }, range: [0, 100] },
      yaxis: { autorange: "reversed", automargin: true },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 60, b: 90 },
    },
  };
}
