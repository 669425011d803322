import type { PlotlyFigure } from "./figure";

export interface ProfileSeries {
  readonly name: string;
  readonly y: ArrayLike<number>;
  readonly color?: string;
  /** "solid" (default), "dot", "dash". */
  readonly dash?: string;
  /** Draw against the right-hand axis (e.g. a percentage beside MW). */
  readonly y2?: boolean;
  /** Fill to zero (e.g. generation areas). */
  readonly fill?: boolean;
  /** Step line ("hv") instead of linear. */
  readonly step?: boolean;
}

/**
 * Several time series on a shared x axis (e.g. day of year), MW on the left axis and optionally a
 * second quantity (e.g. utilisation in %) on the right. Pure data.
 */
export function timeProfileFigure(
  x: ArrayLike<number>,
  series: readonly ProfileSeries[],
  opts: { title: string; xTitle: string; yTitle: string; y2Title?: string; y2Range?: [number, number] },
): PlotlyFigure {
  const xs = Array.from(x);
  return {
    data: series.map((s) => ({
      type: "scatter",
      mode: "lines",
      name: s.name,
      x: xs,
      y: Array.from(s.y),
      line: {
        width: 1.5,
        ...(s.color ? { color: s.color } : {}),
        ...(s.dash ? { dash: s.dash } : {}),
        ...(s.step ? { shape: "hv" } : {}),
      },
      ...(s.fill ? { fill: "tozeroy" } : {}),
      ...(s.y2 ? { yaxis: "y2" } : {}),
    })),
    layout: {
      title: { text: opts.title },
      xaxis: { title: { text: opts.xTitle } },
      yaxis: { title: { text: opts.yTitle } },
      ...(opts.y2Title
        ? {
            yaxis2: {
              title: { text: opts.y2Title },
              overlaying: "y",
              side: "right",
              ...(opts.y2Range ? { range: opts.y2Range } : {}),
            },
          }
        : {}),
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 60, b: 90 },
    },
  };
}
