import type { Experiment } from "../../../experiments/types";
import { fig4a } from "./fig4a";
import { fig4b } from "./fig4b";
import { fig4c } from "./fig4c";
import { fig4d } from "./fig4d";
import { fig4ExportLimit } from "./fig4ExportLimit";

/** Experiments of the utilisation group (one module per panel in this folder; listed here, registered in registry.ts). */
export const UTILISATION_EXPERIMENTS: readonly Experiment[] = [fig4a, fig4b, fig4c, fig4d, fig4ExportLimit];
