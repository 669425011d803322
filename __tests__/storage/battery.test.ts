import { ConfigError } from "../../lib/core/errors";
import { createRng } from "../../lib/core/rng";
import {
  type BatteryConfig,
  batteryLimits,
  batteryStepLimitsMwh,
  feasibleBatteryPowerMw,
  nextBatterySocMwh,
  nextSocMwh,
  validateBatteryConfig,
  validateBatteryLimits,
} from "../../lib/storage/battery";

const CONFIG: BatteryConfig = {
  capacityMwh: 100,
  maxChargeMw: 40,
  maxDischargeMw: 50,
  roundTripEfficiency: 0.85,
  socMinFrac: 0.1,
  socMaxFrac: 0.9,
  initialSocFrac: 0.5,
  degradationUsdPerMwhDischarged: 20,
};
const H = 0.25;

describe("batteryLimits (the controllers' view of a BatteryConfig)", () => {
  test("SOC window in MWh, one-way efficiencies sqrt(round trip), power limits", () => {
    const b = batteryLimits(CONFIG);
    expect(b.capacityMwh).toBe(100);
    expect(b.socMinMwh).toBeCloseTo(10, 12);
    expect(b.socMaxMwh).toBeCloseTo(90, 12);
    expect(b.maxChargeMw).toBe(40);
    expect(b.maxDischargeMw).toBe(50);
    expect(b.etaCharge).toBe(Math.sqrt(0.85));
    expect(b.etaDischarge).toBe(Math.sqrt(0.85));
    expect(b.etaCharge * b.etaDischarge).toBeCloseTo(0.85, 15);
    expect(() => validateBatteryLimits(b)).not.toThrow();
  });
});

describe("step functions", () => {
  const b = batteryLimits(CONFIG);

  test("the SOC window is never left, whatever is asked (terminal energies and power forms)", () => {
    const rng = createRng(7, "battery-window");
    let socE = 50;
    let socP = 50;
    for (let t = 0; t < 2000; t++) {
      const lim = batteryStepLimitsMwh(b, socE, H);
      expect(lim.chargeMwh).toBeGreaterThanOrEqual(0);
      expect(lim.dischargeMwh).toBeGreaterThanOrEqual(0);
      const u = rng.next();
      // Full limits half of the time (pushes the SOC onto the bounds), partial otherwise.
      const charge = u < 0.5 ? lim.chargeMwh * (u < 0.25 ? 1 : rng.next()) : 0;
      const discharge = u >= 0.5 ? lim.dischargeMwh * (u >= 0.75 ? 1 : rng.next()) : 0;
      socE = nextBatterySocMwh(b, socE, charge, discharge);
      expect(socE).toBeGreaterThanOrEqual(b.socMinMwh);
      expect(socE).toBeLessThanOrEqual(b.socMaxMwh);

      const requested = (rng.next() * 2 - 1) * 200; // beyond both power limits
      const p = feasibleBatteryPowerMw(b, socP, requested, H);
      expect(p).toBeLessThanOrEqual(b.maxDischargeMw);
      expect(p).toBeGreaterThanOrEqual(-b.maxChargeMw);
      socP = nextSocMwh(b, socP, p, H);
      expect(socP).toBeGreaterThanOrEqual(b.socMinMwh);
      expect(socP).toBeLessThanOrEqual(b.socMaxMwh);
    }
  });

  test("a full cycle (socMin -> socMax -> socMin) returns round trip x the energy put in", () => {
    // Closed form: stored = E_in * etaC; E_out = stored * etaD, so E_out / E_in = etaC * etaD = roundTrip.
    // The window spans 80 MWh, so E_in = 80 / sqrt(0.85) and E_out = 80 * sqrt(0.85).
    let soc = b.socMinMwh;
    let eIn = 0;
    for (let k = 0; k < 100 && soc < b.socMaxMwh; k++) {
      const c = batteryStepLimitsMwh(b, soc, H).chargeMwh;
      eIn += c;
      soc = nextBatterySocMwh(b, soc, c, 0);
    }
    expect(soc).toBeCloseTo(b.socMaxMwh, 9);
    let eOut = 0;
    for (let k = 0; k < 100 && soc > b.socMinMwh; k++) {
      const d = batteryStepLimitsMwh(b, soc, H).dischargeMwh;
      eOut += d;
      soc = nextBatterySocMwh(b, soc, 0, d);
    }
    expect(soc).toBeCloseTo(b.socMinMwh, 9);
    expect(eIn).toBeCloseTo(80 / Math.sqrt(0.85), 9);
    expect(eOut).toBeCloseTo(80 * Math.sqrt(0.85), 9);
    expect(eOut / eIn).toBeCloseTo(CONFIG.roundTripEfficiency, 12);

    // The same cycle in the controllers' power form (MW, + discharge).
    let s = b.socMinMwh;
    let inP = 0;
    for (let k = 0; k < 100 && s < b.socMaxMwh; k++) {
      const p = feasibleBatteryPowerMw(b, s, -1e9, H);
      inP += -p * H;
      s = nextSocMwh(b, s, p, H);
    }
    let outP = 0;
    for (let k = 0; k < 100 && s > b.socMinMwh; k++) {
      const p = feasibleBatteryPowerMw(b, s, 1e9, H);
      outP += p * H;
      s = nextSocMwh(b, s, p, H);
    }
    expect(outP / inP).toBeCloseTo(CONFIG.roundTripEfficiency, 12);
  });

  test("feasible power is clipped at the power limits and at both SOC limits", () => {
    // Mid window: the power limits bind.
    expect(feasibleBatteryPowerMw(b, 50, 1000, H)).toBe(50);
    expect(feasibleBatteryPowerMw(b, 50, -1000, H)).toBe(-40);
    expect(feasibleBatteryPowerMw(b, 50, 7, H)).toBe(7);
    expect(feasibleBatteryPowerMw(b, 50, -7, H)).toBe(-7);
    // Near socMin: discharge limited to (soc - socMin) * etaD / stepH.
    expect(feasibleBatteryPowerMw(b, 12, 1000, H)).toBeCloseTo((2 * Math.sqrt(0.85)) / H, 12);
    // Near socMax: charge limited to (socMax - soc) / (etaC * stepH).
    expect(feasibleBatteryPowerMw(b, 89, -1000, H)).toBeCloseTo(-1 / (Math.sqrt(0.85) * H), 12);
    // At the limits: nothing, and +0 rather than -0.
    expect(Object.is(feasibleBatteryPowerMw(b, b.socMinMwh, 10, H), 0)).toBe(true);
    expect(Object.is(feasibleBatteryPowerMw(b, b.socMaxMwh, -10, H), 0)).toBe(true);
    // Terminal-energy form agrees with the power form at the bounds.
    expect(batteryStepLimitsMwh(b, 12, H).dischargeMwh).toBeCloseTo(2 * Math.sqrt(0.85), 12);
    expect(batteryStepLimitsMwh(b, 89, H).chargeMwh).toBeCloseTo(1 / Math.sqrt(0.85), 12);
    expect(batteryStepLimitsMwh(b, 50, H)).toEqual({ chargeMwh: 40 * H, dischargeMwh: 50 * H });
    // SOC follows the one-way efficiencies.
    expect(nextSocMwh(b, 50, 20, H)).toBeCloseTo(50 - 5 / Math.sqrt(0.85), 12);
    expect(nextSocMwh(b, 50, -20, H)).toBeCloseTo(50 + 5 * Math.sqrt(0.85), 12);
  });
});

describe("validation", () => {
  const bad: [keyof BatteryConfig, number][] = [
    ["capacityMwh", 0],
    ["capacityMwh", Number.NaN],
    ["maxChargeMw", -1],
    ["maxDischargeMw", -1],
    ["roundTripEfficiency", 0],
    ["roundTripEfficiency", 1.1],
    ["socMaxFrac", 1.2],
    ["socMinFrac", -0.1],
    ["socMinFrac", 0.95], // above socMaxFrac 0.9
    ["initialSocFrac", 0.05],
    ["initialSocFrac", 0.95],
    ["degradationUsdPerMwhDischarged", -1],
  ];
  test.each(bad)("%s = %p -> ConfigError naming the key", (key, value) => {
    const c = { ...CONFIG, [key]: value };
    expect(() => validateBatteryConfig(c, "city.battery")).toThrow(ConfigError);
    expect(() => validateBatteryConfig(c, "city.battery")).toThrow(`city.battery.${key}`);
  });

  test("a consistent config passes; so does an edge one (zero window at 100 %, no losses)", () => {
    expect(() => validateBatteryConfig(CONFIG)).not.toThrow();
    const edge = { ...CONFIG, roundTripEfficiency: 1, socMinFrac: 1, socMaxFrac: 1, initialSocFrac: 1 };
    expect(() => validateBatteryConfig(edge)).not.toThrow();
  });

  test("a hand-built view is checked key by key", () => {
    const b = batteryLimits(CONFIG);
    expect(() => validateBatteryLimits({ ...b, socMaxMwh: 101 }, "X")).toThrow("X.socMaxMwh");
    expect(() => validateBatteryLimits({ ...b, socMinMwh: 95 }, "X")).toThrow("X.socMinMwh");
    expect(() => validateBatteryLimits({ ...b, etaCharge: 0 }, "X")).toThrow("X.etaCharge");
    expect(() => validateBatteryLimits({ ...b, etaDischarge: 1.01 }, "X")).toThrow("X.etaDischarge");
    expect(() => validateBatteryLimits({ ...b, maxChargeMw: -1 }, "X")).toThrow(ConfigError);
  });
});
