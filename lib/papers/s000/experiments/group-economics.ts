import type { Experiment } from "../../../experiments/types";
import { fig5a } from "./fig5a";
import { fig5b } from "./fig5b";
import { fig5c } from "./fig5c";
import { fig5d } from "./fig5d";
import { fig5e } from "./fig5e";
import { fig5savings } from "./fig5savings";
import { headline } from "./headline";

/** Experiments of the economics group (one module per panel in this folder; listed here, registered in registry.ts). */
export const ECONOMICS_EXPERIMENTS: readonly Experiment[] = [
  fig5a,
  fig5b,
  fig5c,
  fig5d,
  fig5e,
  fig5savings,
  headline,
];
