import { sum } from "../core/series";
import type { CityFlows } from "./flows";

/** Grid purchases (MWh) = sum_t (gridImport_t + gridToBattery_t): all energy bought from the grid. */
export function gridPurchaseMwh(f: CityFlows): number {
  return sum(f.gridImportMwh) + sum(f.gridToBatteryMwh);
}

/**
 * Self-sufficiency = (demandServed - grid purchases) / demand, clipped to [0, 1]: the share of
 * the city's demand met from its own resources (renewables directly, by P2P, or via the battery).
 * Grid energy that passes through the battery counts as grid energy. Unserved demand counts as
 * not met. Definition after Luthander et al., "Photovoltaic self-consumption in buildings: a
 * review", Applied Energy 142 (2015) 80-94, section 2 (self-sufficiency = share of the load
 * covered by local generation).
 */
export function selfSufficiency(f: CityFlows): number {
  const demand = sum(f.demandMwh);
  if (!(demand > 0)) return Number.NaN;
  const local = sum(f.demandServedMwh) - gridPurchaseMwh(f);
  return Math.min(1, Math.max(0, local / demand));
}

/** Unserved energy (MWh) = sum_t unserved_t. */
export function unservedEnergyMwh(f: CityFlows): number {
  return sum(f.unservedMwh);
}

/**
 * Normalised unserved energy = sum unserved / sum demand, as CityLearn's
 * `CostFunction.normalized_unserved_energy` (all steps; intelligent-environments-lab/CityLearn,
 * citylearn/cost_function.py).
 */
export function normalizedUnservedEnergy(f: CityFlows): number {
  const demand = sum(f.demandMwh);
  return demand > 0 ? sum(f.unservedMwh) / demand : Number.NaN;
}

/** Load satisfaction = sum served / sum demand = 1 - normalised unserved energy (Fig. 8a). */
export function loadSatisfaction(f: CityFlows): number {
  const demand = sum(f.demandMwh);
  return demand > 0 ? sum(f.demandServedMwh) / demand : Number.NaN;
}

/**
 * Average power imbalance = sum_t |netImport_t - scheduledNetImport_t| / sum_t demand_t, where
 * netImport = gridImport + gridToBattery - gridExport: the energy the grid had to balance beyond
 * what the controller committed to from its forecasts (Fig. 6c, "average power imbalance").
 * NaN when the flows carry no schedule.
 */
export function averagePowerImbalance(f: CityFlows): number {
  const sched = f.scheduledNetImportMwh;
  const demand = sum(f.demandMwh);
  if (!sched || !(demand > 0)) return Number.NaN;
  let dev = 0;
  for (let t = 0; t < sched.length; t++) {
    const net = f.gridImportMwh[t] + f.gridToBatteryMwh[t] - f.gridExportMwh[t];
    dev += Math.abs(net - sched[t]);
  }
  return dev / demand;
}

/**
 * Supply-demand balance accuracy = 1 - average power imbalance (abstract: "supply-demand
 * balance accuracy"). With this one definition the paper's accuracy and imbalance claims
 * (headline.balanceAccuracy, fig6c) cannot both hold (notes-000 §4 item 5; ADR 0200).
 */
export function balanceAccuracy(f: CityFlows): number {
  return 1 - averagePowerImbalance(f);
}
