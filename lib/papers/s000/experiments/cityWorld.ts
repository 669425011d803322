import type { ExperimentContext } from "../../../experiments/types";
import type { WorldSpec } from "../../../experiments/world";
import { type CityConfig, DEFAULT_CITY_CONFIG, validateCityConfig } from "../world/cityConfig";

/**
 * Seed 000's world as experiments.yaml sees it: every field of the city config (wind, solar,
 * temperature, demand, EVs, prices, battery, grid connection, forecast uncertainty) except the
 * horizon, which each experiment sets from its own params (days, startDay).
 */
export type CityWorld = Omit<CityConfig, "horizon">;

const { horizon: _horizon, ...defaults } = DEFAULT_CITY_CONFIG;

/** The `worlds.s000` block's spec: defaults from lib/papers/s000/world (each field cited there). */
export const S000_WORLD: WorldSpec<CityWorld> = {
  defaults,
  source: "lib/papers/s000/world/cityConfig.ts and the DEFAULT_* constants it imports",
  validate(world, where) {
    validateCityConfig({ ...world, horizon: DEFAULT_CITY_CONFIG.horizon }, where);
  },
};

/**
 * The city an experiment runs: its world from experiments.yaml (the runner resolves and validates
 * it), or the defaults when the context carries none (a test's hand-made context).
 */
export function cityOf(ctx: Pick<ExperimentContext, "world">): CityConfig {
  const world = (ctx.world as CityWorld | undefined) ?? defaults;
  return { ...world, horizon: DEFAULT_CITY_CONFIG.horizon };
}
