import { ConfigError } from "../../../../lib/core/errors";
import { createRng } from "../../../../lib/core/rng";
import { computeKpis } from "../../../../lib/metrics/kpis";
import { allocateCityActions, type CityActions } from "../../../../lib/papers/s000/env/agents";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { runEpisode, runRulePolicyEpisode } from "../../../../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";
import { worstFlowResidual } from "../../../helpers/flowIdentities";

/** Every identity of the CityFlows contract (lib/metrics/flows.ts), worst relative residual. */

function randomPolicy(n: number, seed: number): (o: unknown) => CityActions {
  const rng = createRng(seed, "test", "random-actions");
  const a = allocateCityActions(n);
  const u = () => 2 * rng.next() - 1;
  return () => {
    for (const k of ["renewable", "storage", "consumer", "coordinator"] as const) {
      const v = a[k];
      for (let i = 0; i < v.length; i++) v[i] = u();
    }
    const { pricePosition, quantityShare } = a.trading;
    for (let i = 0; i < n; i++) {
      pricePosition[i] = u();
      quantityShare[i] = u();
    }
    return a;
  };
}

// Two days in early May (sun, wind, a working day and a Saturday), shared by the tests.
let sc: Scenario;
beforeAll(() => {
  sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 2, 124), 2026);
});

describe("CityEnv", () => {
  it("conserves every MWh to 1e-9 and respects SOC and power limits under random actions", () => {
    const env = new CityEnv(sc);
    const b = sc.config.battery;
    const h = sc.time.stepH;
    for (const seed of [1, 2]) {
      const r = runEpisode(env, randomPolicy(env.entityCount, seed), sc.seed);
      const f = r.flows;
      expect(worstFlowResidual(f, r.steps)).toBeLessThan(1e-9);
      let socLo = Number.POSITIVE_INFINITY;
      let socHi = 0;
      for (let t = 0; t < r.steps; t++) {
        socLo = Math.min(socLo, f.batterySocMwh[t]);
        socHi = Math.max(socHi, f.batterySocMwh[t]);
        expect(f.batteryChargeMwh[t]).toBeLessThanOrEqual(b.maxChargeMw * h + 1e-9);
        expect(f.batteryDischargeMwh[t]).toBeLessThanOrEqual(b.maxDischargeMw * h + 1e-9);
        expect(f.gridImportMwh[t] + f.gridToBatteryMwh[t]).toBeLessThanOrEqual(
          sc.config.grid.importLimitMw * h + 1e-9,
        );
        expect(f.gridExportMwh[t]).toBeLessThanOrEqual(sc.config.grid.exportLimitMw * h + 1e-9);
        for (const c of ["curtailedMwh", "renewP2pMwh", "renewLocalMwh", "unservedMwh"] as const)
          expect(f[c][t]).toBeGreaterThanOrEqual(-1e-12);
      }
      expect(socLo).toBeGreaterThanOrEqual(b.socMinFrac * b.capacityMwh - 1e-9);
      expect(socHi).toBeLessThanOrEqual(b.socMaxFrac * b.capacityMwh + 1e-9);
      expect(r.marketSteps).toBeGreaterThan(0);
      expect(r.trades).toBeGreaterThan(0);
    }
  });

  it("moves the battery's stored energy by charge x eta_c - discharge / eta_d (92 % round trip)", () => {
    const env = new CityEnv(sc);
    const r = runEpisode(env, randomPolicy(env.entityCount, 3), sc.seed);
    const f = r.flows;
    const eta = Math.sqrt(sc.config.battery.roundTripEfficiency);
    let prev = sc.config.battery.initialSocFrac * sc.config.battery.capacityMwh;
    let worst = 0;
    for (let t = 0; t < r.steps; t++) {
      const expected = prev + f.batteryChargeMwh[t] * eta - f.batteryDischargeMwh[t] / eta;
      worst = Math.max(worst, Math.abs(expected - f.batterySocMwh[t]));
      prev = f.batterySocMwh[t];
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it("gives the same flows for the same seed and actions, byte for byte", () => {
    const a = runEpisode(new CityEnv(sc), randomPolicy(sc.entities.n, 5), sc.seed);
    const aBytes = Buffer.from(Float64Array.from(a.flows.gridImportMwh).buffer);
    const aP2p = Buffer.from(Float64Array.from(a.flows.renewP2pMwh).buffer);
    const b = runEpisode(new CityEnv(sc), randomPolicy(sc.entities.n, 5), sc.seed);
    expect(Buffer.from(Float64Array.from(b.flows.gridImportMwh).buffer)).toEqual(aBytes);
    expect(Buffer.from(Float64Array.from(b.flows.renewP2pMwh).buffer)).toEqual(aP2p);
  });

  it("trades more P2P when prosumers offer all their surplus than when they withhold most of it", () => {
    const run = (share: number) => {
      const env = new CityEnv(sc);
      const act = allocateCityActions(env.entityCount);
      act.renewable.fill(1);
      act.trading.quantityShare.fill(share);
      // Sellers (PV owners) ask the feed-in price, everyone else bids up to retail: with the market's
      // fees split between the sides, equal limits would not trade.
      const e = sc.entities;
      for (let i = 0; i < e.n; i++) act.trading.pricePosition[i] = e.pvMwp[i] > 0 ? -1 : 1;
      return runEpisode(env, () => act, sc.seed).flows;
    };
    const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    const all = sum(run(1).renewP2pMwh);
    const little = sum(run(-0.8).renewP2pMwh);
    expect(all).toBeGreaterThan(little);
    expect(little).toBeGreaterThan(0);
  });

  it("curtails what the renewable agent caps and exports nothing when told so", () => {
    const env = new CityEnv(sc);
    const act = allocateCityActions(env.entityCount);
    act.renewable[0] = -1; // wind cap 0: all wind curtailed
    act.renewable[1] = -1; // export share 0
    const f = runEpisode(env, () => act, sc.seed).flows;
    for (let t = 0; t < f.windMwh.length; t++) {
      expect(f.curtailedMwh[t]).toBeGreaterThanOrEqual(f.windMwh[t] - 1e-9);
      expect(f.renewExportMwh[t]).toBe(0);
    }
  });

  it("rejects an out-of-range action naming the agent, and refuses steps past the horizon", () => {
    const env = new CityEnv(sc);
    env.reset();
    const act = allocateCityActions(env.entityCount);
    act.storage[0] = 1.5;
    expect(() => env.step(act)).toThrow(ConfigError);
    expect(() => env.step(act)).toThrow(/storage/);
    act.storage[0] = 0;
    const r = runEpisode(env, () => act, sc.seed);
    expect(r.steps).toBe(sc.time.length);
    expect(() => env.step(act)).toThrow(/reset/);
  });

  it("runs the fixed rule policy with the KPI library on its flows", () => {
    const env = new CityEnv(sc);
    const r = runRulePolicyEpisode(env, sc.seed);
    const k = computeKpis(r.flows, {
      prosumerBenefitUsd: r.benefitUsdByEntity.subarray(sc.entities.classStart[1], sc.entities.classStart[2]),
    });
    expect(k.renewableUtilisation).toBeGreaterThan(0);
    expect(k.renewableUtilisation).toBeLessThanOrEqual(1);
    expect(k.loadFactorDaily).toBeGreaterThan(0);
    expect(k.loadFactorDaily).toBeLessThanOrEqual(1);
    expect(k.benefitJainIndex).toBeGreaterThan(0);
    expect(k.benefitJainIndex).toBeLessThanOrEqual(1);
    expect(k.transactionCount).toBe(r.trades);
    expect(k.unservedMwh).toBe(0);
    for (const id of env.agents) expect(r.rewardTermSums[id].length).toBe(5);
  });
});
