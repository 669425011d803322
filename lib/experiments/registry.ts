import { fig4a } from "./fig4a";
import type { Experiment } from "./types";

/**
 * Every experiment the runner knows, by id. Adding a figure panel = writing its module in this folder
 * and listing it here; experiments.yaml may then refer to it.
 */
const ALL: readonly Experiment[] = [fig4a as unknown as Experiment];

export function defaultRegistry(): ReadonlyMap<string, Experiment> {
  return new Map(ALL.map((e) => [e.id, e]));
}
