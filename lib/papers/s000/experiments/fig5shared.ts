import { z } from "zod";
import type { ClaimRow } from "../../../experiments/claims";
import type { Experiment, ExperimentContext, ExperimentOutput } from "../../../experiments/types";
import { strategyBarsFigure } from "../../../plots/strategyBars";
import { annualFactor, barOrder, horizonShape, round, runStrategies } from "./cityStrategies";

/** Params of the Fig. 5 panels: the shared city horizon (fig4a's, so the runs are one cache entry). */
export const EconParams = z.strictObject({ ...horizonShape });
export type EconParams = z.infer<typeof EconParams>;

/**
 * One strategy's annual economics (money in M$, energy in GWh), annualised from the run by 365/days.
 * Definitions: lib/metrics/kpis.ts KPI_DEFINITIONS (operating cost = grid purchase + battery
 * degradation + peak demand charge + P2P fees - export revenue; tariffs there, with their sources).
 */
export interface EconRow {
  strategy: string;
  operatingCostMusd: number;
  gridPurchaseMusd: number;
  batteryDegradationMusd: number;
  peakDemandChargeMusd: number;
  p2pFeesMusd: number;
  exportRevenueMusd: number;
  tradingRevenueMusd: number;
  gridPurchaseGwh: number;
  p2pVolumeGwh: number;
  transactions: number;
  peakImportMw: number;
  demandGwh: number;
}

/** The best benchmark's value of a panel's quantity (cityStrategies.ts bestBenchmark); null when none ran. */
export type BestBenchmark = { strategy: string; value: number } | null;

/** The values of a Fig. 5 bar panel: one row per strategy run (and, for (b) and (c), the best benchmark). */
export type EconValues = {
  days: number;
  startDay: number;
  strategies: EconRow[];
  bestBenchmark?: BestBenchmark;
};

/** Every requested strategy's annualised economics from the shared city runs. */
export async function economicsRows(ctx: ExperimentContext, p: EconParams): Promise<EconRow[]> {
  const runs = await runStrategies(ctx, p);
  const a = annualFactor(p.days);
  const m = (usd: number) => round((usd * a) / 1e6);
  const g = (mwh: number) => round((mwh * a) / 1000);
  return runs.map(({ strategy, kpis: k }) => ({
    strategy,
    operatingCostMusd: m(k.operatingCostUsd),
    gridPurchaseMusd: m(k.gridPurchaseUsd),
    batteryDegradationMusd: m(k.batteryDegradationUsd),
    peakDemandChargeMusd: m(k.peakDemandChargeUsd),
    p2pFeesMusd: m(k.p2pFeesUsd),
    exportRevenueMusd: m(k.exportRevenueUsd),
    tradingRevenueMusd: m(k.tradingRevenueUsd),
    gridPurchaseGwh: g(k.gridPurchaseMwh),
    p2pVolumeGwh: g(k.p2pVolumeMwh),
    transactions: round(k.transactionCount * a, 0),
    peakImportMw: round(k.peakImportMw),
    demandGwh: g(k.demandMwh),
  }));
}

export const ANNUALISED_NOTE = (days: number) =>
  days === 365
    ? "Values are for the simulated year."
    : `Values are annualised from ${days} simulated days (x 365/${days}); a ${days}-day window is not a year (season matters), so compare shapes and ranks more than levels on this profile.`;

/** What one bar panel of Fig. 5 needs to say. */
export interface EconPanelSpec {
  readonly id: string;
  /** The panel module's own `__filename` (its import closure keys the cache). */
  readonly module: string;
  readonly title: string;
  readonly quantity: string;
  readonly key: keyof Omit<EconRow, "strategy">;
  readonly unit: string;
  readonly yTitle: string;
  /** Our value per claim id of this panel, from the rows. */
  claims(rows: readonly EconRow[]): Record<string, number | null>;
  /** Extra derived numbers stored in values (e.g. the reduction vs the best benchmark). */
  derived?(rows: readonly EconRow[]): { bestBenchmark: BestBenchmark };
  /** Panel-specific notes lines. */
  discuss(rows: readonly EconRow[], ledger: readonly ClaimRow[], values: Readonly<EconValues>): string[];
}

/** A Fig. 5 bar panel: one quantity per strategy, ours beside the paper's, annualised. */
export function econPanel(spec: EconPanelSpec): Experiment<EconParams, EconValues> {
  return {
    id: spec.id,
    title: spec.title,
    panels: [spec.id.slice(spec.id.indexOf("/") + 1)],
    notebook: "s000-02-economics",
    module: spec.module,
    params: EconParams,
    async run(ctx, p): Promise<ExperimentOutput<EconValues>> {
      const rows = await economicsRows(ctx, p);
      return {
        values: { days: p.days, startDay: p.startDay, strategies: rows, ...(spec.derived?.(rows) ?? {}) },
        claims: spec.claims(rows),
      };
    },
    figure(out, ledger) {
      const rows = out.values.strategies;
      const paper = new Map(
        ledger.filter((r) => r.quantity === spec.quantity).map((r) => [r.subject, r.paper]),
      );
      const names = barOrder(rows.map((r) => r.strategy));
      if (paper.has("best benchmark")) names.push("best benchmark");
      return strategyBarsFigure(
        names.map((s) => ({
          strategy: s,
          ours:
            s === "best benchmark"
              ? (out.values.bestBenchmark?.value ?? null)
              : (rows.find((r) => r.strategy === s)?.[spec.key] ?? null),
          paper: paper.get(s) ?? null,
        })),
        {
          title: `${spec.title.replace(/ \(seed 000.*$/, "")}, ${out.values.days === 365 ? "one year" : `annualised from ${out.values.days} days`} (ours vs paper)`,
          yTitle: spec.yTitle,
          unit: ` ${spec.unit}`,
        },
      );
    },
    notes(out, ledger) {
      const rows = out.values.strategies;
      return [...spec.discuss(rows, ledger, out.values), "", ANNUALISED_NOTE(out.values.days)].join("\n");
    },
  };
}
