import { ECONOMICS_EXPERIMENTS } from "./group-economics";
import { ENGINES_EXPERIMENTS } from "./group-engines";
import { ROBUSTNESS_EXPERIMENTS } from "./group-robustness";
import { SCALABILITY_EXPERIMENTS } from "./group-scalability";
import { SENSITIVITY_EXPERIMENTS } from "./group-sensitivity";
import { STABILITY_EXPERIMENTS } from "./group-stability";
import { UTILISATION_EXPERIMENTS } from "./group-utilisation";
import type { Experiment } from "./types";

/**
 * Every experiment the runner knows, by id. Adding a figure panel = writing its module in this folder
 * and listing it in its group file (group-<name>.ts: one per notebook); experiments.yaml may then
 * refer to it.
 */
const ALL: readonly Experiment[] = [
  ...UTILISATION_EXPERIMENTS,
  ...ECONOMICS_EXPERIMENTS,
  ...STABILITY_EXPERIMENTS,
  ...SCALABILITY_EXPERIMENTS,
  ...ROBUSTNESS_EXPERIMENTS,
  ...SENSITIVITY_EXPERIMENTS,
  ...ENGINES_EXPERIMENTS,
];

export function defaultRegistry(): ReadonlyMap<string, Experiment> {
  const map = new Map<string, Experiment>();
  for (const e of ALL) {
    if (map.has(e.id)) throw new Error(`duplicate experiment id "${e.id}" in lib/experiments/group-*.ts`);
    map.set(e.id, e);
  }
  return map;
}
