import { generateSliceScenario } from "../city/sliceScenario";
import type { BatteryParams } from "../control/battery";
import { DEFAULT_RBEMS, rbemsDecide } from "../control/rbems";
import { seriesCodec } from "../core/cache";
import { codeFingerprint } from "../core/fingerprint";
import { CITY_FLOW_COLUMNS, type CityFlows } from "../metrics/flows";
import { DEFAULT_SLICE_GRID, runSliceDispatch, type SliceBatteryPolicy } from "../sim/sliceDispatch";
import type { ExperimentContext } from "./types";

/** Strategies the foundation slice runs on the aggregate city. */
export const SLICE_STRATEGIES = ["RBEMS", "No storage"] as const;
export type SliceStrategy = (typeof SLICE_STRATEGIES)[number];

const g = DEFAULT_SLICE_GRID;
/** The slice battery in lib/control's terms (same physical parameters as the env's). */
const SLICE_BATTERY: BatteryParams = {
  capacityMwh: g.batteryCapacityMwh,
  socMinMwh: g.socMinFrac * g.batteryCapacityMwh,
  socMaxMwh: g.socMaxFrac * g.batteryCapacityMwh,
  chargeMaxMw: g.batteryPowerMw,
  dischargeMaxMw: g.batteryPowerMw,
  etaCharge: Math.sqrt(g.roundTripEfficiency),
  etaDischarge: Math.sqrt(g.roundTripEfficiency),
};

function policyOf(strategy: SliceStrategy, stepH: number): SliceBatteryPolicy {
  if (strategy === "No storage") return () => 0;
  return (o) =>
    rbemsDecide(
      { netLoadMw: o.netLoadMw, priceUsdPerMwh: o.priceUsdPerMwh, socMwh: o.socMwh },
      SLICE_BATTERY,
      stepH,
      DEFAULT_RBEMS,
    ).batteryPowerMw;
}

/**
 * One strategy's run of the slice city, cached (keyed by strategy, horizon, seed and the code of
 * city/sim/control/metrics) so every experiment and notebook that needs it shares one computation.
 */
export async function runCityStrategy(
  ctx: ExperimentContext,
  strategy: SliceStrategy,
  opts: { days: number; startDay: number },
): Promise<CityFlows> {
  const parts = {
    component: "sim.slice",
    version: codeFingerprint("core", "city", "sim", "control", "metrics"),
    params: { strategy, ...opts },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, seriesCodec, () => {
    const sc = generateSliceScenario(opts.days, ctx.seed, opts.startDay);
    const progress = ctx.progress(`simulate ${strategy}`, sc.time.length);
    const policy = policyOf(strategy, sc.time.stepH);
    const flows = runSliceDispatch({ ...sc, stepH: sc.time.stepH }, (o) => {
      if (o.t % 4096 === 0) progress.set(o.t);
      return policy(o);
    });
    progress.set(sc.time.length);
    progress.finish();
    const series: Record<string, Float64Array> = {};
    for (const c of CITY_FLOW_COLUMNS) series[c] = flows[c];
    return { json: { stepH: flows.stepH }, series };
  });
  return { stepH: (value.json as { stepH: number }).stepH, ...value.series } as unknown as CityFlows;
}
