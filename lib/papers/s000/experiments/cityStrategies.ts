import { z } from "zod";
import { ConfigError } from "../../../core/errors";
import type { ExperimentContext } from "../../../experiments/types";
import type { CityFlows } from "../../../metrics/flows";
import { computeKpis, type KpiOptions, type Kpis } from "../../../metrics/kpis";
import { runCityStrategy, SLICE_STRATEGIES, type SliceStrategy } from "./cityRuns";

/**
 * Shared plumbing of the Fig. 4(b-d) and Fig. 5 experiments: which strategies the city runs know, the
 * paper's bar order, and one call that returns every strategy's cached flows and KPIs. Strategies come
 * from cityRuns' exported list, so a controller that lands there appears in every panel without a
 * change here.
 */
export const CITY_STRATEGIES = SLICE_STRATEGIES;
export type CityStrategy = SliceStrategy;

/** The paper's strategies in its bar order (Figs. 4 and 5). */
export const PAPER_STRATEGIES = ["RBEMS", "BT-Only", "MPC", "GA-EMS", "MADRL-MOO"] as const;
/** The proposed method and the four benchmarks the paper compares it with. */
export const PROPOSED = "MADRL-MOO";
export const BENCHMARKS = ["RBEMS", "BT-Only", "MPC", "GA-EMS"] as const;

/** Params every city-run panel shares: keep them equal to fig4a's so the runs come from one cache entry. */
export const horizonShape = {
  /** Days simulated (365 = the paper's year). */
  days: z.number().int().min(1).max(365),
  /** Day of year of the first step (0 = 1 January). */
  startDay: z.number().int().min(0).max(364).default(0),
  /** Strategies to show; default: every strategy the city runs know. */
  strategies: z
    .array(z.enum(CITY_STRATEGIES))
    .min(1)
    .default([...CITY_STRATEGIES]),
};

export interface StrategyRun {
  readonly strategy: string;
  readonly flows: CityFlows;
  readonly kpis: Kpis;
}

/** Every requested strategy's flows (cached, shared with fig4a) and KPIs, in request order. */
export async function runStrategies(
  ctx: ExperimentContext,
  p: { days: number; startDay: number; strategies: readonly string[] },
  kpiOptions: Partial<KpiOptions> = {},
): Promise<StrategyRun[]> {
  const out: StrategyRun[] = [];
  for (const strategy of p.strategies) {
    const flows = await runCityStrategy(ctx, strategy as CityStrategy, {
      days: p.days,
      startDay: p.startDay,
    });
    out.push({ strategy, flows, kpis: computeKpis(flows, { startDayOfYear: p.startDay, ...kpiOptions }) });
  }
  return out;
}

/** The paper's five strategies in bar order, then any other strategy we ran (e.g. "No storage"). */
export function barOrder(ran: readonly string[]): string[] {
  return [...PAPER_STRATEGIES, ...ran.filter((s) => !(PAPER_STRATEGIES as readonly string[]).includes(s))];
}

/** Scale to a year: a run of `days` days stands for 365 / days of itself (stated in every note). */
export function annualFactor(days: number): number {
  return 365 / days;
}

/** Rounds for JSON (values compare byte-identically run to run). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

/**
 * (reference - value) / reference in %, or null when either is missing or the reference is zero
 * (|reference| <= 1e-9: a strategy that curtails nothing leaves "x % less curtailment" undefined).
 */
export function reductionPct(
  value: number | null | undefined,
  reference: number | null | undefined,
): number | null {
  if (value === null || value === undefined || reference === null || reference === undefined) return null;
  if (!Number.isFinite(value) || !Number.isFinite(reference) || Math.abs(reference) <= 1e-9) return null;
  return (100 * (reference - value)) / reference;
}

/**
 * The best of the paper's benchmarks among the strategies we ran, by `better` ("higher" or "lower"),
 * or null when none ran. "No storage" and other reference runs are not benchmarks of the paper.
 */
export function bestBenchmark<T extends { strategy: string }>(
  rows: readonly T[],
  value: (r: T) => number,
  better: "higher" | "lower",
): { strategy: string; value: number } | null {
  let best: { strategy: string; value: number } | null = null;
  for (const r of rows) {
    if (!(BENCHMARKS as readonly string[]).includes(r.strategy)) continue;
    const v = value(r);
    if (!Number.isFinite(v)) continue;
    if (best === null || (better === "higher" ? v > best.value : v < best.value))
      best = { strategy: r.strategy, value: v };
  }
  return best;
}

/**
 * The seven-day window of Fig. 4(c)/(d), given as an absolute day of year so every profile shows the
 * same week; it must lie inside the simulated horizon.
 */
export function windowSteps(
  p: { days: number; startDay: number; weekStartDay: number; weekDays: number },
  stepH: number,
): { from: number; to: number } {
  const offset = p.weekStartDay - p.startDay;
  if (offset < 0 || offset + p.weekDays > p.days)
    throw new ConfigError(
      `window days ${p.weekStartDay}..${p.weekStartDay + p.weekDays - 1} lie outside the simulated days ${p.startDay}..${p.startDay + p.days - 1}`,
      "params.weekStartDay",
      `choose weekStartDay in [${p.startDay}, ${p.startDay + p.days - p.weekDays}] or lengthen days`,
    );
  const perDay = Math.round(24 / stepH);
  return { from: offset * perDay, to: (offset + p.weekDays) * perDay };
}

/** Window params shared by fig4c and fig4d (defaults: a June week, days 152-158, as fig4a's ci run). */
export const windowShape = {
  /** Day of year of the window's first day. */
  weekStartDay: z.number().int().min(0).max(364).default(152),
  weekDays: z.number().int().min(1).max(31).default(7),
};
