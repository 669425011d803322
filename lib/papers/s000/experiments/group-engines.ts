import type { Experiment } from "../../../experiments/types";
import { forecastSeed000 } from "./forecastSeed000";
import { mooBenchmarks } from "./mooBenchmarks";
import { mooEnergy } from "./mooEnergy";

/** Experiments of the engines group (one module per panel in this folder; listed here, registered in registry.ts). */
export const ENGINES_EXPERIMENTS: readonly Experiment[] = [
  forecastSeed000 as unknown as Experiment,
  mooEnergy as unknown as Experiment,
  mooBenchmarks as unknown as Experiment,
];
