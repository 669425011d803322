import { FIG9_EXPERIMENTS } from "./fig9";
import type { Experiment } from "./types";

/** Experiments of the sensitivity group (one module per panel in this folder; listed here, registered in registry.ts). */
export const SENSITIVITY_EXPERIMENTS: readonly Experiment[] =
  FIG9_EXPERIMENTS as unknown as readonly Experiment[];
