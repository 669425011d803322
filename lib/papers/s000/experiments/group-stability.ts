import type { Experiment } from "../../../experiments/types";
import { FIG6_EXPERIMENTS } from "./fig6";

/** Experiments of the stability group (one module per panel in this folder; listed here, registered in registry.ts). */
export const STABILITY_EXPERIMENTS: readonly Experiment[] = FIG6_EXPERIMENTS;
