import type { CityFlows } from "../../lib/metrics/flows";

/**
 * The worst relative residual over steps [0, steps) of every identity of the CityFlows contract
 * (lib/metrics/flows.ts): renewable routing, served demand, demand = served + unserved, battery
 * charge and discharge splits, export split. Conservation tests assert it is below 1e-9.
 */
export function worstFlowResidual(f: CityFlows, steps = f.windMwh.length): number {
  let worst = 0;
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
  for (let t = 0; t < steps; t++) {
    const gen = f.windMwh[t] + f.pvMwh[t];
    const routed =
      f.renewLocalMwh[t] +
      f.renewP2pMwh[t] +
      f.renewToBatteryMwh[t] +
      f.renewExportMwh[t] +
      f.curtailedMwh[t];
    const served = f.renewLocalMwh[t] + f.renewP2pMwh[t] + f.batteryToLoadMwh[t] + f.gridImportMwh[t];
    worst = Math.max(
      worst,
      rel(gen, routed),
      rel(f.demandServedMwh[t], served),
      rel(f.demandMwh[t], f.demandServedMwh[t] + f.unservedMwh[t]),
      rel(f.batteryChargeMwh[t], f.renewToBatteryMwh[t] + f.gridToBatteryMwh[t]),
      rel(f.batteryDischargeMwh[t], f.batteryToLoadMwh[t] + f.batteryExportMwh[t]),
      rel(f.gridExportMwh[t], f.renewExportMwh[t] + f.batteryExportMwh[t]),
    );
  }
  return worst;
}
