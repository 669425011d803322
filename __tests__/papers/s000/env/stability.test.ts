import { DEFAULT_FREQUENCY } from "../../../../lib/grid/frequency";
import { responseTime } from "../../../../lib/grid/stabilityMetrics";
import { allocateCityFlows, type CityFlows } from "../../../../lib/metrics/flows";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { rulePolicyFor, runEpisode } from "../../../../lib/papers/s000/env/runEpisode";
import {
  cityStability,
  forecastErrorMw,
  type StabilityConfig,
  stabilityDrive,
} from "../../../../lib/papers/s000/env/stability";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";

let sc: Scenario;
beforeAll(() => {
  sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 152), 7);
});

/** Events off and perfect forecasts: only the controller's schedule steps drive the area. */
const QUIET: Partial<StabilityConfig> = {
  forecastErrorScale: 0,
  windRampEventFrac: 10,
  cloudDropEventFrac: 10,
};

/** A day of flows: 20 MWh demand per step, met by `importMwh[t]` from the grid and the rest by the battery / wind. */
function flowsWith(opts: {
  importMwh: (t: number) => number;
  dischargeMwh?: (t: number) => number;
  demandMwh?: number;
}): CityFlows {
  const n = sc.time.length;
  const f = allocateCityFlows(n, 0.25);
  const demand = opts.demandMwh ?? 20;
  for (let t = 0; t < n; t++) {
    const imp = opts.importMwh(t);
    const dis = opts.dischargeMwh ? opts.dischargeMwh(t) : 0;
    f.demandMwh[t] = demand;
    f.demandServedMwh[t] = demand;
    f.gridImportMwh[t] = imp;
    f.batteryDischargeMwh[t] = dis;
    f.batteryToLoadMwh[t] = dis;
    f.windMwh[t] = demand - imp - dis;
    f.renewLocalMwh[t] = demand - imp - dis;
    f.batterySocMwh[t] = 60;
  }
  return f;
}

describe("stability drive", () => {
  test("constant exchange, perfect forecasts, no events: no imbalance, no deviation", () => {
    const r = cityStability(
      { flows: flowsWith({ importMwh: () => 10 }), scenario: sc, decisionLatencyMs: 5 },
      QUIET,
    );
    expect(Math.max(...r.drive.imbalanceMw.map(Math.abs))).toBe(0);
    expect(r.frequency.maxAbsHz).toBe(0);
    expect(r.imbalance.meanPct).toBe(0);
    expect(r.ramp.violations).toBe(0);
  });

  test("a schedule step ΔP gives d = -ΔP/2, fully corrected: imbalance = τ|d| / demand (closed form)", () => {
    const k = 10;
    const f = flowsWith({ importMwh: (t) => (t < k ? 10 : 16) }); // 40 -> 64 MW
    const lat = 20;
    const r = cityStability({ flows: f, scenario: sc, decisionLatencyMs: lat }, QUIET);
    expect(r.drive.imbalanceMw[k]).toBeCloseTo(-12, 12);
    expect(r.drive.correctionMw[k]).toBeCloseTo(-12, 12);
    const tau = responseTime(lat / 1000).totalS / 900;
    expect(r.imbalance.stepPct[k]).toBeCloseTo((100 * tau * 12) / 80, 12);
    expect(r.imbalance.stepPct[k + 1]).toBe(0);
    // a surplus raises the frequency
    expect(r.frequency.stepExtremeHz[k]).toBeGreaterThan(0);
  });

  test("no battery headroom: the residual stays and Δf settles at -r / (D + 1/R + kb)", () => {
    const k = 10;
    // import drops by 6 MWh (24 MW) while the battery already discharges at its 60 MW limit
    const f = flowsWith({
      importMwh: (t) => ((t < k ? 5 : -1) >= 0 ? (t < k ? 5 : 0) : 0),
      dischargeMwh: () => 15,
    });
    for (let t = k; t < f.windMwh.length; t++) {
      f.gridImportMwh[t] = 0;
      f.gridExportMwh[t] = 1; // net import 20 MW -> -4 MW: ΔP = -24, d = +12 MW deficit
      f.windMwh[t] = 6;
      f.renewLocalMwh[t] = 5;
      f.renewExportMwh[t] = 1;
    }
    const r = cityStability({ flows: f, scenario: sc, decisionLatencyMs: 0 }, QUIET, {
      fromStep: k,
      toStep: k + 1,
      everyS: 1,
    });
    expect(r.drive.imbalanceMw[k]).toBeCloseTo(12, 12);
    expect(r.drive.correctionMw[k]).toBe(0);
    const c = DEFAULT_FREQUENCY;
    const kb = c.batteryMaxMw / c.systemBaseMw / (c.batteryFullActivationHz / c.nominalHz);
    const ss = (-(12 / c.systemBaseMw) / (c.loadDampingPu + 1 / c.droopPu + kb)) * c.nominalHz;
    const tr = r.frequency.trace as Float64Array;
    expect(tr[tr.length - 1]).toBeCloseTo(ss, 9);
    // the whole interval's imbalance reaches the area
    expect(r.imbalance.stepPct[k]).toBeCloseTo((100 * 12) / 80, 12);
  });

  test("larger response latency -> larger mean |Δf| and imbalance, max |Δf| until the nadir (same flows)", () => {
    const f = flowsWith({ importMwh: (t) => 10 + 3 * Math.sin(t / 3) + (t % 7 === 0 ? 4 : 0) });
    const res = [0, 2000, 10_000].map((ms) =>
      cityStability({ flows: f, scenario: sc, decisionLatencyMs: ms }, QUIET),
    );
    expect(res[1].frequency.maxAbsHz).toBeGreaterThan(res[0].frequency.maxAbsHz);
    for (let i = 1; i < res.length; i++) {
      expect(res[i].frequency.meanAbsHz).toBeGreaterThan(res[i - 1].frequency.meanAbsHz);
      // the nadir is reached within a few seconds: beyond that a longer latency cannot deepen it
      expect(res[i].frequency.maxAbsHz).toBeGreaterThanOrEqual(res[i - 1].frequency.maxAbsHz - 1e-12);
      expect(res[i].imbalance.meanPct).toBeGreaterThan(res[i - 1].imbalance.meanPct);
      expect(res[i].response.totalS).toBeCloseTo(res[i - 1].response.totalS + [0, 2, 8][i], 12);
    }
  });

  test("more import -> deeper voltage sag; battery discharge on the feeders lifts it", () => {
    const low = cityStability(
      { flows: flowsWith({ importMwh: () => 10 }), scenario: sc, decisionLatencyMs: 1 },
      QUIET,
    );
    const high = cityStability(
      { flows: flowsWith({ importMwh: () => 20, demandMwh: 30 }), scenario: sc, decisionLatencyMs: 1 },
      QUIET,
    );
    const withBattery = cityStability(
      {
        flows: flowsWith({ importMwh: () => 10, dischargeMwh: () => 5, demandMwh: 25 }),
        scenario: sc,
        decisionLatencyMs: 1,
      },
      QUIET,
    );
    const noBattery = cityStability(
      { flows: flowsWith({ importMwh: () => 15, demandMwh: 25 }), scenario: sc, decisionLatencyMs: 1 },
      QUIET,
    );
    expect(high.voltage.maxPct).toBeGreaterThan(low.voltage.maxPct);
    expect(Math.min(...high.voltage.minVoltagePu)).toBeLessThan(Math.min(...low.voltage.minVoltagePu));
    expect(withBattery.voltage.maxPct).toBeLessThan(noBattery.voltage.maxPct);
    // K from the design peak: ceil(180 MW / 3.715 MW) = 49
    expect(low.voltage.feederCount).toBe(Math.ceil(sc.config.demand.peakTargetMw / 3.715));
  });

  test("forecast error: linear in the sigma scale, zero at 0, seeded", () => {
    const a = forecastErrorMw(sc, 1);
    const b = forecastErrorMw(sc, 2);
    for (let t = 0; t < a.length; t++) expect(b[t]).toBeCloseTo(2 * a[t], 9);
    expect(forecastErrorMw(sc, 0).every((x) => x === 0)).toBe(true);
    expect(Array.from(forecastErrorMw(sc, 1))).toEqual(Array.from(a));
  });

  test("flows of another horizon are refused with the field named", () => {
    const f = allocateCityFlows(10, 0.25);
    expect(() => stabilityDrive({ flows: f, scenario: sc, decisionLatencyMs: 1 })).toThrow(/stability.flows/);
    expect(() =>
      cityStability({ flows: flowsWith({ importMwh: () => 1 }), scenario: sc, decisionLatencyMs: -1 }),
    ).toThrow(/decisionLatencyMs/);
  });
});

describe("a real episode (rule policy, 1 day)", () => {
  test("finite metrics, deterministic, events inside the horizon", () => {
    const env = new CityEnv(sc);
    const ep = runEpisode(env, rulePolicyFor(env), sc.seed);
    const input = { flows: ep.flows, scenario: sc, decisionLatencyMs: 0.2, classFlows: ep.classFlows };
    const r = cityStability(input);
    const again = cityStability(input);
    expect(again.frequency.meanAbsHz).toBe(r.frequency.meanAbsHz);
    expect(again.voltage.maxPct).toBe(r.voltage.maxPct);
    for (const v of [
      r.frequency.meanAbsHz,
      r.frequency.p95AbsHz,
      r.frequency.maxAbsHz,
      r.imbalance.meanPct,
      r.ramp.perDay,
    ])
      expect(Number.isFinite(v)).toBe(true);
    expect(r.frequency.p95AbsHz).toBeLessThanOrEqual(r.frequency.maxAbsHz);
    expect(r.voltage.maxPct).toBeGreaterThan(0);
    expect(r.voltage.maxPct).toBeLessThan(20);
    expect(r.imbalance.meanPct).toBeLessThanOrEqual(r.imbalance.meanBeforeControlPct);
    for (const s of [...r.drive.events.windRamp, ...r.drive.events.cloudDrop, ...r.drive.events.eveningPeak])
      expect(s).toBeGreaterThan(0);
    // perfect forecasts remove the forecast-error part of the imbalance
    const perfect = cityStability(input, { forecastErrorScale: 0 });
    expect(perfect.imbalance.meanBeforeControlPct).toBeLessThan(r.imbalance.meanBeforeControlPct);
  });
});
