import { sum } from "../core/series";
import type { CityFlows } from "./flows";

/**
 * Renewable energy KPIs: every share is of the renewable energy GENERATED (wind + PV, MWh), per
 * DESIGN.md §5 and docs/adr/0200-market-and-kpi-definitions.md. The paper gives no formulas
 * (notes-000 §2 "Metrics"; §5 item 32).
 */

/** Renewable energy generated over the run (MWh) = sum_t (wind_t + pv_t). */
export function renewableGeneratedMwh(f: CityFlows): number {
  return sum(f.windMwh) + sum(f.pvMwh);
}

/**
 * Renewable utilisation = (generated - curtailed) / generated, in [0, 1]; NaN with no generation.
 * Energy exported to the grid counts as utilised (it is not curtailed).
 */
export function renewableUtilisation(f: CityFlows): number {
  const g = renewableGeneratedMwh(f);
  return g > 0 ? (g - sum(f.curtailedMwh)) / g : Number.NaN;
}

/** Curtailment = curtailed / generated, in [0, 1] (= 1 - utilisation); NaN with no generation. */
export function curtailmentRate(f: CityFlows): number {
  const g = renewableGeneratedMwh(f);
  return g > 0 ? sum(f.curtailedMwh) / g : Number.NaN;
}

/** Where the generated renewable energy went, as shares of it (the five sum to 1). */
export interface RenewableFlowSplit {
  /** Consumed by its owner or on its node without trading. */
  readonly local: number;
  /** Sold peer to peer and consumed in the city. */
  readonly p2p: number;
  /** Charged into the battery (the energy later served from it passes through this path). */
  readonly battery: number;
  /** Exported to the grid directly. */
  readonly export: number;
  /** Curtailed. */
  readonly curtailed: number;
}

/**
 * The flow split of Fig. 4(d): share_k = sum_t flow_k,t / generated for k in {renewLocal,
 * renewP2p, renewToBattery, renewExport, curtailed}. They sum to 1 by the CityFlows renewable
 * identity. NaN shares with no generation.
 */
export function renewableFlowSplit(f: CityFlows): RenewableFlowSplit {
  const g = renewableGeneratedMwh(f);
  const share = (a: Float64Array) => (g > 0 ? sum(a) / g : Number.NaN);
  return {
    local: share(f.renewLocalMwh),
    p2p: share(f.renewP2pMwh),
    battery: share(f.renewToBatteryMwh),
    export: share(f.renewExportMwh),
    curtailed: share(f.curtailedMwh),
  };
}
