import { DataError } from "../core/errors";
import type { RadialNetwork } from "./radialNetwork";

/**
 * What is connected at each bus, in MW / Mvar, one entry per bus (index = bus number - 1).
 * Omitted loads default to the feeder's published loads; omitted injections to zero.
 * Sign conventions: pvMw >= 0 is generation; batteryMw > 0 discharges into the feeder and
 * < 0 charges; evMw >= 0 is charging demand (negative for V2G). PV, battery and EVs run at
 * unity power factor unless `qInjectionMvar` (generation of reactive power) is given.
 */
export interface BusInjections {
  readonly pLoadMw?: ArrayLike<number>;
  readonly qLoadMvar?: ArrayLike<number>;
  readonly pvMw?: ArrayLike<number>;
  readonly batteryMw?: ArrayLike<number>;
  readonly evMw?: ArrayLike<number>;
  readonly qInjectionMvar?: ArrayLike<number>;
}

/** Net demand per bus (MW, Mvar) = load + EV - PV - battery; written into `out` if given. */
export function netBusDemand(
  net: RadialNetwork,
  inj: BusInjections = {},
  out = { pMw: new Float64Array(net.nBus), qMvar: new Float64Array(net.nBus) },
): { pMw: Float64Array; qMvar: Float64Array } {
  const n = net.nBus;
  for (const [key, arr] of Object.entries(inj)) {
    if (arr !== undefined && (arr as ArrayLike<number>).length !== n) {
      throw new DataError(
        `must have one entry per bus (${n}), got ${(arr as ArrayLike<number>).length}`,
        `injections.${key}`,
      );
    }
  }
  const pl = inj.pLoadMw ?? net.pLoadMw;
  const ql = inj.qLoadMvar ?? net.qLoadMvar;
  for (let i = 0; i < n; i++) {
    out.pMw[i] = pl[i] + (inj.evMw?.[i] ?? 0) - (inj.pvMw?.[i] ?? 0) - (inj.batteryMw?.[i] ?? 0);
    out.qMvar[i] = ql[i] - (inj.qInjectionMvar?.[i] ?? 0);
  }
  return out;
}
