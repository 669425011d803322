import { z } from "zod";
import { paperText } from "../../../experiments/claims";
import type { Experiment, ExperimentContext, ExperimentOutput } from "../../../experiments/types";
import { COLORS } from "../../../plots/figure";
import { cityOf } from "./cityWorld";
import { computePoints, mcPoints, withReference } from "./fig9Pool";
import {
  annual,
  batteryCyclesPerDay,
  FIG9_TRAINING_PROFILES,
  type Fig9Strategy,
  mcSummary,
  NOMINAL,
  point,
  r4,
  runPoint,
  type SensitivityPoint,
  savingsOf,
  trainedAgent,
  utilisationOf,
  type WindowsParams,
  windowsShape,
} from "./fig9shared";

/**
 * Figure 9 (seed 000): sensitivity of the framework to five parameters. Machinery and every definition
 * (where each parameter acts, savings, the Monte Carlo) in fig9shared.ts; one cached run per sweep point, shared
 * by all six panels.
 */

const NOTEBOOK = "s000-06-sensitivity";
const SPAN = 0.2;

/** KPI categories of the heatmap (the paper's five "performance dimensions", our KPI for each). */
export const KPI_CATEGORIES = [
  { key: "savingsMusd", label: "economic savings", kpi: "savings vs RBEMS (M$/yr)" },
  { key: "utilisationPct", label: "renewable utilisation", kpi: "renewable utilisation (%)" },
  {
    key: "rampingMw",
    label: "grid stability",
    kpi: "mean hourly ramp of net grid power (MW; lower = steadier)",
  },
  { key: "p2pVolumeGwh", label: "transaction efficiency", kpi: "P2P volume traded (GWh/yr)" },
  {
    key: "balanceAccuracyPct",
    label: "control accuracy",
    kpi: "balance accuracy (1 - imbalance vs schedule, %)",
  },
] as const;
export type KpiKey = (typeof KPI_CATEGORIES)[number]["key"];
export type KpiVector = Record<KpiKey, number | null> & {
  operatingCostMusd: number;
  tradingRevenueMusd: number;
  costReductionPct: number;
};

/** KPIs of a point; for the forecast-driven MPC below perfect accuracy, the mean over the Monte Carlo draws. */
export async function kpisAt(
  ctx: ExperimentContext,
  w: WindowsParams,
  p: SensitivityPoint,
): Promise<KpiVector> {
  const n = p.strategy === "MPC" && p.accuracy < 1 ? w.realisations : 1;
  const acc: KpiVector[] = [];
  for (let k = 0; k < n; k++) {
    const q = { ...p, realisation: k };
    const s = await savingsOf(ctx, w, q);
    const r = s.result;
    acc.push({
      savingsMusd: s.savingsMusd,
      utilisationPct: 100 * utilisationOf(r),
      rampingMw: r.rampingMw,
      p2pVolumeGwh: p.strategy === "MADRL-MOO" ? annual(r, r.p2pVolumeMwh) / 1000 : null,
      balanceAccuracyPct: r.balanceAccuracy === null ? null : 100 * r.balanceAccuracy,
      operatingCostMusd: annual(r, r.operatingCostUsd) / 1e6,
      tradingRevenueMusd: annual(r, r.tradingRevenueUsd) / 1e6,
      costReductionPct: s.costReductionPct,
    });
  }
  const out = {} as Record<string, number | null>;
  for (const key of Object.keys(acc[0])) {
    const v = acc.map((a) => (a as Record<string, number | null>)[key]);
    out[key] = v.some((x) => x === null) ? null : r4(mcSummary(v as number[]).mean);
  }
  return out as KpiVector;
}

// ---------------------------------------------------------------- tornado rows (Fig. 9a, 9f)

export const TORNADO_PARAMS = [
  "forecastAccuracy",
  "batteryCapacity",
  "priceVolatility",
  "learningRate",
  "transactionFee",
] as const;
export type TornadoParam = (typeof TORNADO_PARAMS)[number];

interface RowSpec {
  param: TornadoParam;
  label: string;
  strategy: Fig9Strategy;
  values: [low: string, base: string, high: string];
  points: [SensitivityPoint, SensitivityPoint, SensitivityPoint];
}

function rowSpecs(span: number): RowSpec[] {
  const lo = 1 - span;
  const hi = 1 + span;
  const accHi = Math.min(1, NOMINAL.accuracy * hi);
  const M = "MADRL-MOO" as const;
  return [
    {
      param: "forecastAccuracy",
      label: "forecast accuracy",
      strategy: "MPC",
      values: [
        `${r4(100 * NOMINAL.accuracy * lo)} %`,
        `${100 * NOMINAL.accuracy} %`,
        `${r4(100 * accHi)} %${accHi < NOMINAL.accuracy * hi ? " (capped)" : ""}`,
      ],
      points: [
        point("MPC", { accuracy: r4(NOMINAL.accuracy * lo) }),
        point("MPC", { accuracy: NOMINAL.accuracy }),
        point("MPC", { accuracy: r4(accHi) }),
      ],
    },
    {
      param: "batteryCapacity",
      label: "battery capacity",
      strategy: M,
      values: [`${r4(120 * lo)} MWh`, "120 MWh", `${r4(120 * hi)} MWh`],
      points: [point(M, { batteryScale: lo }), point(M), point(M, { batteryScale: hi })],
    },
    {
      param: "priceVolatility",
      label: "price volatility",
      strategy: M,
      values: [`${r4(lo)}`, "1", `${r4(hi)}`],
      points: [point(M, { volatility: r4(lo) }), point(M), point(M, { volatility: r4(hi) })],
    },
    {
      param: "learningRate",
      label: "learning rate (actor)",
      strategy: M,
      values: [`${r4(lo)}e-4`, "1e-4", `${r4(hi)}e-4`],
      points: [point(M, { actorLr: 1e-4 * lo }), point(M), point(M, { actorLr: 1e-4 * hi })],
    },
    {
      param: "transactionFee",
      label: "transaction fee",
      strategy: M,
      values: [`${r4(6 * lo)} USD/MWh`, "6 USD/MWh", `${r4(6 * hi)} USD/MWh`],
      points: [point(M, { feeScale: lo }), point(M), point(M, { feeScale: hi })],
    },
  ];
}

export interface TornadoRow {
  param: TornadoParam;
  label: string;
  strategy: string;
  values: string[];
  low: KpiVector;
  base: KpiVector;
  high: KpiVector;
  /** Savings change at the low / high value, % of |base savings|. */
  lowPct: number;
  highPct: number;
  /** The "±x %" of the paper: mean of |lowPct| and |highPct|. */
  sensitivityPct: number;
  /** Per KPI category: signed half swing (high - low) / 2 / |base| in %, null where the KPI does not apply. */
  heat: Record<KpiKey, number | null>;
}

const pctOf = (v: number | null, base: number | null): number | null =>
  v === null || base === null || base === 0 || !Number.isFinite(v) || !Number.isFinite(base)
    ? null
    : r4((100 * (v - base)) / Math.abs(base));

async function tornadoRows(
  ctx: ExperimentContext,
  p: WindowsParams & { span: number },
): Promise<TornadoRow[]> {
  const out: TornadoRow[] = [];
  const specs = rowSpecs(p.span);
  await computePoints(
    ctx,
    p,
    specs.flatMap((s) => s.points.flatMap((pt) => mcPoints(p, pt))),
  );
  const progress = ctx.progress("fig9 tornado rows", specs.length, "parameters");
  for (const [i, s] of specs.entries()) {
    const [low, base, high] = [
      await kpisAt(ctx, p, s.points[0]),
      await kpisAt(ctx, p, s.points[1]),
      await kpisAt(ctx, p, s.points[2]),
    ];
    const lowPct = pctOf(low.savingsMusd, base.savingsMusd) ?? Number.NaN;
    const highPct = pctOf(high.savingsMusd, base.savingsMusd) ?? Number.NaN;
    const heat = {} as Record<KpiKey, number | null>;
    for (const c of KPI_CATEGORIES) {
      const l = low[c.key];
      const h = high[c.key];
      const b = base[c.key];
      heat[c.key] = l === null || h === null || b === null ? null : pctOf(b + (h - l) / 2, b);
    }
    out.push({
      param: s.param,
      label: s.label,
      strategy: s.strategy,
      values: s.values,
      low,
      base,
      high,
      lowPct,
      highPct,
      sensitivityPct: r4((Math.abs(lowPct) + Math.abs(highPct)) / 2),
      heat,
    });
    progress.set(i + 1);
  }
  progress.finish();
  return out;
}

const WindowsParamsSchema = z.strictObject({
  ...windowsShape,
  /** One-at-a-time variation (0.2 = the paper's ±20 %). */
  span: z.number().gt(0).lt(1).default(SPAN),
});
type TornadoParams = z.infer<typeof WindowsParamsSchema>;

const windowNote = (p: WindowsParams) =>
  `Each point runs ${p.windowStartDays.length} window(s) of ${p.windowDays} days (from days ${p.windowStartDays.join(", ")}) of the entity-level city, annualised by 365 / ${p.windowStartDays.length * p.windowDays}; MADRL-MOO trained with the "${p.training}" budget (lib/papers/s000/experiments/fig9shared.ts), forecast-error Monte Carlo ${p.realisations} realisation(s) per accuracy point (the paper: 5,000).`;

function tornadoClaims(rows: readonly TornadoRow[]): Record<string, number | null> {
  const c: Record<string, number | null> = {};
  for (const r of rows)
    c[`s000.fig9a.tornado.${r.param}`] = Number.isFinite(r.sensitivityPct) ? r.sensitivityPct : null;
  return c;
}

/** The values of Fig. 9(a): one tornado row per parameter (and strategy). */
export type Fig9aValues = { span: number; rows: TornadoRow[] };

export const fig9a: Experiment<TornadoParams, Fig9aValues> = {
  id: "s000/fig9a",
  title: "Tornado: savings sensitivity to ±20 % of five parameters (seed 000, Fig. 9a)",
  panels: ["fig9a"],
  notebook: NOTEBOOK,
  module: __filename,
  params: WindowsParamsSchema,
  async run(ctx, p): Promise<ExperimentOutput<Fig9aValues>> {
    const rows = await tornadoRows(ctx, p);
    return { values: { span: p.span, rows }, claims: tornadoClaims(rows) };
  },
  figure(out, ledger) {
    const rows = [...out.values.rows].sort((a, b) => (a.sensitivityPct || 0) - (b.sensitivityPct || 0));
    const paper = new Map(ledger.map((r) => [r.id, r.paper]));
    const y = rows.map((r) => `${r.label} [${r.strategy}]`);
    return {
      data: [
        {
          type: "bar",
          orientation: "h",
          name: "ours: parameter -20 %",
          y,
          x: rows.map((r) => r.lowPct),
          text: rows.map((r) => r.values[0]),
          marker: { color: "#9ecae1" },
        },
        {
          type: "bar",
          orientation: "h",
          name: "ours: parameter +20 %",
          y,
          x: rows.map((r) => r.highPct),
          text: rows.map((r) => r.values[2]),
          marker: { color: COLORS.ours },
        },
        {
          type: "scatter",
          mode: "markers",
          name: "paper ±x %",
          y: [...y, ...y],
          x: [
            ...rows.map((r) => paper.get(`s000.fig9a.tornado.${r.param}`) ?? null),
            ...rows.map((r) => -(paper.get(`s000.fig9a.tornado.${r.param}`) ?? 0) || null),
          ],
          marker: { color: COLORS.paper, symbol: "diamond", size: 11, line: { color: "#555", width: 1 } },
        },
      ],
      layout: {
        title: { text: "Change in annual savings for ±20 % of each parameter (ours vs paper)" },
        barmode: "overlay",
        xaxis: { title: { text: "change in annual savings (% of nominal savings)" }, zeroline: true },
        yaxis: { automargin: true },
        legend: { orientation: "h", y: -0.2 },
      },
    };
  },
  notes(out, _ledger, p) {
    const rows = out.values.rows;
    const lines = rows.map(
      (r) =>
        `- **${r.label}** (${r.strategy}; ${r.values.join(" / ")}): savings ${r.low.savingsMusd} / ${r.base.savingsMusd} / ${r.high.savingsMusd} M$/yr -> ${r.lowPct} % / ${r.highPct} % (±${r.sensitivityPct} %).`,
    );
    return [
      ...lines,
      "",
      "Savings = RBEMS's operating cost on the same city minus the strategy's (lib/metrics computeKpis). Forecast accuracy acts only on the forecast-driven MPC (our MADDPG agents read no forecasts), so its row is the MPC's; the other rows are MADRL-MOO's (trained once at nominal conditions; the learning-rate row retrains). A +20 % accuracy from 90 % is capped at 100 %. Where the nominal savings are small, percentages of them are large: compare the M$ values.",
      windowNote(p),
    ].join("\n");
  },
};

// ---------------------------------------------------------------- Fig. 9b: forecast accuracy

const Fig9bParams = z.strictObject({
  ...windowsShape,
  accuracies: z
    .array(z.number().min(0).max(1))
    .min(2)
    .default([0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]),
});
type Fig9bParams = z.infer<typeof Fig9bParams>;

export interface AccuracyRow {
  accuracyPct: number;
  savingsMusd: number;
  savingsSd: number;
  savingsLo: number;
  savingsHi: number;
  costReductionPct: number;
  realisations: number;
}

async function accuracyRow(ctx: ExperimentContext, p: WindowsParams, a: number): Promise<AccuracyRow> {
  const n = a >= 1 ? 1 : p.realisations;
  const s: number[] = [];
  const c: number[] = [];
  for (let k = 0; k < n; k++) {
    const r = await savingsOf(ctx, p, point("MPC", { accuracy: a, realisation: k }));
    s.push(r.savingsMusd);
    c.push(r.costReductionPct);
  }
  const m = mcSummary(s);
  return {
    accuracyPct: r4(100 * a),
    savingsMusd: r4(m.mean),
    savingsSd: r4(m.sd),
    savingsLo: r4(m.lo),
    savingsHi: r4(m.hi),
    costReductionPct: r4(mcSummary(c).mean),
    realisations: n,
  };
}

/** The values of Fig. 9(b): savings per forecast accuracy, and the least-squares slope. */
export type Fig9bValues = { strategy: string; rows: AccuracyRow[]; slopeMusdPerPoint: number };

export const fig9b: Experiment<Fig9bParams, Fig9bValues> = {
  id: "s000/fig9b",
  title: "Forecast accuracy vs annual savings (seed 000, Fig. 9b)",
  panels: ["fig9b"],
  notebook: NOTEBOOK,
  module: __filename,
  params: Fig9bParams,
  async run(ctx, p): Promise<ExperimentOutput<Fig9bValues>> {
    const acc = [...new Set([...p.accuracies, 0.72, 0.9])].sort((a, b) => a - b);
    await computePoints(
      ctx,
      p,
      acc.flatMap((a) => mcPoints(p, point("MPC", { accuracy: a }))),
    );
    const progress = ctx.progress("fig9b accuracy points", acc.length, "points");
    const rows: AccuracyRow[] = [];
    for (const [i, a] of acc.entries()) {
      rows.push(await accuracyRow(ctx, p, a));
      progress.set(i + 1);
    }
    progress.finish();
    const at = (pct: number) => rows.find((r) => Math.abs(r.accuracyPct - pct) < 1e-9)?.savingsMusd ?? null;
    const s90 = at(90);
    const s72 = at(72);
    const claims = {
      "s000.fig9b.savings.acc60": at(60),
      "s000.fig9b.savings.acc90": s90,
      "s000.fig9b.savings.acc100": at(100),
      "s000.fig9b.drop20":
        s90 !== null && s72 !== null && s90 !== 0 ? r4((100 * (s90 - s72)) / Math.abs(s90)) : null,
    };
    // least-squares slope (M$ per accuracy point) of the mean curve
    const xs = rows.map((r) => r.accuracyPct);
    const ys = rows.map((r) => r.savingsMusd);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) ** 2;
    }
    return {
      values: { strategy: "MPC (forecast-driven)", rows, slopeMusdPerPoint: r4(sxy / sxx) },
      claims,
    };
  },
  figure(out, ledger) {
    const rows = out.values.rows;
    const paper = ledger.filter((r) => r.id.startsWith("s000.fig9b.savings."));
    const x = rows.map((r) => r.accuracyPct);
    return {
      data: [
        {
          type: "scatter",
          mode: "lines",
          name: "ours: 95 % Monte Carlo band",
          x: [...x, ...[...x].reverse()],
          y: [...rows.map((r) => r.savingsHi), ...[...rows].reverse().map((r) => r.savingsLo)],
          fill: "toself",
          fillcolor: "rgba(31,119,180,0.2)",
          line: { width: 0 },
          hoverinfo: "skip",
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "ours: forecast-driven MPC, savings vs RBEMS (mean)",
          x,
          y: rows.map((r) => r.savingsMusd),
          line: { color: COLORS.ours },
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "paper (MADRL-MOO)",
          x: paper.map((r) => Number(r.id.replace("s000.fig9b.savings.acc", ""))),
          y: paper.map((r) => r.paper),
          line: { color: COLORS.paper, dash: "dash" },
          marker: { symbol: "diamond", size: 10 },
        },
      ],
      layout: {
        title: { text: "Annual savings vs renewable forecast accuracy (ours vs paper)" },
        xaxis: { title: { text: "forecast accuracy (%) = 100 - mean absolute percentage error" } },
        yaxis: { title: { text: "annual savings (M$/yr)" } },
        legend: { orientation: "h", y: -0.2 },
      },
    };
  },
  notes(out, _ledger, p) {
    const rows = out.values.rows;
    const lines = rows.map(
      (r) =>
        `- ${r.accuracyPct} %: savings ${r.savingsMusd} M$/yr (sd ${r.savingsSd}, ${r.realisations} realisation(s)), cost reduction vs RBEMS ${r.costReductionPct} %.`,
    );
    return [
      ...lines,
      "",
      `Least-squares slope: ${out.values.slopeMusdPerPoint} M$/yr per accuracy point. Ours is the MPC benchmark planning on wind and PV forecasts of the given accuracy (lib/forecast forecastAtAccuracy); at 100 % it is the perfect-foresight MPC. The paper's curve is MADRL-MOO's, whose forecasts it does not describe.`,
      windowNote(p),
    ].join("\n");
  },
};

// ---------------------------------------------------------------- Fig. 9c: battery capacity

const Fig9cParams = z.strictObject({
  ...windowsShape,
  batteryScales: z.array(z.number().gt(0)).min(2).default([0.8, 0.9, 1, 1.1, 1.2]),
  strategies: z
    .array(z.enum(["RBEMS", "MPC", "MADRL-MOO"]))
    .min(1)
    .default(["MADRL-MOO", "RBEMS"]),
});
type Fig9cParams = z.infer<typeof Fig9cParams>;

export interface BatteryRow {
  strategy: string;
  batteryScale: number;
  capacityMwh: number;
  utilisationPct: number;
  curtailedGwh: number;
  cyclesPerDay: number;
  savingsMusd: number | null;
}

/** The values of Fig. 9(c): renewable utilisation and battery use per battery capacity. */
export type Fig9cValues = { rows: BatteryRow[] };

export const fig9c: Experiment<Fig9cParams, Fig9cValues> = {
  id: "s000/fig9c",
  title: "Battery capacity vs renewable utilisation (seed 000, Fig. 9c)",
  panels: ["fig9c"],
  notebook: NOTEBOOK,
  module: __filename,
  params: Fig9cParams,
  async run(ctx, p): Promise<ExperimentOutput<Fig9cValues>> {
    const scales = [...new Set([...p.batteryScales, 0.8, 1, 1.2])].sort((a, b) => a - b);
    await computePoints(
      ctx,
      p,
      p.strategies.flatMap((s) =>
        scales.flatMap((b) => withReference(point(s, { batteryScale: b, accuracy: 1 }))),
      ),
    );
    const rows: BatteryRow[] = [];
    for (const strategy of p.strategies) {
      for (const b of scales) {
        const pt = point(strategy, { batteryScale: b, accuracy: 1 });
        const r = await runPoint(ctx, p, pt);
        const s = strategy === "RBEMS" ? null : (await savingsOf(ctx, p, pt)).savingsMusd;
        rows.push({
          strategy,
          batteryScale: b,
          capacityMwh: r4(cityOf(ctx).battery.capacityMwh * b),
          utilisationPct: r4(100 * utilisationOf(r)),
          curtailedGwh: r4(annual(r, r.curtailedMwh) / 1000),
          cyclesPerDay: r4(batteryCyclesPerDay(r, b, cityOf(ctx).battery)),
          savingsMusd: s === null ? null : r4(s),
        });
      }
    }
    const m = (b: number) =>
      rows.find((r) => r.strategy === "MADRL-MOO" && Math.abs(r.batteryScale - b) < 1e-9)?.utilisationPct ??
      null;
    const [u0, u1, u2] = [m(0.8), m(1), m(1.2)];
    return {
      values: { rows },
      claims: {
        "s000.fig9c.utilisation.minus20": u0,
        "s000.fig9c.utilisation.base": u1,
        "s000.fig9c.utilisation.plus20": u2,
        "s000.fig9c.risePlus20": u1 !== null && u2 !== null && u1 !== 0 ? r4((100 * (u2 - u1)) / u1) : null,
      },
    };
  },
  figure(out, ledger) {
    const rows = out.values.rows;
    const strategies = [...new Set(rows.map((r) => r.strategy))];
    const paper = ["minus20", "base", "plus20"].map((k) =>
      ledger.find((r) => r.id === `s000.fig9c.utilisation.${k}`),
    );
    return {
      data: [
        ...strategies.map((s) => ({
          type: "scatter",
          mode: "lines+markers",
          name: `ours: ${s} renewable utilisation`,
          x: rows.filter((r) => r.strategy === s).map((r) => r.capacityMwh),
          y: rows.filter((r) => r.strategy === s).map((r) => r.utilisationPct),
          line: { color: COLORS.strategies[s] ?? COLORS.ours },
        })),
        ...strategies.map((s) => ({
          type: "scatter",
          mode: "lines",
          name: `ours: ${s} battery cycles/day`,
          x: rows.filter((r) => r.strategy === s).map((r) => r.capacityMwh),
          y: rows.filter((r) => r.strategy === s).map((r) => r.cyclesPerDay),
          yaxis: "y2",
          line: { color: COLORS.strategies[s] ?? COLORS.ours, dash: "dot" },
        })),
        {
          type: "scatter",
          mode: "lines+markers",
          name: "paper (MADRL-MOO)",
          x: [96, 120, 144],
          y: paper.map((r) => r?.paper ?? null),
          line: { color: COLORS.paper, dash: "dash" },
          marker: { symbol: "diamond", size: 10 },
        },
      ],
      layout: {
        title: { text: "Renewable utilisation and battery use vs battery capacity (ours vs paper)" },
        xaxis: { title: { text: "battery energy capacity (MWh; power 60 MW)" } },
        yaxis: { title: { text: "renewable utilisation (%)" } },
        yaxis2: { title: { text: "equivalent full cycles per day" }, overlaying: "y", side: "right" },
        legend: { orientation: "h", y: -0.25 },
      },
    };
  },
  notes(out, _ledger, p) {
    const rows = out.values.rows;
    return [
      ...rows.map(
        (r) =>
          `- ${r.strategy}, ${r.capacityMwh} MWh: utilisation ${r.utilisationPct} %, curtailed ${r.curtailedGwh} GWh/yr, ${r.cyclesPerDay} cycles/day${r.savingsMusd === null ? "" : `, savings ${r.savingsMusd} M$/yr`}.`,
      ),
      "",
      ...[...new Set(rows.map((r) => r.strategy))].map((s) => {
        const rs = rows.filter((r) => r.strategy === s);
        const a = rs[0];
        const b = rs[rs.length - 1];
        return `Utilisation ${s}: ${a.utilisationPct} % at ${a.capacityMwh} MWh -> ${b.utilisationPct} % at ${b.capacityMwh} MWh (${r4(b.utilisationPct - a.utilisationPct)} pp); battery use ${a.cyclesPerDay} -> ${b.cyclesPerDay} cycles/day.`;
      }),
      "",
      `With the paper's capacities our city curtails little under the rule-based EMS at any battery size (ADR 0100: mean load above mean renewable output, 60 MW export allowance), so a larger battery has little surplus to absorb and utilisation moves by hundredths of a point; the paper's ${paperText("s000.fig9c.utilisation.minus20")} -> ${paperText("s000.fig9c.utilisation.plus20")} needs a city with much more surplus. Where MADRL-MOO's utilisation is far below RBEMS's, the gap is its renewable agent curtailing after a short training (and its battery barely cycles), not the battery size.`,
      windowNote(p),
    ].join("\n");
  },
};

// ---------------------------------------------------------------- Fig. 9d: price volatility

const Fig9dParams = z.strictObject({
  ...windowsShape,
  volatilities: z.array(z.number().min(0)).min(2).default([0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6]),
});
type Fig9dParams = z.infer<typeof Fig9dParams>;

export interface VolatilityRow {
  volatility: number;
  tradingRevenueMusd: number;
  costReductionPct: number;
  savingsMusd: number;
  operatingCostMusd: number;
  referenceCostMusd: number;
}

/** The values of Fig. 9(d): trading revenue and cost reduction per price volatility. */
export type Fig9dValues = { strategy: string; reference: string; rows: VolatilityRow[] };

export const fig9d: Experiment<Fig9dParams, Fig9dValues> = {
  id: "s000/fig9d",
  title: "Price volatility vs trading revenue and cost reduction (seed 000, Fig. 9d)",
  panels: ["fig9d"],
  notebook: NOTEBOOK,
  module: __filename,
  params: Fig9dParams,
  async run(ctx, p): Promise<ExperimentOutput<Fig9dValues>> {
    const vols = [...new Set([...p.volatilities, 0.2, 1.6])].sort((a, b) => a - b);
    await computePoints(
      ctx,
      p,
      vols.flatMap((v) => withReference(point("MADRL-MOO", { volatility: v }))),
    );
    const rows: VolatilityRow[] = [];
    const progress = ctx.progress("fig9d volatility points", vols.length, "points");
    for (const [i, v] of vols.entries()) {
      const pt = point("MADRL-MOO", { volatility: v });
      const s = await savingsOf(ctx, p, pt);
      const ref = await runPoint(ctx, p, point("RBEMS", { volatility: v }));
      rows.push({
        volatility: v,
        tradingRevenueMusd: r4(annual(s.result, s.result.tradingRevenueUsd) / 1e6),
        costReductionPct: r4(s.costReductionPct),
        savingsMusd: r4(s.savingsMusd),
        operatingCostMusd: r4(annual(s.result, s.result.operatingCostUsd) / 1e6),
        referenceCostMusd: r4(annual(ref, ref.operatingCostUsd) / 1e6),
      });
      progress.set(i + 1);
    }
    progress.finish();
    const at = (v: number) => rows.find((r) => Math.abs(r.volatility - v) < 1e-9);
    return {
      values: { strategy: "MADRL-MOO", reference: "RBEMS", rows },
      claims: {
        "s000.fig9d.revenue.vol0.2": at(0.2)?.tradingRevenueMusd ?? null,
        "s000.fig9d.revenue.vol1.6": at(1.6)?.tradingRevenueMusd ?? null,
        "s000.fig9d.costReduction.vol0.2": at(0.2)?.costReductionPct ?? null,
        "s000.fig9d.costReduction.vol1.6": at(1.6)?.costReductionPct ?? null,
      },
    };
  },
  figure(out, ledger) {
    const rows = out.values.rows;
    const x = rows.map((r) => r.volatility);
    const pv = (id: string) => ledger.find((r) => r.id === id)?.paper ?? null;
    return {
      data: [
        {
          type: "scatter",
          mode: "lines+markers",
          name: "ours: MADRL-MOO trading revenue",
          x,
          y: rows.map((r) => r.tradingRevenueMusd),
          line: { color: COLORS.ours },
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "ours: cost reduction vs RBEMS",
          x,
          y: rows.map((r) => r.costReductionPct),
          yaxis: "y2",
          line: { color: COLORS.strategies["MADRL-MOO"] },
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "paper: revenue",
          x: [0.2, 1.6],
          y: [pv("s000.fig9d.revenue.vol0.2"), pv("s000.fig9d.revenue.vol1.6")],
          line: { color: COLORS.paper, dash: "dash" },
          marker: { symbol: "diamond", size: 10 },
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "paper: cost reduction",
          x: [0.2, 1.6],
          y: [pv("s000.fig9d.costReduction.vol0.2"), pv("s000.fig9d.costReduction.vol1.6")],
          yaxis: "y2",
          line: { color: "#777", dash: "dot" },
          marker: { symbol: "diamond-open", size: 10 },
        },
      ],
      layout: {
        title: { text: "Trading revenue and operating cost reduction vs price volatility (ours vs paper)" },
        xaxis: { title: { text: "price volatility v (lib/papers/s000/world prices.ts; 1 = nominal)" } },
        yaxis: { title: { text: "P2P trading revenue (M$/yr)" } },
        yaxis2: { title: { text: "operating cost reduction vs RBEMS (%)" }, overlaying: "y", side: "right" },
        legend: { orientation: "h", y: -0.25 },
      },
    };
  },
  notes(out, _ledger, p) {
    const rows = out.values.rows;
    return [
      ...rows.map(
        (r) =>
          `- v = ${r.volatility}: trading revenue ${r.tradingRevenueMusd} M$/yr, operating cost ${r.operatingCostMusd} vs RBEMS ${r.referenceCostMusd} M$/yr (reduction ${r.costReductionPct} %).`,
      ),
      "",
      "Volatility moves the tariff inside its fixed bands (lib/papers/s000/world prices.ts: position Phi(v x)); P2P prices are bounded by the feed-in and retail prices, so revenue follows the band levels more than the volatility. The reference RBEMS runs under the same prices.",
      windowNote(p),
    ].join("\n");
  },
};

// ---------------------------------------------------------------- Fig. 9e: learning rates

const Fig9eParams = z.strictObject({
  ...windowsShape,
  learningRates: z.array(z.number().gt(0).max(1)).min(1).default([0.0005, 0.001, 0.005, 0.01]),
  /** Also show the nominal actor rate 1e-4 (the paper's, not among its tested rates). */
  includeNominal: z.boolean().default(true),
  /** Evaluate every trained agent on the windows (savings vs RBEMS). */
  evaluate: z.boolean().default(true),
});
type Fig9eParams = z.infer<typeof Fig9eParams>;

export interface LrRow {
  actorLr: number;
  nominal: boolean;
  episodeReward: number[];
  /** Mean reward of the last third of the episodes (of the smoothed curve, see curveStats). */
  finalReward: number;
  /** First episode whose reward reaches 90 % of the way from the first episode's to the final level. */
  episodesTo90: number | null;
  /** Largest fall between consecutive episodes after the first third (oscillation). */
  maxDrop: number;
  savingsMusd: number | null;
}

/**
 * Statistics of a learning curve after a moving average over `period` episodes (training cycles through the
 * profile's windows, so consecutive episodes see different seasons: period = the number of windows removes that
 * saw-tooth before judging convergence and oscillation).
 */
export function curveStats(
  curve: readonly number[],
  period = 1,
): Pick<LrRow, "finalReward" | "episodesTo90" | "maxDrop"> {
  const m = Math.max(1, Math.min(period, curve.length));
  const sm: number[] = [];
  for (let k = m - 1; k < curve.length; k++) {
    let a = 0;
    for (let j = k - m + 1; j <= k; j++) a += curve[j];
    sm.push(a / m);
  }
  const n = sm.length;
  const tail = sm.slice(Math.floor((2 * n) / 3));
  const final = tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length);
  const target = sm[0] + 0.9 * (final - sm[0]);
  const up = final >= sm[0];
  const i = sm.findIndex((v) => (up ? v >= target : v <= target));
  let drop = 0;
  for (let k = Math.max(1, Math.floor(n / 3)); k < n; k++) drop = Math.max(drop, sm[k - 1] - sm[k]);
  return { finalReward: r4(final), episodesTo90: i < 0 ? null : i + m, maxDrop: r4(drop) };
}

/** The values of Fig. 9(e): one learning curve per actor learning rate. */
export type Fig9eValues = {
  training: Fig9eParams["training"];
  /** The training budget's episodes and steps per episode (FIG9_TRAINING_PROFILES; optional there). */
  episodes: number | undefined;
  stepsPerEpisode: number | undefined;
  criticLr: number;
  rows: LrRow[];
};

export const fig9e: Experiment<Fig9eParams, Fig9eValues> = {
  id: "s000/fig9e",
  title: "Learning curves for four learning rates (seed 000, Fig. 9e)",
  panels: ["fig9e"],
  notebook: NOTEBOOK,
  module: __filename,
  params: Fig9eParams,
  async run(ctx, p): Promise<ExperimentOutput<Fig9eValues>> {
    const lrs = [...(p.includeNominal ? [NOMINAL.actorLr] : []), ...p.learningRates];
    // Each learning rate trains its own agent: with evaluation, its point trains it on a worker.
    if (p.evaluate)
      await computePoints(
        ctx,
        p,
        [...new Set(lrs)].flatMap((lr) => withReference(point("MADRL-MOO", { actorLr: lr }))),
      );
    const rows: LrRow[] = [];
    for (const lr of [...new Set(lrs)]) {
      const tr = await trainedAgent(ctx, p.training, lr);
      const curve = Array.from(tr.curve.episodeReward, r4);
      const savings = p.evaluate
        ? (await savingsOf(ctx, p, point("MADRL-MOO", { actorLr: lr }))).savingsMusd
        : null;
      rows.push({
        actorLr: lr,
        nominal: lr === NOMINAL.actorLr,
        episodeReward: curve,
        ...curveStats(curve, FIG9_TRAINING_PROFILES[p.training].windowStartDays.length),
        savingsMusd: savings === null ? null : r4(savings),
      });
    }
    const prof = FIG9_TRAINING_PROFILES[p.training];
    return {
      values: {
        training: p.training,
        episodes: prof.training.episodes,
        stepsPerEpisode: prof.training.maxEpisodeSteps,
        criticLr: 1e-3,
        rows,
      },
      claims: {},
    };
  },
  figure(out) {
    const rows = out.values.rows;
    const palette = ["#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#8c564b"];
    return {
      data: rows.map((r, i) => ({
        type: "scatter",
        mode: "lines+markers",
        name: `actor lr ${r.actorLr}${r.nominal ? " (nominal)" : ""}`,
        x: r.episodeReward.map((_, k) => k + 1),
        y: r.episodeReward,
        line: { color: palette[i % palette.length], dash: r.nominal ? "dot" : "solid" },
      })),
      layout: {
        title: {
          text: "MADDPG learning curves per actor learning rate (ours; the paper's figure has no numbers)",
        },
        xaxis: { title: { text: "training episode" } },
        yaxis: { title: { text: "episode reward (weighted terms, summed over agents)" } },
        legend: { orientation: "h", y: -0.2 },
      },
    };
  },
  notes(out, _ledger, p) {
    const rows = out.values.rows;
    return [
      ...rows.map(
        (r) =>
          `- actor lr ${r.actorLr}${r.nominal ? " (nominal)" : ""}: final reward ${r.finalReward}, 90 % of the rise by episode ${r.episodesTo90 ?? "never"}, largest mid/late fall ${r.maxDrop}${r.savingsMusd === null ? "" : `, evaluated savings ${r.savingsMusd} M$/yr`}.`,
      ),
      "",
      `Statistics after a moving average over the ${FIG9_TRAINING_PROFILES[p.training].windowStartDays.length} training window(s) (episodes cycle through seasons). Critic learning rate held at the paper's 1e-3. ${out.values.episodes} episodes of ${out.values.stepsPerEpisode} steps ("${out.values.training}" budget): far shorter than the paper's (unstated) training, so "all converge to a similar level" can only be judged on this budget.`,
      windowNote(p),
    ].join("\n");
  },
};

// ---------------------------------------------------------------- Fig. 9f: heatmap

/** The values of Fig. 9(f): the parameter x KPI heatmap (change per +20 %, % of nominal). */
export type Fig9fValues = {
  categories: typeof KPI_CATEGORIES;
  rows: Pick<TornadoRow, "param" | "label" | "strategy" | "heat">[];
  maxAbsPct: number;
};

export const fig9f: Experiment<TornadoParams, Fig9fValues> = {
  id: "s000/fig9f",
  title: "Heatmap: parameter x KPI category under ±20 % (seed 000, Fig. 9f)",
  panels: ["fig9f"],
  notebook: NOTEBOOK,
  module: __filename,
  params: WindowsParamsSchema,
  async run(ctx, p): Promise<ExperimentOutput<Fig9fValues>> {
    const rows = await tornadoRows(ctx, p);
    let maxAbs = 0;
    for (const r of rows)
      for (const c of KPI_CATEGORIES) {
        const v = r.heat[c.key];
        if (v !== null && Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
      }
    return {
      values: {
        categories: KPI_CATEGORIES,
        rows: rows.map((r) => ({ param: r.param, label: r.label, strategy: r.strategy, heat: r.heat })),
        maxAbsPct: r4(maxAbs),
      },
      claims: {},
    };
  },
  figure(out) {
    const rows = out.values.rows;
    const z = rows.map((r) => KPI_CATEGORIES.map((c) => r.heat[c.key]));
    return {
      data: [
        {
          type: "heatmap",
          x: KPI_CATEGORIES.map((c) => c.label),
          y: rows.map((r) => `${r.label} [${r.strategy}]`),
          z,
          text: z.map((row) => row.map((v) => (v === null ? "n/a" : `${v.toFixed(2)} %`))),
          texttemplate: "%{text}",
          colorscale: "RdBu",
          zmid: 0,
          colorbar: { title: { text: "% per +20 %" } },
        },
      ],
      layout: {
        title: { text: "KPI change per +20 % of each parameter (half the -20 %..+20 % swing, % of nominal)" },
        yaxis: { automargin: true },
      },
    };
  },
  notes(out, _ledger, p) {
    return [
      `Largest |cell| ${out.values.maxAbsPct} %. KPIs: ${KPI_CATEGORIES.map((c) => `${c.label} = ${c.kpi}`).join("; ")}. "n/a": the MPC places no P2P orders. Cells come from the same cached points as fig9a.`,
      windowNote(p),
    ].join("\n");
  },
};

/** The six panels as the registry holds them (values erased: each panel's own type is on fig9a ... fig9f). */
export const FIG9_EXPERIMENTS: readonly Experiment[] = [fig9a, fig9b, fig9c, fig9d, fig9e, fig9f];
