import type { Experiment } from "./types";

/** Experiments of the scalability group (one module per panel in this folder; listed here, registered in registry.ts). */
export const SCALABILITY_EXPERIMENTS: readonly Experiment[] = [];
