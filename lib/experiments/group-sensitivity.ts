import type { Experiment } from "./types";

/** Experiments of the sensitivity group (one module per panel in this folder; listed here, registered in registry.ts). */
export const SENSITIVITY_EXPERIMENTS: readonly Experiment[] = [];
