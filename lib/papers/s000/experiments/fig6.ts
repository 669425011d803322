import { z } from "zod";
import type { ClaimRow } from "../../../experiments/claims";
import type {
  Experiment,
  ExperimentContext,
  ExperimentOutput,
  SeriesTable,
} from "../../../experiments/types";
import { COLORS } from "../../../plots/figure";
import { strategyBarsFigure } from "../../../plots/strategyBars";
import type { StabilityEvents } from "../env/stability";
import { type StabilityRunParams, type StrategyStability, stabilityOfStrategies } from "./stabilityRuns";

/**
 * Figure 6 (grid stability and power quality), panels (a)-(f). Every panel reads the same cached
 * episodes (stabilityRuns.ts: one per strategy and horizon) and the same stability function
 * (lib/papers/s000/env/stability.ts), so the panels are consistent with each other and with Fig. 4/5 runs.
 */
const PAPER_ORDER = ["RBEMS", "BT-Only", "MPC", "GA-EMS", "MADRL-MOO"] as const;

const Params = z.strictObject({
  /** Days simulated (365 = the paper's year). */
  days: z.number().int().min(1).max(365),
  /** Day of year of the first step (0 = 1 January). */
  startDay: z.number().int().min(0).max(364).default(0),
  /** Strategies to run (stabilityRuns.ts registry: RBEMS, MPC, GA-EMS, BT-Only, MADRL-MOO through cityRuns, Rule policy). MADRL-MOO trains with the profile's budget. */
  strategies: z.array(z.string().min(1)).min(1).default(["RBEMS"]),
  /** Decision latency (ms) per strategy to use instead of the measured one (pins the result across machines). */
  decisionLatencyMs: z.record(z.string(), z.number().nonnegative()).default({}),
  /** Balancing-area size (MW) of the frequency model (ADR 0300: 2,000 MW, our choice). */
  systemBaseMw: z.number().positive().default(2000),
  /** Write the per-step series as CSV. */
  exportSeries: z.boolean().default(true),
});
type Params = z.infer<typeof Params>;

/** One strategy's summary (all panels). */
export interface StabilityRow {
  strategy: string;
  /** Mean decision latency per step (ms): data/calibration/s000-decision-latency.json unless pinned by params. */
  decisionLatencyMs: number;
  /** Its P95 (ms; the pinned value when pinned). */
  decisionLatencyP95Ms: number;
  responseS: number;
  transferS: number;
  serialisationS: number;
  actuationS: number;
  meanAbsHz: number;
  p95AbsHz: number;
  maxAbsHz: number;
  voltageMaxPct: number;
  voltageP95Pct: number;
  voltageMeanPct: number;
  minVoltagePu: number;
  imbalancePct: number;
  imbalanceBeforeControlPct: number;
  rampPerDay: number;
  rampViolations: number;
  windRampEvents: number;
  cloudDropEvents: number;
}

/** The values every Fig. 6 panel has: one stability row per strategy. */
export type StabilityValues = { days: number; startDay: number; strategies: StabilityRow[] };

/** Fig. 6(a): the extreme Δf per 15-min interval, the disturbances found and 1-s traces around three of them. */
export type Fig6aValues = StabilityValues & {
  events: StabilityEvents;
  /** Per strategy, the extreme Δf (Hz) inside every 15-min interval. */
  stepExtremeHz: Record<string, number[]>;
  zooms: {
    kind: string;
    eventStep: number;
    fromStep: number;
    toStep: number;
    everyS: number;
    /** Per strategy, Δf (Hz) every `everyS` seconds over [fromStep, toStep). */
    hz: Record<string, number[]>;
  }[];
};

/** Fig. 6(b): the max voltage deviation (%) per step over the representative feeders, per strategy. */
export type Fig6bValues = StabilityValues & {
  feeder: string;
  feederCount: number;
  deviationPct: Record<string, number[]>;
};

/** Fig. 6(e): the |Δf| distribution per strategy (shares of time per bin). */
export type Fig6eValues = StabilityValues & {
  histogram: { binLowerHz: number[]; share: Record<string, number[]> };
};

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

function rowOf(s: StrategyStability): StabilityRow {
  const r = s.result;
  let vmin = Number.POSITIVE_INFINITY;
  for (const v of r.voltage.minVoltagePu) if (v < vmin) vmin = v;
  return {
    strategy: s.strategy,
    decisionLatencyMs: r4(s.decisionLatencyMs),
    decisionLatencyP95Ms: r4(s.decisionLatencyP95Ms),
    responseS: r4(r.response.totalS),
    transferS: r4(r.response.transferS),
    serialisationS: r4(r.response.serialisationS),
    actuationS: r4(r.response.actuationS),
    meanAbsHz: r6(r.frequency.meanAbsHz),
    p95AbsHz: r6(r.frequency.p95AbsHz),
    maxAbsHz: r6(r.frequency.maxAbsHz),
    voltageMaxPct: r4(r.voltage.maxPct),
    voltageP95Pct: r4(r.voltage.p95Pct),
    voltageMeanPct: r4(r.voltage.meanPct),
    minVoltagePu: r6(vmin),
    imbalancePct: r4(r.imbalance.meanPct),
    imbalanceBeforeControlPct: r4(r.imbalance.meanBeforeControlPct),
    rampPerDay: r4(r.ramp.perDay),
    rampViolations: r.ramp.violations,
    windRampEvents: r.drive.events.windRamp.length,
    cloudDropEvents: r.drive.events.cloudDrop.length,
  };
}

function runParams(p: Params): StabilityRunParams {
  return {
    days: p.days,
    startDay: p.startDay,
    strategies: p.strategies,
    decisionLatencyMs: p.decisionLatencyMs,
    systemBaseMw: p.systemBaseMw,
  };
}

const slug = (s: string) => s.replace(/\s+/g, "-").toLowerCase();

/** A per-step table: step, hour of the run, one column per strategy. */
function stepTable(
  name: string,
  all: readonly StrategyStability[],
  pick: (s: StrategyStability) => Float64Array,
): SeriesTable {
  const n = all[0]?.result.steps ?? 0;
  const h = all[0]?.result.stepH ?? 0.25;
  const columns: Record<string, ArrayLike<number>> = {
    step: Float64Array.from({ length: n }, (_, i) => i),
    hour: Float64Array.from({ length: n }, (_, i) => i * h),
  };
  for (const s of all) columns[slug(s.strategy)] = pick(s);
  return { name, columns };
}

/** WebGL lines for year-long series (35,040 points per strategy), SVG otherwise. */
const lineType = (n: number) => (n > 5000 ? "scattergl" : "scatter");

const rowsOf = (out: ExperimentOutput<StabilityValues>) => out.values.strategies;
const colour = (s: string) => COLORS.strategies[s] ?? "#17becf";

function barRows(
  out: ExperimentOutput<StabilityValues>,
  ledger: readonly ClaimRow[],
  pick: (r: StabilityRow) => number,
) {
  const rows = rowsOf(out);
  const paper = new Map(ledger.filter((l) => !l.id.includes("reduction")).map((l) => [l.subject, l.paper]));
  const names = [
    ...PAPER_ORDER,
    ...rows.map((r) => r.strategy).filter((s) => !(PAPER_ORDER as readonly string[]).includes(s)),
  ];
  return names.map((s) => {
    const r = rows.find((x) => x.strategy === s);
    return { strategy: s, ours: r ? pick(r) : null, paper: paper.get(s) ?? null };
  });
}

function reductionPct(rows: readonly StabilityRow[], pick: (r: StabilityRow) => number): number | null {
  const mpc = rows.find((r) => r.strategy === "MPC");
  const ours = rows.find((r) => r.strategy === "MADRL-MOO");
  if (!mpc || !ours || !(pick(mpc) > 0)) return null;
  return r4((100 * (pick(mpc) - pick(ours))) / pick(mpc));
}

function claimsFor(
  panel: string,
  key: string,
  rows: readonly StabilityRow[],
  pick: (r: StabilityRow) => number,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const s of PAPER_ORDER) {
    const r = rows.find((x) => x.strategy === s);
    out[`s000.${panel}.${key}.${s}`] = r ? pick(r) : null;
  }
  return out;
}

async function computeRows(ctx: ExperimentContext, p: Params) {
  const all = await stabilityOfStrategies(ctx, runParams(p));
  return { all, rows: all.map(rowOf) };
}

const common = {
  notebook: "s000-03-stability",
  module: __filename,
  params: Params,
} as const;

function notesFor(out: ExperimentOutput<StabilityValues>, ledger: readonly ClaimRow[], what: string): string {
  const rows = rowsOf(out);
  const lines = rows.map(
    (r) =>
      `- **${r.strategy}**: response ${r.responseS.toFixed(2)} s (decision ${r.decisionLatencyMs.toFixed(3)} ms, calibrated or pinned); |Δf| mean ${(1000 * r.meanAbsHz).toFixed(2)} / P95 ${(1000 * r.p95AbsHz).toFixed(2)} / max ${(1000 * r.maxAbsHz).toFixed(1)} mHz; voltage max ${r.voltageMaxPct.toFixed(2)} % (P95 ${r.voltageP95Pct.toFixed(2)} %); imbalance ${r.imbalancePct.toFixed(2)} % after control (${r.imbalanceBeforeControlPct.toFixed(1)} % before); ramp violations ${r.rampPerDay.toFixed(2)}/day.`,
  );
  const counts = ledger.reduce<Record<string, number>>((a, l) => {
    a[l.verdict] = (a[l.verdict] ?? 0) + 1;
    return a;
  }, {});
  return [
    `${what} over ${out.values.days} days from day ${out.values.startDay}.`,
    ...lines,
    "",
    `Claims: ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(
        ", ",
      )}. Decision latencies are the only machine-dependent input: they come from data/calibration/s000-decision-latency.json (measured by bench/s000-decision-latency.ts on this kind of machine) unless params.decisionLatencyMs pins them, so results.json does not vary with the machine's load.`,
  ].join("\n");
}

/** (a) Frequency trace with the disturbances, and a 1-s zoom on the largest sudden event. */
export const fig6a: Experiment<Params, Fig6aValues> = {
  ...common,
  id: "s000/fig6a",
  title: "Grid frequency trace with disturbances (seed 000, Fig. 6a)",
  panels: ["fig6a"],
  async run(ctx, p) {
    const first = await computeRows(ctx, p);
    const d0 = first.all[0].result.drive;
    const n = first.all[0].result.steps;
    // The three disturbances of the paper's text: the largest wind ramp, cloud drop and evening rise.
    const largest = (steps: readonly number[], size: (t: number) => number) => {
      let best = -1;
      for (const t of steps) if (best < 0 || size(t) > size(best)) best = t;
      return best;
    };
    const rise = (t: number) => d0.netImportMw[t] - d0.netImportMw[t - 1];
    const picks = [
      { kind: "wind ramp", step: largest(d0.events.windRamp, (t) => Math.abs(d0.eventMw[t])) },
      { kind: "cloud drop", step: largest(d0.events.cloudDrop, (t) => Math.abs(d0.eventMw[t])) },
      { kind: "evening peak", step: largest(d0.events.eveningPeak, rise) },
    ].filter((e) => e.step >= 0);
    const windows = picks.map((e) => ({
      fromStep: Math.max(0, e.step - 1),
      toStep: Math.min(n, e.step + 2),
      everyS: 1,
    }));
    const traced = windows.length > 0 ? await stabilityOfStrategies(ctx, runParams(p), windows) : [];
    const zooms = picks.map((e, i) => ({
      kind: e.kind,
      eventStep: e.step,
      ...windows[i],
      hz: Object.fromEntries(
        traced.map((s) => [s.strategy, Array.from(s.result.frequency.traces?.[i] ?? [], r6)]),
      ),
    }));
    const rows = first.rows;
    return {
      values: {
        days: p.days,
        startDay: p.startDay,
        strategies: rows,
        events: d0.events,
        stepExtremeHz: Object.fromEntries(
          first.all.map((s) => [s.strategy, Array.from(s.result.frequency.stepExtremeHz, r6)]),
        ),
        zooms,
      },
      claims: claimsFor("fig6a", "band", rows, (r) => r.maxAbsHz),
      tables: p.exportSeries
        ? [stepTable("frequency-step-extreme-hz", first.all, (s) => s.result.frequency.stepExtremeHz)]
        : [],
    };
  },
  figure(out, ledger) {
    const v = out.values;
    const data: Record<string, unknown>[] = [];
    for (const [s, y] of Object.entries(v.stepExtremeHz)) {
      data.push({
        type: lineType(y.length),
        mode: "lines",
        name: s,
        x: y.map((_, i) => i / 4),
        y,
        line: { color: colour(s), width: 1 },
        legendgroup: s,
      });
    }
    const first = Object.values(v.stepExtremeHz)[0] ?? [];
    const ymax = Math.max(1e-4, ...first.map(Math.abs));
    const mark = (steps: readonly number[], name: string, symbol: string, color: string) => ({
      type: "scatter",
      mode: "markers",
      name,
      x: steps.map((t) => t / 4),
      y: steps.map(() => 1.1 * ymax),
      marker: { symbol, color, size: 8 },
    });
    data.push(mark(v.events.windRamp, "wind ramp", "triangle-down", "#17becf"));
    data.push(mark(v.events.cloudDrop, "cloud drop", "square", "#7f7f7f"));
    data.push(mark(v.events.eveningPeak, "evening peak", "diamond", "#bcbd22"));
    for (const l of ledger) {
      if (l.kind === "order" || l.paper === null) continue;
      data.push({
        type: "scatter",
        mode: "lines",
        name: `paper band ${l.subject} ±${l.paper} Hz`,
        x: [0, first.length / 4],
        y: [l.paper, l.paper],
        line: { dash: "dot", color: colour(l.subject), width: 1 },
      });
    }
    const layout: Record<string, unknown> = {
      title: {
        text: "Frequency deviation: extreme per 15-min interval (top), 1-s traces around the three disturbances (bottom)",
      },
      xaxis: { title: { text: "hour of run" }, domain: [0, 1], anchor: "y" },
      yaxis: { title: { text: "Δf extreme (Hz)" }, domain: [0.55, 1], anchor: "x" },
      legend: { orientation: "h" },
      annotations: [] as Record<string, unknown>[],
    };
    const nz = Math.max(1, v.zooms.length);
    v.zooms.forEach((z, i) => {
      const ax = i + 2;
      const lo = i / nz + (i > 0 ? 0.03 : 0);
      const hi = (i + 1) / nz - (i < nz - 1 ? 0.03 : 0);
      for (const [s, y] of Object.entries(z.hz)) {
        data.push({
          type: "scatter",
          mode: "lines",
          name: `${s} (1 s)`,
          x: y.map((_, k) => (z.fromStep * 900 + (k + 1) * z.everyS - z.eventStep * 900) / 60),
          y,
          line: { color: colour(s), width: 1.2 },
          xaxis: `x${ax}`,
          yaxis: `y${ax}`,
          legendgroup: s,
          showlegend: false,
        });
      }
      layout[`xaxis${ax}`] = {
        domain: [lo, hi],
        anchor: `y${ax}`,
        title: { text: `min from the ${z.kind} interval` },
      };
      layout[`yaxis${ax}`] = {
        domain: [0, 0.38],
        anchor: `x${ax}`,
        title: i === 0 ? { text: "Δf (Hz)" } : undefined,
      };
      (layout.annotations as Record<string, unknown>[]).push({
        text: `${z.kind} (step ${z.eventStep}, hour ${(z.eventStep / 4).toFixed(2)})`,
        xref: "paper",
        yref: "paper",
        x: (lo + hi) / 2,
        y: 0.42,
        showarrow: false,
      });
    });
    return { data, layout };
  },
  notes: (out, ledger) => notesFor(out, ledger, "Frequency"),
};

/** (b) Voltage deviation on the representative feeders. */
export const fig6b: Experiment<Params, Fig6bValues> = {
  ...common,
  id: "s000/fig6b",
  title: "Voltage deviation on the city's representative feeders (seed 000, Fig. 6b)",
  panels: ["fig6b"],
  async run(ctx, p) {
    const { all, rows } = await computeRows(ctx, p);
    const claims = claimsFor("fig6b", "band", rows, (r) => r.voltageMaxPct);
    claims["s000.fig6b.reductionVsMPC"] = reductionPct(rows, (r) => r.voltageMaxPct);
    return {
      values: {
        days: p.days,
        startDay: p.startDay,
        strategies: rows,
        feeder: all[0].result.voltage.feeder,
        feederCount: all[0].result.voltage.feederCount,
        deviationPct: Object.fromEntries(
          all.map((s) => [s.strategy, Array.from(s.result.voltage.deviationPct, r4)]),
        ),
      },
      claims,
      tables: p.exportSeries
        ? [stepTable("voltage-deviation-pct", all, (s) => s.result.voltage.deviationPct)]
        : [],
    };
  },
  figure(out, ledger) {
    const v = out.values;
    const data: Record<string, unknown>[] = Object.entries(v.deviationPct).map(([s, y]) => ({
      type: lineType(y.length),
      mode: "lines",
      name: s,
      x: y.map((_, i) => i / 4),
      y,
      line: { color: colour(s), width: 1 },
    }));
    const n = (Object.values(v.deviationPct)[0] ?? []).length;
    for (const l of ledger.filter((x) => x.unit === "%" && x.id.includes(".band.")))
      data.push({
        type: "scatter",
        mode: "lines",
        name: `paper ±${l.paper} % (${l.subject})`,
        x: [0, n / 4],
        y: [l.paper, l.paper],
        line: { dash: "dot", color: colour(l.subject) },
      });
    return {
      data,
      layout: {
        title: {
          text: `Max voltage deviation over ${v.feederCount} representative ${v.feeder} feeders (ours) vs the paper's bands`,
        },
        xaxis: { title: { text: "hour of run" } },
        yaxis: { title: { text: "max |V - 1| (%)" }, rangemode: "tozero" },
        legend: { orientation: "h" },
      },
    };
  },
  notes: (out, ledger) => notesFor(out, ledger, "Voltage"),
};

/** (c) Average power imbalance per strategy. */
export const fig6c: Experiment<Params, StabilityValues> = {
  ...common,
  id: "s000/fig6c",
  title: "Average power imbalance per strategy (seed 000, Fig. 6c)",
  panels: ["fig6c"],
  async run(ctx, p) {
    const { rows } = await computeRows(ctx, p);
    return {
      values: { days: p.days, startDay: p.startDay, strategies: rows },
      claims: claimsFor("fig6c", "imbalance", rows, (r) => r.imbalancePct),
    };
  },
  figure(out, ledger) {
    return strategyBarsFigure(
      barRows(out, ledger, (r) => r.imbalancePct),
      {
        title: `Average power imbalance after control, ${out.values.days} days (ours vs paper)`,
        yTitle: "imbalance (% of demand)",
        unit: "%",
      },
    );
  },
  notes: (out, ledger) => notesFor(out, ledger, "Power imbalance"),
};

/** (d) Ramp-rate violations per day. */
export const fig6d: Experiment<Params, StabilityValues> = {
  ...common,
  id: "s000/fig6d",
  title: "Ramp-rate violations per day (seed 000, Fig. 6d)",
  panels: ["fig6d"],
  async run(ctx, p) {
    const { rows } = await computeRows(ctx, p);
    const claims = claimsFor("fig6d", "violations", rows, (r) => r.rampPerDay);
    claims["s000.fig6d.reductionVsMPC"] = reductionPct(rows, (r) => r.rampPerDay);
    return { values: { days: p.days, startDay: p.startDay, strategies: rows }, claims };
  },
  figure(out, ledger) {
    return strategyBarsFigure(
      barRows(out, ledger, (r) => r.rampPerDay),
      {
        title: `Ramp-rate violations of the city's net grid exchange, ${out.values.days} days (ours vs paper)`,
        yTitle: "violations per day",
        unit: "",
      },
    );
  },
  notes: (out, ledger) =>
    notesFor(out, ledger, "Ramp-rate violations (15-min windows, limit 1 %/min of 235 MW)"),
};

/** (e) |Δf| distribution, mean / P95 / max. */
export const fig6e: Experiment<Params, Fig6eValues> = {
  ...common,
  id: "s000/fig6e",
  title: "Frequency excursion distribution (seed 000, Fig. 6e)",
  panels: ["fig6e"],
  async run(ctx, p) {
    const { all, rows } = await computeRows(ctx, p);
    const claims: Record<string, number | null> = {};
    for (const s of ["MADRL-MOO", "MPC"]) {
      const r = rows.find((x) => x.strategy === s);
      claims[`s000.fig6e.meanAbs.${s}`] = r ? r.meanAbsHz : null;
      claims[`s000.fig6e.p95Abs.${s}`] = r ? r.p95AbsHz : null;
      claims[`s000.fig6e.maxAbs.${s}`] = r ? r.maxAbsHz : null;
    }
    claims["s000.fig6e.reductionVsMPC"] = reductionPct(rows, (r) => r.meanAbsHz);
    const h = all[0].result.frequency.histogram;
    return {
      values: {
        days: p.days,
        startDay: p.startDay,
        strategies: rows,
        histogram: {
          binLowerHz: Array.from(h.binLowerHz, r6),
          share: Object.fromEntries(
            all.map((s) => [
              s.strategy,
              Array.from(s.result.frequency.histogram.share, (x) => Math.round(x * 1e9) / 1e9),
            ]),
          ),
        },
      },
      claims,
    };
  },
  figure(out, ledger) {
    const v = out.values;
    const rows = rowsOf(out);
    const data: Record<string, unknown>[] = Object.entries(v.histogram.share).map(([s, y]) => ({
      type: "bar",
      name: s,
      x: v.histogram.binLowerHz,
      y: y.map((x) => Math.max(x, 1e-9)),
      marker: { color: colour(s) },
      opacity: 0.7,
    }));
    for (const r of rows)
      data.push({
        type: "scatter",
        mode: "markers",
        name: `${r.strategy} mean / P95 / max (ours)`,
        x: [r.meanAbsHz, r.p95AbsHz, r.maxAbsHz],
        y: [0.5, 0.5, 0.5],
        marker: { symbol: "x", size: 10, color: colour(r.strategy) },
      });
    for (const s of ["MADRL-MOO", "MPC"]) {
      const xs = ledger.filter((l) => l.subject === s && l.unit === "Hz").map((l) => l.paper);
      data.push({
        type: "scatter",
        mode: "markers",
        name: `${s} mean / P95 / max (paper)`,
        x: xs,
        y: xs.map(() => 0.2),
        marker: { symbol: "circle-open", size: 10, color: colour(s) },
      });
    }
    return {
      data,
      layout: {
        title: {
          text: "|Δf| distribution (share of time, log scale) with mean / P95 / max: ours (x) vs paper (o)",
        },
        barmode: "overlay",
        xaxis: { title: { text: "|Δf| (Hz)" } },
        yaxis: { title: { text: "share of time" }, type: "log" },
        legend: { orientation: "h" },
      },
    };
  },
  notes: (out, ledger) => notesFor(out, ledger, "Frequency distribution"),
};

/** (f) Response time: measured decision latency + the modelled communication path. */
export const fig6f: Experiment<Params, StabilityValues> = {
  ...common,
  id: "s000/fig6f",
  title: "Control response time per controller (seed 000, Fig. 6f)",
  panels: ["fig6f"],
  async run(ctx, p) {
    const { rows } = await computeRows(ctx, p);
    return {
      values: { days: p.days, startDay: p.startDay, strategies: rows },
      claims: claimsFor("fig6f", "response", rows, (r) => r.responseS),
    };
  },
  figure(out, ledger) {
    const rows = rowsOf(out);
    const x = rows.map((r) => r.strategy);
    const part = (name: string, y: number[], color: string) => ({
      type: "bar",
      name,
      x,
      y,
      marker: { color },
    });
    const paper = ledger
      .filter((l) => l.kind !== "order" && l.paper !== null)
      .map((l) => ({ s: l.subject, v: l.paper }));
    return {
      data: [
        part(
          "decision (calibrated)",
          rows.map((r) => r.decisionLatencyMs / 1000),
          "#d62728",
        ),
        part(
          "transfer (hops)",
          rows.map((r) => r.transferS),
          "#1f77b4",
        ),
        part(
          "serialisation",
          rows.map((r) => r.serialisationS),
          "#aec7e8",
        ),
        part(
          "actuation",
          rows.map((r) => r.actuationS),
          "#2ca02c",
        ),
        {
          type: "scatter",
          mode: "markers",
          name: "paper",
          x: paper.map((p2) => p2.s),
          y: paper.map((p2) => p2.v),
          marker: { symbol: "diamond", size: 12, color: COLORS.paper, line: { color: "#333", width: 1 } },
        },
      ],
      layout: {
        title: {
          text: "Average response time: measured decision latency + modelled communication path (ours) vs paper",
        },
        barmode: "stack",
        yaxis: { title: { text: "seconds" } },
        legend: { orientation: "h" },
      },
    };
  },
  notes: (out, ledger) => notesFor(out, ledger, "Response time"),
};

/** The six panels as the registry holds them (values erased: each panel's own type is on fig6a ... fig6f). */
export const FIG6_EXPERIMENTS: readonly Experiment[] = [fig6a, fig6b, fig6c, fig6d, fig6e, fig6f];
