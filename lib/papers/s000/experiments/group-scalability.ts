import type { Experiment } from "../../../experiments/types";
import { fig7a } from "./fig7a";
import { fig7c } from "./fig7c";
import { fig7d } from "./fig7d";
import { fig7b, fig7e } from "./fig7scale";

/** Experiments of the scalability group (one module per panel in this folder; listed here, registered in registry.ts). */
export const SCALABILITY_EXPERIMENTS: readonly Experiment[] = [fig7a, fig7b, fig7c, fig7d, fig7e];
