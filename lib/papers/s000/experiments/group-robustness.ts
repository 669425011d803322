import type { Experiment } from "../../../experiments/types";
import { FIG8_EXPERIMENTS } from "./fig8";

/** Experiments of the robustness group (one module per panel in this folder; listed here, registered in registry.ts). */
export const ROBUSTNESS_EXPERIMENTS: readonly Experiment[] = FIG8_EXPERIMENTS;
