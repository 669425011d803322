import { DEFAULT_RBEMS, RbemsController, rbemsDecide } from "../../lib/control/rbems";
import type { BatteryLimits } from "../../lib/storage/battery";

const B: BatteryLimits = {
  capacityMwh: 100,
  socMinMwh: 10,
  socMaxMwh: 95,
  maxChargeMw: 40,
  maxDischargeMw: 50,
  etaCharge: 0.9,
  etaDischarge: 0.8,
};
const H = 0.25;
const decide = (netLoadMw: number, priceUsdPerMwh: number, socMwh = 50) =>
  rbemsDecide({ netLoadMw, priceUsdPerMwh, socMwh }, B, H);

describe("RBEMS thresholds (low 60, high 120 USD/MWh; SOC 20-90 %)", () => {
  test("documented defaults", () => {
    expect(DEFAULT_RBEMS.lowPriceUsdPerMwh).toBe(60);
    expect(DEFAULT_RBEMS.highPriceUsdPerMwh).toBe(120);
  });

  test("price exactly at the low threshold charges at full power; just above does not", () => {
    expect(decide(10, 60)).toEqual({ batteryPowerMw: -40, rule: "lowPrice" });
    expect(decide(10, 60.01).rule).toBe("deficit");
    expect(decide(0, 60.01)).toEqual({ batteryPowerMw: 0, rule: "idle" });
  });

  test("price exactly at the high threshold discharges at full power; just below does not", () => {
    expect(decide(-0, 120)).toEqual({ batteryPowerMw: 50, rule: "highPrice" });
    expect(decide(0, 119.99).rule).toBe("idle");
    expect(decide(5, 119.99)).toEqual({ batteryPowerMw: 5, rule: "deficit" });
  });

  test("surplus beats price rules and charges with the surplus only", () => {
    expect(decide(-12, 150)).toEqual({ batteryPowerMw: -12, rule: "surplus" });
    expect(decide(-1e-9, 150).rule).toBe("surplus");
    expect(decide(-100, 30)).toEqual({ batteryPowerMw: -40, rule: "surplus" }); // power limit
  });

  test("SOC limits at the thresholds: 90 % stops charging, 20 % stops discharging", () => {
    expect(decide(-10, 80, 90).batteryPowerMw).toBe(0);
    expect(decide(10, 150, 20).batteryPowerMw).toBe(0);
    // 1 MWh of headroom below 90 %: charge at most 1 / (0.9 * 0.25) MW
    expect(decide(-30, 80, 89).batteryPowerMw).toBeCloseTo(-1 / (0.9 * H), 12);
    // 2 MWh above 20 %: discharge at most 2 * 0.8 / 0.25 MW
    expect(decide(30, 150, 22).batteryPowerMw).toBeCloseTo((2 * 0.8) / H, 12);
  });
});

describe("RbemsController", () => {
  test("decides like the pure function and logs one latency per decision", () => {
    const ctl = new RbemsController(B);
    const d = ctl.decide({ netLoadMw: 10, priceUsdPerMwh: 60, socMwh: 50 }, H);
    expect(d.batteryPowerMw).toBe(-40);
    expect(d.rule).toBe("lowPrice");
    ctl.decide({ netLoadMw: 10, priceUsdPerMwh: 130, socMwh: 50 }, H);
    expect(ctl.latency.count).toBe(2);
    expect(() => new RbemsController(B, { ...DEFAULT_RBEMS, lowPriceUsdPerMwh: 200 })).toThrow(/lowPrice/);
  });
});
