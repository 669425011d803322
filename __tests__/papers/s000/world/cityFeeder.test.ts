import { ConfigError } from "../../../../lib/core/errors";
import { loadFeeder } from "../../../../lib/grid/feederData";
import { buildRadialNetwork } from "../../../../lib/grid/radialNetwork";
import { solveSweep } from "../../../../lib/grid/sweep";
import {
  cityFeederVoltages,
  cityVoltageDeviationPct,
  representativeFeederCount,
} from "../../../../lib/papers/s000/world/cityFeeder";

const net = buildRadialNetwork(loadFeeder("ieee33bw"));
const K = 10;
const zeros = (n: number) => new Float64Array(n);

describe("city -> K representative feeders", () => {
  test("K x published load reproduces the base case on every feeder", () => {
    const r = cityFeederVoltages(
      { loadMw: Float64Array.of(3.715 * K), pvMw: zeros(1), batteryMw: zeros(1), evMw: zeros(1) },
      { feederCount: K },
    );
    expect(r.minVoltagePu[0]).toBeCloseTo(0.91309, 4);
    expect(r.maxDeviationPct[0]).toBeCloseTo(8.691, 2);
    expect(r.lossMw[0]).toBeCloseTo(K * 0.202677, 4);
  });
  test("PV, battery and EVs map by base-load shares (matches a direct solve)", () => {
    const s = {
      loadMw: Float64Array.of(30),
      pvMw: Float64Array.of(12),
      batteryMw: Float64Array.of(-4),
      evMw: Float64Array.of(3),
    };
    const r = cityFeederVoltages(s, { feederCount: K });
    const k = (30 - 12 + 4 + 3) / K / 3.715;
    const direct = solveSweep(net, {
      pLoadMw: Float64Array.from(net.pLoadMw, (p) => p * k),
      qLoadMvar: Float64Array.from(net.qLoadMvar, (q) => (q * 30) / K / 3.715),
    });
    expect(r.minVoltagePu[0]).toBeCloseTo(direct.minVoltagePu, 7);
  });
  test("unequal shares: the heavier feeder sets the deviation", () => {
    const s = { loadMw: Float64Array.of(20, 20), pvMw: zeros(2), batteryMw: zeros(2), evMw: zeros(2) };
    const even = cityVoltageDeviationPct(s, { feederCount: 4 });
    const skew = cityVoltageDeviationPct(s, { feederCount: 4, feederShares: [0.4, 0.2, 0.2, 0.2] });
    expect(skew[0]).toBeGreaterThan(even[0]);
  });
  test("reverse flow raises voltages above 1 pu", () => {
    const r = cityFeederVoltages(
      { loadMw: Float64Array.of(5), pvMw: Float64Array.of(60), batteryMw: zeros(1), evMw: zeros(1) },
      { feederCount: K },
    );
    expect(r.maxVoltagePu[0]).toBeGreaterThan(1);
  });
  test("feeder count from the peak; bad config", () => {
    expect(representativeFeederCount(Float64Array.of(100, 180, 90), 3.715)).toBe(49);
    const s = { loadMw: Float64Array.of(1), pvMw: zeros(1), batteryMw: zeros(1), evMw: zeros(1) };
    expect(() => cityVoltageDeviationPct(s, { feederCount: 0 })).toThrow(ConfigError);
    expect(() => cityVoltageDeviationPct(s, { feederCount: 2, feederShares: [0.5, 0.6] })).toThrow(/sum/);
  });
});
