import { fig4a } from "./fig4a";
import type { Experiment } from "./types";

/** Experiments of the utilisation group (one module per panel in this folder; listed here, registered in registry.ts). */
export const UTILISATION_EXPERIMENTS: readonly Experiment[] = [fig4a as unknown as Experiment];
