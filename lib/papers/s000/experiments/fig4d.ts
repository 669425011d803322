import { z } from "zod";
import { type ClaimRow, paperClaim, paperText } from "../../../experiments/claims";
import type { Experiment, ExperimentOutput } from "../../../experiments/types";
import type { CityFlows } from "../../../metrics/flows";
import { shareBarsFigure } from "../../../plots/shareBars";
import {
  barOrder,
  horizonShape,
  PROPOSED,
  round,
  runStrategies,
  windowShape,
  windowSteps,
} from "./cityStrategies";

const Params = z.strictObject({ ...horizonShape, ...windowShape });
type Params = z.infer<typeof Params>;

/** The five pathways of Fig. 4(d), in the paper's order, with the CityFlows column of each. */
export const FLOW_PATHWAYS = [
  { key: "local", label: "direct local consumption", column: "renewLocalMwh" },
  { key: "p2p", label: "P2P trading", column: "renewP2pMwh" },
  { key: "battery", label: "battery", column: "renewToBatteryMwh" },
  { key: "export", label: "grid export", column: "renewExportMwh" },
  { key: "curtailed", label: "curtailed", column: "curtailedMwh" },
] as const;

export type Split = Record<(typeof FLOW_PATHWAYS)[number]["key"], number>;

/** Shares (%) of generated renewable energy per pathway over steps [from, to). */
export function flowSplitPct(f: CityFlows, from = 0, to = f.windMwh.length): Split {
  let gen = 0;
  for (let t = from; t < to; t++) gen += f.windMwh[t] + f.pvMwh[t];
  const out = {} as Split;
  for (const p of FLOW_PATHWAYS) {
    let s = 0;
    const col = f[p.column];
    for (let t = from; t < to; t++) s += col[t];
    out[p.key] = gen > 0 ? round((100 * s) / gen) : Number.NaN;
  }
  return out;
}

export interface Fig4dRow {
  strategy: string;
  /** Shares (%) over the Fig. 4(c) week. */
  week: Split;
  /** Shares (%) over the whole run. */
  run: Split;
}

/** The values of Fig. 4(d): the flow split per strategy. */
export type Fig4dValues = {
  days: number;
  startDay: number;
  weekStartDay: number;
  weekDays: number;
  strategies: Fig4dRow[];
};

const COLORS = ["#2ca02c", "#9467bd", "#1f77b4", "#ff7f0e", "#7f7f7f"];

/**
 * Figure 4(d): where the renewable energy goes (local, P2P, battery, export, curtailed), over the
 * Fig. 4(c) week (the paper's claims, notes-000 §3) and over the whole run, per strategy.
 */
export const fig4d: Experiment<Params, Fig4dValues> = {
  id: "s000/fig4d",
  title: "Renewable energy flow split (seed 000, Fig. 4d)",
  panels: ["fig4d"],
  notebook: "s000-01-utilisation",
  module: __filename,
  params: Params,
  async run(ctx, p): Promise<ExperimentOutput<Fig4dValues>> {
    const runs = await runStrategies(ctx, p);
    const { from, to } = windowSteps(p, runs[0].flows.stepH);
    const rows: Fig4dRow[] = runs.map((r) => ({
      strategy: r.strategy,
      week: flowSplitPct(r.flows, from, to),
      run: flowSplitPct(r.flows),
    }));
    const prop = rows.find((r) => r.strategy === PROPOSED);
    const claims: Record<string, number | null> = {};
    for (const k of FLOW_PATHWAYS) claims[`s000.fig4d.share.${k.key}`] = prop ? prop.week[k.key] : null;
    return {
      values: {
        days: p.days,
        startDay: p.startDay,
        weekStartDay: p.weekStartDay,
        weekDays: p.weekDays,
        strategies: rows,
      },
      claims,
    };
  },
  figure(out, ledger) {
    const rows = out.values.strategies;
    const paper = FLOW_PATHWAYS.map(
      (k) => ledger.find((r) => r.id === `s000.fig4d.share.${k.key}`)?.paper ?? null,
    );
    const bars = [{ label: `${PROPOSED} (paper)`, shares: paper }];
    for (const s of barOrder(rows.map((r) => r.strategy))) {
      const r = rows.find((x) => x.strategy === s);
      if (!r) continue;
      bars.push({ label: `${s} (ours, week)`, shares: FLOW_PATHWAYS.map((k) => r.week[k.key]) });
      bars.push({
        label: `${s} (ours, ${out.values.days} days)`,
        shares: FLOW_PATHWAYS.map((k) => r.run[k.key]),
      });
    }
    return shareBarsFigure(
      FLOW_PATHWAYS.map((k) => k.label),
      bars,
      {
        title: "Where the renewable energy goes (share of generated, %)",
        xTitle: "share of generated renewable energy (%)",
        colors: COLORS,
      },
    );
  },
  notes(out, ledger: readonly ClaimRow[]) {
    const rows = out.values.strategies;
    const f = (s: Split) => FLOW_PATHWAYS.map((k) => `${k.label} ${s[k.key].toFixed(1)}`).join(" / ");
    const lines = rows.map((r) => `- **${r.strategy}**: week ${f(r.week)} %; whole run ${f(r.run)} %.`);
    const notRun = ledger.every((r) => r.ours === null);
    return [
      ...lines,
      "",
      notRun
        ? `The paper's split (${["local", "p2p", "battery", "export", "curtailed"].map((k) => paperClaim(`s000.fig4d.share.${k}`).value).join(" / ")} %) is for ${PROPOSED}, which the city runs do not include yet, so its rows read "not run".`
        : "",
      rows.every((r) => r.run.p2p === 0)
        ? "No strategy in these city runs trades peer to peer (RBEMS, MPC, GA-EMS and the no-storage reference have no P2P market), so every P2P share is 0."
        : "",
      `The paper's ${paperText("s000.fig4d.share.curtailed")} curtailed share contradicts its own ${paperText("s000.fig4b.curtailment.MADRL-MOO")} curtailment (notes-000 §7.1): we compute the split over the displayed week (the claims) and over the whole run.`,
    ].join("\n");
  },
};
