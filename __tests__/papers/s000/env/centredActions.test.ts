/**
 * ADR 0704's centred action mapping: x = 0 (an untrained actor's output) is the careful default for
 * every component, the extremes keep their meanings, and a fresh MADDPG actor operates the city like
 * the default (no curtailment beyond the limits, full export, no DR).
 */
import { Maddpg } from "../../../../lib/control/maddpg";
import { CITY_AGENT_SPECS, maddpgCityPolicy } from "../../../../lib/papers/s000/agents/cityMaddpg";
import {
  allocateCityActions,
  defaultPriceAction,
  drShare,
  drShareAction,
  evSpeed,
  oneSidedShare,
  oneSidedShareAction,
  priceResidualAction,
  uniformPosition,
} from "../../../../lib/papers/s000/env/agents";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { rulePolicyFor, runEpisode } from "../../../../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";

// One sunny, windy May weekday: surplus by day, the export limit binds at times, peak band in the evening.
let sc: Scenario;
beforeAll(() => {
  sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 124), 2026);
});

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
const asArrays = (_k: string, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v);

describe("the decoders: 0 is the default, -1 and +1 the extremes", () => {
  test("mapping table", () => {
    // wind cap, export share, trading quantity
    expect([-1, -0.25, 0, 0.5, 1].map(oneSidedShare)).toEqual([0, 0.75, 1, 1, 1]);
    // DR deferral
    expect([-1, -0.5, 0, 0.3, 1].map(drShare)).toEqual([0, 0, 0, 0.3, 1]);
    // EV speed: the rule policy's (full power; deadline minimum in the peak band) at 0
    expect([-1, -0.4, 0, 1].map((x) => evSpeed(x, false))).toEqual([0, 0.6, 1, 1]);
    expect([-1, 0, 0.4, 1].map((x) => evSpeed(x, true))).toEqual([0, 0, 0.4, 1]);
    // coordinator: the market's price position at 0
    expect([-1, 0, 1].map((x) => uniformPosition(x, 0.5))).toEqual([0, 0.5, 1]);
    [0, 0.1, 0.2, 0.6, 1].forEach((k, i) => {
      expect(uniformPosition([-1, -0.5, 0, 0.5, 1][i], 0.2)).toBeCloseTo(k, 15);
    });
  });

  test("encoders invert the decoders", () => {
    for (const u of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
      expect(drShare(drShareAction(u))).toBeCloseTo(u, 15);
      expect(oneSidedShare(oneSidedShareAction(u))).toBeCloseTo(u, 15);
    }
    // a price residual lands on the target position (action space 2u - 1)
    const ref = defaultPriceAction(1, 0.3); // a seller of temperament 0.3: 0.1 + 0.12 -> 2 x 0.22 - 1
    expect(ref).toBeCloseTo(-0.56, 12);
    expect(ref + 2 * priceResidualAction(0.4, ref)).toBeCloseTo(0.4, 12);
  });
});

describe("zero actions on the env", () => {
  test("equal the rule policy with an idle battery and no peak DR, bit for bit", () => {
    const env = new CityEnv(sc);
    const zero = allocateCityActions(env.entityCount);
    const a = runEpisode(env, () => zero, sc.seed);
    const snapshot = JSON.stringify(a.flows, asArrays);
    const rule = rulePolicyFor(env, {
      lowPriceUsdPerMwh: -1,
      highPriceUsdPerMwh: 1e9,
      socChargeLimitFrac: 0,
      socDischargeLimitFrac: 1,
      peakDrShare: 0,
    });
    const b = runEpisode(env, rule, sc.seed);
    expect(JSON.stringify(b.flows, asArrays)).toBe(snapshot);
  });

  test("curtail only what the export limit forces, export the rest, defer nothing", () => {
    const env = new CityEnv(sc);
    const f = runEpisode(env, () => allocateCityActions(env.entityCount), sc.seed).flows;
    const capMwh = sc.config.grid.exportLimitMw * sc.time.stepH;
    let curtailedSteps = 0;
    for (let t = 0; t < f.windMwh.length; t++) {
      if (f.curtailedMwh[t] > 1e-9) {
        curtailedSteps++;
        expect(f.gridExportMwh[t]).toBeCloseTo(capMwh, 9); // curtailed only at the limit
      }
    }
    expect(curtailedSteps).toBeGreaterThan(0); // the day exercises the limit
    expect(sum(f.renewExportMwh)).toBeGreaterThan(0);
    expect(sum(f.batteryChargeMwh) + sum(f.batteryDischargeMwh)).toBe(0); // storage 0 = idle
    expect(sum(env.classFlows.columns.drDeferredMwh)).toBe(0);
  });
});

describe("a fresh (untrained) MADDPG actor", () => {
  test("operates the city like the zero action: no wind cap, full export, no DR", () => {
    const env = new CityEnv(sc);
    const zero = runEpisode(env, () => allocateCityActions(env.entityCount), sc.seed);
    const zCurt = sum(zero.flows.curtailedMwh);
    const zExport = sum(zero.flows.renewExportMwh);
    const gen = sum(zero.flows.windMwh) + sum(zero.flows.pvMwh);
    const agent = new Maddpg(CITY_AGENT_SPECS, { actorHidden: [32, 32], criticHidden: [32, 32] }, 1);
    const r = runEpisode(env, maddpgCityPolicy(agent, env.entityCount), sc.seed);
    const curt = sum(r.flows.curtailedMwh);
    // The old mapping curtailed half the wind and half the exportable surplus at this output.
    expect(curt - zCurt).toBeLessThan(0.01 * gen);
    expect(Math.abs(sum(r.flows.renewExportMwh) - zExport)).toBeLessThan(0.02 * zExport + 1);
    const deferred = sum(r.classFlows.columns.drDeferredMwh);
    expect(deferred).toBeLessThan(0.01 * sum(r.flows.demandMwh));
  });
});
