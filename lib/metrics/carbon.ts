import { sum } from "../core/series";
import type { CityFlows } from "./flows";
import { gridPurchaseMwh } from "./supply";

/**
 * Carbon emissions (kg CO2) = grid purchases (MWh) x grid emission factor (kg CO2/MWh).
 * Scope: electricity bought from the grid (location-based scope 2); the city's wind and PV
 * count as zero-emission at the point of use. The factor is `KpiOptions.gridEmissionFactorKgPerMwh`.
 */
export function carbonEmissionsKg(f: CityFlows, gridEmissionFactorKgPerMwh: number): number {
  return gridPurchaseMwh(f) * gridEmissionFactorKgPerMwh;
}

/** Carbon intensity (kg CO2/MWh) = carbon emissions / energy served to the city's demand. */
export function carbonIntensityKgPerMwh(f: CityFlows, gridEmissionFactorKgPerMwh: number): number {
  const served = sum(f.demandServedMwh);
  return served > 0 ? carbonEmissionsKg(f, gridEmissionFactorKgPerMwh) / served : Number.NaN;
}
