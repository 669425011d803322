import { DEFAULT_POA_CONFIG, loadEvmCalibration, simulatePoa } from "../../lib/chain/poa";

const cal = {
  simpleTxGas: 21_000,
  simpleTxExecMs: 1,
  settlementGasPerAccount: 8000,
  settlementExecMsPerAccount: 0.3,
};
const base = { ...DEFAULT_POA_CONFIG, durationS: 600 };

describe("PoA model", () => {
  test("deterministic for a seed", () => {
    expect(JSON.stringify(simulatePoa(base, cal, 1))).toBe(JSON.stringify(simulatePoa(base, cal, 1)));
  });
  test("throughput never exceeds block capacity, even overloaded", () => {
    const r = simulatePoa(
      { ...base, prosumers: 2000, txPerProsumerPerS: 0.05, blockGasLimit: 2_100_000 },
      cal,
      2,
    );
    // capacity = 100 tx per 5 s block = 20 tx/s
    expect(r.modelled.blockCapacityTps).toBe(20);
    expect(r.modelled.throughputTps).toBeLessThanOrEqual(20);
    expect(r.modelled.throughputTps).toBeGreaterThan(15);
  });
  test("validator failures reduce throughput under saturation and skip their slots", () => {
    const over = { ...base, prosumers: 2000, txPerProsumerPerS: 0.05, blockGasLimit: 2_100_000 };
    const ok = simulatePoa({ ...over, failureShare: 0 }, cal, 3);
    const bad = simulatePoa({ ...over, failureShare: 0.15 }, cal, 3);
    expect(ok.modelled.skippedSlots).toBe(0);
    // 120 slots, round-robin over 50 validators with 8 down: skipped slots = count of down proposers
    expect(bad.modelled.skippedSlots).toBeGreaterThan(0);
    expect(bad.modelled.throughputTps).toBeLessThan(ok.modelled.throughputTps);
  });
  test("light load: all offered transactions commit, latency at most one interval plus consensus", () => {
    const r = simulatePoa({ ...base, failureShare: 0 }, cal, 4);
    expect(r.modelled.verificationSuccess).toBe(1);
    expect(r.modelled.latencyP95S).toBeLessThan(base.blockIntervalS + 1);
    expect(Math.abs(r.modelled.throughputTps - r.modelled.offeredTps) / r.modelled.offeredTps).toBeLessThan(
      0.2,
    );
  });
  test("reads the committed calibration", () => {
    expect(loadEvmCalibration().simpleTxGas).toBe(21_000);
  });
});
