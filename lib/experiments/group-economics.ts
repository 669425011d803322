import type { Experiment } from "./types";

/** Experiments of the economics group (one module per panel in this folder; listed here, registered in registry.ts). */
export const ECONOMICS_EXPERIMENTS: readonly Experiment[] = [];
