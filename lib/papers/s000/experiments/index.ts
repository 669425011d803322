import type { Experiment } from "../../../experiments/types";
import { ECONOMICS_EXPERIMENTS } from "./group-economics";
import { ENGINES_EXPERIMENTS } from "./group-engines";
import { ROBUSTNESS_EXPERIMENTS } from "./group-robustness";
import { SCALABILITY_EXPERIMENTS } from "./group-scalability";
import { SENSITIVITY_EXPERIMENTS } from "./group-sensitivity";
import { STABILITY_EXPERIMENTS } from "./group-stability";
import { UTILISATION_EXPERIMENTS } from "./group-utilisation";

// Every experiment with its values type, for typed access from a notebook:
// `const r = await lib.reproduce(lib.s000.fig4a, { profile })` gives `r.output.values: Fig4aValues`.
export { type Fig4aValues, fig4a, type StrategyRow } from "./fig4a";
export { type Fig4bRow, type Fig4bValues, fig4b } from "./fig4b";
export { type Fig4cValues, fig4c, type WeekRow } from "./fig4c";
export { type Fig4dRow, type Fig4dValues, fig4d, type Split } from "./fig4d";
export {
  type ExportLimitRow,
  type ExportLimitValues,
  fig4ExportLimit,
  type SurplusRow,
} from "./fig4ExportLimit";
export { fig5a } from "./fig5a";
export { fig5b } from "./fig5b";
export { fig5c } from "./fig5c";
export { fig5d } from "./fig5d";
export { type Fig5eValues, fig5e, type MarketRow } from "./fig5e";
export { type Fig5savingsValues, fig5savings, type SavingsRow } from "./fig5savings";
export type { BestBenchmark, EconRow, EconValues } from "./fig5shared";
export {
  type Fig6aValues,
  type Fig6bValues,
  type Fig6eValues,
  fig6a,
  fig6b,
  fig6c,
  fig6d,
  fig6e,
  fig6f,
  type StabilityRow,
  type StabilityValues,
} from "./fig6";
export { fig7a } from "./fig7a";
export { fig7c } from "./fig7c";
export type { Fig7Row, Fig7Values } from "./fig7chain";
export { fig7d } from "./fig7d";
export {
  type CurveRow,
  type Fig7bValues,
  type Fig7eValues,
  fig7b,
  fig7e,
  type ResourceRow,
} from "./fig7scale";
export {
  type Fig8cValues,
  type Fig8eValues,
  type Fig8fValues,
  type Fig8Values,
  fig8a,
  fig8b,
  fig8c,
  fig8d,
  fig8e,
  fig8f,
} from "./fig8";
export {
  type AccuracyRow,
  type BatteryRow,
  type Fig9aValues,
  type Fig9bValues,
  type Fig9cValues,
  type Fig9dValues,
  type Fig9eValues,
  type Fig9fValues,
  fig9a,
  fig9b,
  fig9c,
  fig9d,
  fig9e,
  fig9f,
  type LrRow,
  type TornadoRow,
  type VolatilityRow,
} from "./fig9";
export { type ForecasterValues, type ForecastSeed000Values, forecastSeed000 } from "./forecastSeed000";
export { type HeadlineRow, type HeadlineValues, headline } from "./headline";
export { type MooBenchmarksValues, type MultiRow, mooBenchmarks, type ScalarRow } from "./mooBenchmarks";
export { type MooEnergyValues, mooEnergy, type ValidationRow } from "./mooEnergy";
export * from "./overview";
export type { StrategyRobustness } from "./robustnessRuns";
export * from "./settlementStage";
export * from "./stabilityRuns";

/**
 * Every seed-000 experiment (ids `s000/...`). Adding a panel = writing its module in this folder and
 * listing it in its group file (group-<name>.ts: one per notebook).
 */
export const S000_EXPERIMENTS: readonly Experiment[] = [
  ...UTILISATION_EXPERIMENTS,
  ...ECONOMICS_EXPERIMENTS,
  ...STABILITY_EXPERIMENTS,
  ...SCALABILITY_EXPERIMENTS,
  ...ROBUSTNESS_EXPERIMENTS,
  ...SENSITIVITY_EXPERIMENTS,
  ...ENGINES_EXPERIMENTS,
];
