import type { Experiment } from "../../../experiments/types";
import { FIG9_EXPERIMENTS } from "./fig9";

/** Experiments of the sensitivity group (one module per panel in this folder; listed here, registered in registry.ts). */
export const SENSITIVITY_EXPERIMENTS: readonly Experiment[] = FIG9_EXPERIMENTS;
