import { ConfigError } from "../../../core/errors";

/**
 * The city's connection to the main grid (notes-000 §1.1: "bidirectional interaction"; limits,
 * topology and voltage levels unspecified). Import covers the peak (~180 MW) plus full battery
 * charging with margin; export 60 MW is our choice (a firm export allowance
 * well below the 235 MW of installed renewables, so surplus beyond it must be stored or curtailed).
 * Both are documented choices (docs/adr/0100-city-modelling-choices.md), overridable by config.
 */
export interface GridConnectionConfig {
  readonly importLimitMw: number;
  readonly exportLimitMw: number;
}

export const DEFAULT_GRID_CONNECTION: GridConnectionConfig = {
  importLimitMw: 250,
  exportLimitMw: 60,
};

export function validateGridConnection(c: GridConnectionConfig, where = "city.grid"): void {
  for (const k of ["importLimitMw", "exportLimitMw"] as const) {
    if (!(c[k] >= 0 && Number.isFinite(c[k])))
      throw new ConfigError(`must be a finite number >= 0, got ${c[k]}`, `${where}.${k}`);
  }
}
