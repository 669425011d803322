import { ConfigError } from "../../../core/errors";
import { DEFAULT_PRICES, type PriceConfig, validatePrices } from "../../../profiles/prices";
import { DEFAULT_SOLAR, type SolarConfig, validateSolar } from "../../../profiles/solar";
import {
  DEFAULT_UNCERTAINTY,
  type UncertaintyConfig,
  validateUncertainty,
} from "../../../profiles/uncertainty";
import { DEFAULT_TEMPERATURE, type TemperatureConfig } from "../../../profiles/weather";
import { DEFAULT_WIND_FARM, validateWindFarm, type WindFarmConfig } from "../../../profiles/wind";
import { type BatteryConfig, validateBatteryConfig } from "../../../storage/battery";
import { DEFAULT_BATTERY } from "./battery";
import { DEFAULT_DEMAND, type DemandConfig, validateDemand } from "./demand";
import { DEFAULT_EV, type EvConfig, validateEv } from "./ev";
import { DEFAULT_GRID_CONNECTION, type GridConnectionConfig, validateGridConnection } from "./gridConnection";

/** Which days a scenario covers: `days` days starting at day of year `startDay` (0 = 1 January, a Monday). */
export interface Horizon {
  /** "Simulation horizon: 365 days", 15-min steps, 35,040 steps (notes-000 §2). */
  readonly days: number;
  readonly startDay: number;
}

/**
 * The seed-000 coastal city (Elgammal, "Intelligent Smart City Energy Ecosystems ...", Section 3
 * "Implementation details and simulation setup"; notes-000 §1-2). Each part's DEFAULT_* constant
 * cites its sources; docs/adr/0100-city-modelling-choices.md lists every choice the paper left open.
 */
export interface CityConfig {
  readonly horizon: Horizon;
  readonly wind: WindFarmConfig;
  readonly solar: SolarConfig;
  readonly temperature: TemperatureConfig;
  readonly demand: DemandConfig;
  readonly ev: EvConfig;
  readonly prices: PriceConfig;
  readonly battery: BatteryConfig;
  readonly grid: GridConnectionConfig;
  readonly uncertainty: UncertaintyConfig;
}

export const DEFAULT_CITY_CONFIG: CityConfig = {
  horizon: { days: 365, startDay: 0 },
  wind: DEFAULT_WIND_FARM,
  solar: DEFAULT_SOLAR,
  temperature: DEFAULT_TEMPERATURE,
  demand: DEFAULT_DEMAND,
  ev: DEFAULT_EV,
  prices: DEFAULT_PRICES,
  battery: DEFAULT_BATTERY,
  grid: DEFAULT_GRID_CONNECTION,
  uncertainty: DEFAULT_UNCERTAINTY,
};

/** The same city over another horizon. */
export function withHorizon(config: CityConfig, days: number, startDay = 0): CityConfig {
  return { ...config, horizon: { days, startDay } };
}

export function validateCityConfig(c: CityConfig, where = "city"): void {
  const h = c.horizon;
  if (!h || !Number.isInteger(h.days) || h.days <= 0)
    throw new ConfigError(`must be a positive integer, got ${h?.days}`, `${where}.horizon.days`);
  if (!Number.isInteger(h.startDay) || h.startDay < 0 || h.startDay > 364)
    throw new ConfigError(`must be an integer in [0, 364], got ${h.startDay}`, `${where}.horizon.startDay`);
  validateWindFarm(c.wind, `${where}.wind`);
  validateSolar(c.solar, `${where}.solar`);
  validateDemand(c.demand, `${where}.demand`);
  validateEv(c.ev, `${where}.ev`);
  validatePrices(c.prices, `${where}.prices`);
  validateBatteryConfig(c.battery, `${where}.battery`);
  validateGridConnection(c.grid, `${where}.grid`);
  validateUncertainty(c.uncertainty, `${where}.uncertainty`);
}
