import { STEPS_PER_DAY } from "../core/time";
import type { ForecastEvaluation, MethodErrors } from "./evaluate";

/**
 * Tables and figures of the forecasting layer as plain data (Plotly figure objects: { data, layout }), so the
 * experiment, the notebook and tests share one definition. (This layer sits below lib/plots: no import.)
 */
export interface ForecasterReportRow {
  readonly name: string;
  readonly architecture: string;
  readonly unit: string;
  readonly evaluation: ForecastEvaluation;
  readonly epochsRun: number;
  readonly bestEpoch: number;
}

export interface ForecastTrace {
  readonly name: string;
  readonly unit: string;
  readonly columns: Readonly<Record<string, ArrayLike<number>>>;
  /** Steps a day of the columns, for the hour axis (default 96: 15-min steps). */
  readonly stepsPerDay?: number;
}

const METHOD_LABEL: Record<MethodErrors["method"], string> = {
  model: "model",
  persistence: "persistence",
  "seasonal-naive-day": "seasonal naive (yesterday)",
  "seasonal-naive-week": "seasonal naive (last week)",
};

const f = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined || Number.isNaN(x) ? "-" : x.toFixed(d);

/** The headline table: one line per forecaster (model errors, coverage, skill against each baseline). */
export function forecastSkillMarkdown(rows: readonly ForecasterReportRow[]): string {
  const head =
    "| forecaster | model | MAE | RMSE | nMAE % (basis) | MAPE % | pinball | P10-P90 coverage | skill vs persistence | vs yesterday | vs last week | epochs (best) |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  const lines = rows.map((r) => {
    const m = r.evaluation.methods.find((x) => x.method === "model") as MethodErrors;
    return `| ${r.name} | ${r.architecture} | ${f(m.mae)} ${r.unit} | ${f(m.rmse)} | ${f(m.nmaePct)} (${r.evaluation.normalisedBy}) | ${f(m.mapePct, 1)} | ${f(m.pinball, 3)} | ${f(m.coverage80)} | ${f(r.evaluation.skillVsPersistence, 3)} | ${f(r.evaluation.skillVsSeasonalDay, 3)} | ${f(r.evaluation.skillVsSeasonalWeek, 3)} | ${r.epochsRun} (${r.bestEpoch + 1}) |`;
  });
  return [head, ...lines].join("\n");
}

/** Every method (the model and the three baselines) per forecaster: the error table against the baselines. */
export function forecastErrorsMarkdown(rows: readonly ForecasterReportRow[]): string {
  const head =
    "| forecaster | method | MAE | RMSE | nMAE % | MAPE % | pinball | coverage |\n|---|---|---:|---:|---:|---:|---:|---:|";
  const lines = rows.flatMap((r) =>
    r.evaluation.methods.map(
      (m) =>
        `| ${r.name} | ${METHOD_LABEL[m.method]} | ${f(m.mae)} | ${f(m.rmse)} | ${f(m.nmaePct)} | ${f(m.mapePct, 1)} | ${f(m.pinball, 3)} | ${f(m.coverage80)} |`,
    ),
  );
  return [head, ...lines].join("\n");
}

/** Forecast vs actual of one forecaster: actual, P50, the P10-P90 band, persistence and yesterday's values. */
export function forecastTraceFigure(tr: ForecastTrace): {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
} {
  return {
    data: traceData(tr, "x", "y", true),
    layout: {
      title: { text: `${tr.name}: day-ahead forecasts issued at midnight vs actual (held-out days)` },
      xaxis: { title: { text: "hours from the first forecast" } },
      yaxis: { title: { text: tr.unit } },
      legend: { orientation: "h" },
      margin: { t: 50 },
    },
  };
}

function traceData(tr: ForecastTrace, xa: string, ya: string, legend: boolean): Record<string, unknown>[] {
  const c = tr.columns;
  const n = c.actual.length;
  const spd = tr.stepsPerDay ?? STEPS_PER_DAY;
  const x = Array.from({ length: n }, (_, i) => (i * 24) / spd);
  const arr = (a: ArrayLike<number>) => Array.from(a, (v) => Math.round(v * 1000) / 1000);
  const common = { x, xaxis: xa, yaxis: ya, type: "scatter", mode: "lines", showlegend: legend };
  return [
    {
      ...common,
      y: arr(c.p90),
      name: "P90",
      line: { width: 0, color: "#1f77b4" },
      legendgroup: "band",
      showlegend: false,
    },
    {
      ...common,
      y: arr(c.p10),
      name: "P10-P90",
      fill: "tonexty",
      fillcolor: "rgba(31,119,180,0.2)",
      line: { width: 0, color: "#1f77b4" },
      legendgroup: "band",
    },
    { ...common, y: arr(c.p50), name: "P50", line: { color: "#1f77b4", width: 1.5 }, legendgroup: "p50" },
    {
      ...common,
      y: arr(c.actual),
      name: "actual",
      line: { color: "#000", width: 1.2 },
      legendgroup: "actual",
    },
    {
      ...common,
      y: arr(c.seasonalNaive),
      name: "seasonal naive (yesterday)",
      line: { color: "#ff7f0e", width: 1, dash: "dot" },
      legendgroup: "sn",
    },
    {
      ...common,
      y: arr(c.persistence),
      name: "persistence",
      line: { color: "#7f7f7f", width: 1, dash: "dash" },
      legendgroup: "pers",
    },
  ];
}

/** Every forecaster in one grid figure (3 columns), one panel each. */
export function forecastGridFigure(traces: readonly ForecastTrace[]): {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
} {
  const cols = 3;
  const rows = Math.max(1, Math.ceil(traces.length / cols));
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    title: { text: "Seed-000 forecasters: day-ahead P50 and P10-P90 vs actual on held-out days" },
    grid: { rows, columns: cols, pattern: "independent", ygap: 0.35, xgap: 0.08 },
    legend: { orientation: "h", y: -0.12 },
    height: 260 * rows + 80,
    margin: { t: 60, b: 90 },
    annotations: [] as Record<string, unknown>[],
  };
  traces.forEach((tr, i) => {
    const ax = i === 0 ? "" : String(i + 1);
    data.push(...traceData(tr, `x${ax}`, `y${ax}`, i === 0));
    layout[`yaxis${ax}`] = { title: { text: tr.unit, font: { size: 10 } } };
    layout[`xaxis${ax}`] = { title: { text: i >= traces.length - cols ? "hours" : "", font: { size: 10 } } };
    (layout.annotations as Record<string, unknown>[]).push({
      text: `<b>${tr.name}</b>`,
      xref: `x${ax} domain`,
      yref: `y${ax} domain`,
      x: 0.5,
      y: 1.15,
      showarrow: false,
      font: { size: 11 },
    });
  });
  return { data, layout };
}

/** The forecast-vs-actual traces of a forecast-seed000 output (its `values` and `tables`), `stepsPerDay` a day. */
export function forecastTraces(
  values: Readonly<Record<string, unknown>>,
  tables: readonly { name: string; columns: Readonly<Record<string, ArrayLike<number>>> }[] = [],
  stepsPerDay = STEPS_PER_DAY,
): ForecastTrace[] {
  const fs = (values.forecasters as { name: string; unit: string }[]) ?? [];
  return fs.flatMap((f) => {
    const t = tables.find((x) => x.name === `trace-${f.name}`);
    return t ? [{ name: f.name, unit: f.unit, columns: t.columns, stepsPerDay }] : [];
  });
}

/** The report rows of a forecast-seed000 output's `values` (for the markdown tables). */
export function forecastReportRows(values: Readonly<Record<string, unknown>>): ForecasterReportRow[] {
  const fs = (values.forecasters as Record<string, unknown>[]) ?? [];
  const num = (x: unknown) => (x === null || x === undefined ? Number.NaN : (x as number));
  return fs.map((f) => ({
    name: f.name as string,
    architecture: f.architecture as string,
    unit: f.unit as string,
    epochsRun: f.epochsRun as number,
    bestEpoch: f.bestEpoch as number,
    evaluation: {
      issueTimes: f.issueTimes as number,
      points: f.points as number,
      normaliser: f.normaliser as number,
      normalisedBy: f.normalisedBy as "capacity" | "mean actual",
      methods: f.methods as ForecastEvaluation["methods"],
      skillVsPersistence: num(f.skillVsPersistence),
      skillVsSeasonalDay: num(f.skillVsSeasonalDay),
      skillVsSeasonalWeek: num(f.skillVsSeasonalWeek),
    },
  }));
}
