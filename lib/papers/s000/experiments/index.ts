import type { Experiment } from "../../../experiments/types";
import { ECONOMICS_EXPERIMENTS } from "./group-economics";
import { ENGINES_EXPERIMENTS } from "./group-engines";
import { ROBUSTNESS_EXPERIMENTS } from "./group-robustness";
import { SCALABILITY_EXPERIMENTS } from "./group-scalability";
import { SENSITIVITY_EXPERIMENTS } from "./group-sensitivity";
import { STABILITY_EXPERIMENTS } from "./group-stability";
import { UTILISATION_EXPERIMENTS } from "./group-utilisation";

export * from "./overview";
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
