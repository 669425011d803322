import { ConfigError } from "../core/errors";
import type { Experiment } from "../experiments/types";
import type { WorldSpec } from "../experiments/world";
import { S000_EXPERIMENTS } from "./s000/experiments";
import { S000_WORLD } from "./s000/experiments/cityWorld";

/**
 * The papers of the workspace, by id, with their experiments. An experiment's id is
 * `<paper>/<name>` (e.g. `s000/fig4a`); its results go to results/<profile>/<paper>/<name>/ and its
 * claims come from data/paper/<paper>/.
 */
export interface Paper {
  readonly title: string;
  readonly experiments: readonly Experiment[];
  /** The paper's world, configurable in experiments.yaml (`worlds.<paper>`). */
  readonly world?: WorldSpec;
}

export const PAPERS: Readonly<Record<string, Paper>> = {
  s000: {
    title: "Elgammal: intelligent smart-city energy ecosystem (coastal city, MADDPG + NSGA-II, PoA P2P)",
    experiments: S000_EXPERIMENTS,
    world: S000_WORLD as WorldSpec,
  },
};

/** Every paper's world spec, by paper id (what the experiments.yaml parser validates `worlds:` against). */
export function paperWorlds(): Record<string, WorldSpec> {
  const out: Record<string, WorldSpec> = {};
  for (const [id, p] of Object.entries(PAPERS)) if (p.world) out[id] = p.world;
  return out;
}

/** The paper of an experiment id ("s000/fig4a" -> "s000"); a ConfigError listing the papers otherwise. */
export function paperOfId(id: string, where = "experiment id"): string {
  const paper = id.split("/")[0];
  if (!id.includes("/") || !(paper in PAPERS))
    throw new ConfigError(
      `"${id}" has no known paper prefix`,
      where,
      `ids look like <paper>/<name>, e.g. s000/fig4a; papers: ${Object.keys(PAPERS).join(", ")}`,
    );
  return paper;
}

/** Every experiment the runner knows, by id. */
export function defaultRegistry(): ReadonlyMap<string, Experiment> {
  const map = new Map<string, Experiment>();
  for (const [paper, { experiments }] of Object.entries(PAPERS)) {
    for (const e of experiments) {
      if (paperOfId(e.id, `lib/papers/${paper}`) !== paper)
        throw new Error(`experiment "${e.id}" is listed under paper ${paper}`);
      if (map.has(e.id)) throw new Error(`duplicate experiment id "${e.id}" in lib/papers/${paper}`);
      map.set(e.id, e);
    }
  }
  return map;
}
