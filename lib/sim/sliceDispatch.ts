import { ConfigError } from "../core/errors";
import { allocateCityFlows, type CityFlows } from "../metrics/flows";

/**
 * The Figure 4(a) slice's aggregate energy routing (foundation issue): one step routes city-level
 * renewables to demand, the battery, export and curtailment, and fills CityFlows with every MWh
 * accounted for. It knows no controller: the battery power comes from a policy callback. There is no
 * P2P market at this aggregate level (the entity-level env of the city issue adds it).
 */
export interface SliceGridConfig {
  /** Battery (seed 000 §3): 120 MWh, +-60 MW, SOC 10-90 %, 92 % round trip split sqrt(0.92) each way. */
  readonly batteryCapacityMwh: number;
  readonly batteryPowerMw: number;
  readonly socMinFrac: number;
  readonly socMaxFrac: number;
  readonly roundTripEfficiency: number;
  readonly initialSocFrac: number;
  /**
   * City grid connection limits (MW). The paper gives none (notes-000 §1.1, "network topology ...
   * [unspecified]"); export 60 MW is our documented choice (a single 132 kV circuit's typical firm
   * export allowance for a city of this size); it sets how much surplus must be curtailed.
   */
  readonly exportLimitMw: number;
  readonly importLimitMw: number;
}

export const DEFAULT_SLICE_GRID: SliceGridConfig = {
  batteryCapacityMwh: 120,
  batteryPowerMw: 60,
  socMinFrac: 0.1,
  socMaxFrac: 0.9,
  roundTripEfficiency: 0.92,
  initialSocFrac: 0.5,
  exportLimitMw: 60,
  importLimitMw: 250,
};

export interface SliceInputs {
  readonly windMw: Float64Array;
  readonly pvMw: Float64Array;
  readonly demandMw: Float64Array;
  readonly importPriceUsdPerMwh: Float64Array;
  readonly exportPriceUsdPerMwh: Float64Array;
  readonly stepH: number;
}

export interface SliceObservation {
  readonly t: number;
  /** Demand minus renewables (MW): > 0 deficit, < 0 surplus. */
  readonly netLoadMw: number;
  readonly priceUsdPerMwh: number;
  readonly socMwh: number;
}

/** Requested battery power (MW): + discharge, - charge. The env clips it to the physical limits. */
export type SliceBatteryPolicy = (obs: SliceObservation) => number;

export function runSliceDispatch(
  inp: SliceInputs,
  policy: SliceBatteryPolicy,
  cfg: SliceGridConfig = DEFAULT_SLICE_GRID,
): CityFlows {
  const n = inp.windMw.length;
  for (const k of ["pvMw", "demandMw", "importPriceUsdPerMwh", "exportPriceUsdPerMwh"] as const) {
    if (inp[k].length !== n)
      throw new ConfigError(`has ${inp[k].length} steps, windMw has ${n}`, `runSliceDispatch: ${k}`);
  }
  const h = inp.stepH;
  const f = allocateCityFlows(n, h);
  const etaC = Math.sqrt(cfg.roundTripEfficiency);
  const etaD = Math.sqrt(cfg.roundTripEfficiency);
  const socMin = cfg.socMinFrac * cfg.batteryCapacityMwh;
  const socMax = cfg.socMaxFrac * cfg.batteryCapacityMwh;
  let soc = cfg.initialSocFrac * cfg.batteryCapacityMwh;
  const w = f as unknown as Record<string, Float64Array>;
  for (let t = 0; t < n; t++) {
    const wind = inp.windMw[t] * h;
    const pv = inp.pvMw[t] * h;
    const demand = inp.demandMw[t] * h;
    const renew = wind + pv;
    const local = Math.min(renew, demand);
    let surplus = renew - local;
    let deficit = demand - local;
    const req = policy({
      t,
      netLoadMw: inp.demandMw[t] - inp.windMw[t] - inp.pvMw[t],
      priceUsdPerMwh: inp.importPriceUsdPerMwh[t],
      socMwh: soc,
    });
    if (!Number.isFinite(req))
      throw new ConfigError(
        `policy returned ${req} at step ${t}`,
        "runSliceDispatch",
        "a policy must return a finite battery power in MW",
      );
    let renewToBattery = 0;
    let gridToBattery = 0;
    let batteryToLoad = 0;
    let batteryExport = 0;
    if (req < 0) {
      const charge = Math.min(-req * h, cfg.batteryPowerMw * h, Math.max(0, socMax - soc) / etaC);
      renewToBattery = Math.min(surplus, charge);
      gridToBattery = charge - renewToBattery;
      surplus -= renewToBattery;
      soc += charge * etaC;
    } else if (req > 0) {
      const discharge = Math.min(req * h, cfg.batteryPowerMw * h, Math.max(0, soc - socMin) * etaD);
      batteryToLoad = Math.min(deficit, discharge);
      batteryExport = Math.min(discharge - batteryToLoad, cfg.exportLimitMw * h);
      deficit -= batteryToLoad;
      soc -= (batteryToLoad + batteryExport) / etaD;
    }
    const renewExport = Math.min(surplus, Math.max(0, cfg.exportLimitMw * h - batteryExport));
    const curtailed = surplus - renewExport;
    const gridImport = Math.min(deficit, Math.max(0, cfg.importLimitMw * h - gridToBattery));
    const unserved = deficit - gridImport;
    w.windMwh[t] = wind;
    w.pvMwh[t] = pv;
    w.demandMwh[t] = demand;
    w.demandServedMwh[t] = demand - unserved;
    w.unservedMwh[t] = unserved;
    w.renewLocalMwh[t] = local;
    w.renewToBatteryMwh[t] = renewToBattery;
    w.renewExportMwh[t] = renewExport;
    w.curtailedMwh[t] = curtailed;
    w.gridImportMwh[t] = gridImport;
    w.gridExportMwh[t] = renewExport + batteryExport;
    w.gridToBatteryMwh[t] = gridToBattery;
    w.batteryChargeMwh[t] = renewToBattery + gridToBattery;
    w.batteryDischargeMwh[t] = batteryToLoad + batteryExport;
    w.batteryToLoadMwh[t] = batteryToLoad;
    w.batteryExportMwh[t] = batteryExport;
    w.batterySocMwh[t] = soc;
    w.importPriceUsdPerMwh[t] = inp.importPriceUsdPerMwh[t];
    w.exportPriceUsdPerMwh[t] = inp.exportPriceUsdPerMwh[t];
  }
  return f;
}
