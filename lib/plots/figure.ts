import { readFileSync } from "node:fs";

/**
 * A Plotly figure as plain data (https://plotly.com/javascript/reference/): what every plot function
 * in lib/plots returns. Pure data, so it can be cached, diffed, tested and rendered anywhere.
 */
export interface PlotlyFigure {
  readonly data: readonly Record<string, unknown>[];
  readonly layout: Record<string, unknown>;
  readonly config?: Record<string, unknown>;
}

/** The house colours: ours vs the paper, and one colour per strategy. */
export const COLORS = {
  ours: "#1f77b4",
  paper: "#b0b0b0",
  strategies: {
    "MADRL-MOO": "#d62728",
    "GA-EMS": "#9467bd",
    MPC: "#2ca02c",
    "BT-Only": "#ff7f0e",
    RBEMS: "#1f77b4",
    "No storage": "#7f7f7f",
  } as Record<string, string>,
} as const;

let plotlySource: string | undefined;

/** The minified plotly.js bundle (plotly.js-dist-min), read once. */
export function plotlyJs(): string {
  if (plotlySource === undefined) plotlySource = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
  return plotlySource;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** JSON safe to embed inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c");
}

/**
 * A self-contained HTML page (plotly.js inlined, no network) showing the figure, with optional
 * Markdown-free notes below it. The div has id "figure" and gets data-rendered="1" once drawn.
 */
export function figureHtml(fig: PlotlyFigure, opts: { title: string; notes?: string }): string {
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(opts.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1100px}#figure{width:100%;height:560px}pre{white-space:pre-wrap;font-size:.85em;color:#333}</style>
<script>${plotlyJs()}</script></head>
<body><h2>${escapeHtml(opts.title)}</h2><div id="figure"></div>
${opts.notes ? `<pre>${escapeHtml(opts.notes)}</pre>` : ""}
<script>
const fig = ${scriptJson(fig)};
Plotly.newPlot("figure", fig.data, fig.layout, ${scriptJson(config)}).then(function(){document.getElementById("figure").setAttribute("data-rendered","1");});
</script></body></html>
`;
}

/**
 * HTML for a notebook cell: a div and a script that draws into it. Plotly must be loaded once in the
 * page (see `plotlyLoaderHtml`), so notebooks stay small.
 */
export function figureCellHtml(fig: PlotlyFigure, divId: string): string {
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  return `<div id="${divId}" style="width:100%;height:520px"></div>
<script>(function(){var f=${scriptJson(fig)};function draw(){Plotly.newPlot("${divId}",f.data,f.layout,${scriptJson(config)});}
if(window.Plotly){draw();}else{var t=setInterval(function(){if(window.Plotly){clearInterval(t);draw();}},50);}})();</script>`;
}

/** A script element that defines window.Plotly (the whole bundle, once per notebook). */
export function plotlyLoaderHtml(): string {
  return `<script type="text/javascript">if(!window.Plotly){${plotlyJs()}}</script>`;
}
