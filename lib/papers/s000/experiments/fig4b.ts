import { z } from "zod";
import { paperText } from "../../../experiments/claims";
import type { Experiment, ExperimentOutput } from "../../../experiments/types";
import { strategyBarsFigure } from "../../../plots/strategyBars";
import { barOrder, horizonShape, PROPOSED, reductionPct, round, runStrategies } from "./cityStrategies";

const Params = z.strictObject({ ...horizonShape });
type Params = z.infer<typeof Params>;

export interface Fig4bRow {
  strategy: string;
  curtailmentPct: number;
  curtailedGwh: number;
  generatedGwh: number;
  /** This strategy's curtailment below MPC's / RBEMS's, in % of theirs (null if that one was not run). */
  reductionVsMpcPct: number | null;
  reductionVsRbemsPct: number | null;
}

/** The values of Fig. 4(b): one row per strategy run. */
export type Fig4bValues = { days: number; startDay: number; strategies: Fig4bRow[] };

/**
 * Figure 4(b): renewable curtailment (curtailed / generated) per strategy and the proposed method's
 * reductions relative to MPC and RBEMS, from the same cached city runs as Fig. 4(a).
 */
export const fig4b: Experiment<Params, Fig4bValues> = {
  id: "s000/fig4b",
  title: "Renewable curtailment per strategy (seed 000, Fig. 4b)",
  panels: ["fig4b"],
  notebook: "s000-01-utilisation",
  module: __filename,
  params: Params,
  async run(ctx, p): Promise<ExperimentOutput<Fig4bValues>> {
    const runs = await runStrategies(ctx, p);
    const curt = new Map(runs.map((r) => [r.strategy, 100 * r.kpis.curtailment]));
    const rows: Fig4bRow[] = runs.map((r) => {
      const c = 100 * r.kpis.curtailment;
      const vsMpc = reductionPct(c, curt.get("MPC"));
      const vsRb = reductionPct(c, curt.get("RBEMS"));
      return {
        strategy: r.strategy,
        curtailmentPct: round(c),
        curtailedGwh: round((r.kpis.renewableGeneratedMwh * r.kpis.curtailment) / 1000),
        generatedGwh: round(r.kpis.renewableGeneratedMwh / 1000),
        reductionVsMpcPct: vsMpc === null ? null : round(vsMpc),
        reductionVsRbemsPct: vsRb === null ? null : round(vsRb),
      };
    });
    const get = (s: string) => rows.find((r) => r.strategy === s);
    const claims: Record<string, number | null> = {
      "s000.fig4b.curtailment.MADRL-MOO": get(PROPOSED)?.curtailmentPct ?? null,
      "s000.fig4b.curtailment.MPC": get("MPC")?.curtailmentPct ?? null,
      "s000.fig4b.curtailment.RBEMS": get("RBEMS")?.curtailmentPct ?? null,
      "s000.fig4b.reductionVsMPC": get(PROPOSED)?.reductionVsMpcPct ?? null,
      "s000.fig4b.reductionVsRBEMS": get(PROPOSED)?.reductionVsRbemsPct ?? null,
    };
    return { values: { days: p.days, startDay: p.startDay, strategies: rows }, claims };
  },
  figure(out, ledger) {
    const rows = out.values.strategies;
    const paper = new Map(
      ledger.filter((r) => r.quantity === "renewable curtailment").map((r) => [r.subject, r.paper]),
    );
    return strategyBarsFigure(
      barOrder(rows.map((r) => r.strategy)).map((s) => ({
        strategy: s,
        ours: rows.find((r) => r.strategy === s)?.curtailmentPct ?? null,
        paper: paper.get(s) ?? null,
      })),
      {
        title: `Renewable curtailment per strategy, ${out.values.days} days (ours vs paper; MPC and RBEMS paper bars derived from the stated reductions)`,
        yTitle: "curtailed / generated (%)",
        unit: "%",
      },
    );
  },
  notes(out) {
    const rows = out.values.strategies;
    const fmt = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)} %`);
    const lines = rows.map(
      (r) =>
        `- **${r.strategy}**: curtailment ${r.curtailmentPct.toFixed(2)} % (${r.curtailedGwh.toFixed(2)} of ${r.generatedGwh.toFixed(1)} GWh); below MPC by ${fmt(r.reductionVsMpcPct)}, below RBEMS by ${fmt(r.reductionVsRbemsPct)}.`,
    );
    const ns = rows.find((r) => r.strategy === "No storage");
    const rb = rows.find((r) => r.strategy === "RBEMS");
    const batt =
      ns && rb
        ? `The battery under the rule-based EMS curtails ${(ns.curtailedGwh - rb.curtailedGwh).toFixed(2)} GWh less than the no-storage reference over the run.`
        : "";
    const ran = (x: string) => rows.some((r) => r.strategy === x);
    const pending = ran(PROPOSED)
      ? ""
      : `The paper's reductions (${paperText("s000.fig4b.reductionVsMPC")} vs MPC, ${paperText("s000.fig4b.reductionVsRBEMS")} vs RBEMS) are properties of ${PROPOSED}, which is not among the strategies run: those rows read "not run".`;
    const undef = rows
      .filter((r) => (r.strategy === "MPC" || r.strategy === "RBEMS") && r.curtailmentPct === 0)
      .map(
        (r) =>
          `${r.strategy} curtails nothing on this run, so a reduction relative to it is undefined (shown as —).`,
      );
    const derived = `The MPC and RBEMS paper values (${paperText("s000.fig4b.curtailment.MPC")}, ${paperText("s000.fig4b.curtailment.RBEMS")}) are derived from ${paperText("s000.fig4b.curtailment.MADRL-MOO")} and the stated reductions, not stated by the paper.`;
    return [...lines, "", ...[batt, pending, ...undef, derived].filter((l) => l !== "")].join("\n");
  },
};
