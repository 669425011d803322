import { forecastSeed000 } from "./forecastSeed000";
import type { Experiment } from "./types";

/** Experiments of the engines group (one module per panel in this folder; listed here, registered in registry.ts). */
export const ENGINES_EXPERIMENTS: readonly Experiment[] = [forecastSeed000 as unknown as Experiment];
