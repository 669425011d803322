import type { Experiment } from "../../../experiments/types";
import { forecastSeed000 } from "./forecastSeed000";
import { mooBenchmarks } from "./mooBenchmarks";
import { mooEnergy } from "./mooEnergy";

/** Experiments of the engines group (one module per panel in this folder; listed here, registered in registry.ts). */
export const ENGINES_EXPERIMENTS: readonly Experiment[] = [forecastSeed000, mooEnergy, mooBenchmarks];
