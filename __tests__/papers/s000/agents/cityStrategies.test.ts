import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_MPC, loadLpSolver, solveDispatchLp } from "../../../../lib/control/mpc";
import { rbemsDecide } from "../../../../lib/control/rbems";
import { Cache } from "../../../../lib/core/cache";
import { operatingCost } from "../../../../lib/metrics/economics";
import type { CityFlows } from "../../../../lib/metrics/flows";
import { DEFAULT_KPI_OPTIONS } from "../../../../lib/metrics/kpis";
import { aggregateCityOf, aggregateDayCost } from "../../../../lib/papers/s000/agents/cityGaEms";
import { createMpcCityPolicy, mpcSeriesOf } from "../../../../lib/papers/s000/agents/cityMpc";
import {
  baseCityActions,
  createRbemsCityPolicy,
  DEFAULT_CITY_RBEMS,
  readStorageObservation,
} from "../../../../lib/papers/s000/agents/cityPolicies";
import { CITY_STRATEGIES, runCityStrategyEpisode } from "../../../../lib/papers/s000/agents/cityStrategies";
import {
  CITY_TRAINING_PROFILES,
  EQUAL_REWARD_WEIGHTS,
  trainCityMaddpg,
} from "../../../../lib/papers/s000/agents/cityTraining";
import { drShareAction } from "../../../../lib/papers/s000/env/agents";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { runEpisode } from "../../../../lib/papers/s000/env/runEpisode";
import {
  type CityConfig,
  DEFAULT_CITY_CONFIG,
  withHorizon,
} from "../../../../lib/papers/s000/world/cityConfig";
import { generateScenario } from "../../../../lib/papers/s000/world/scenario";
import { batteryLimits } from "../../../../lib/storage/battery";

const SEED = 11;
const START = 1; // a January weekday (PV by day, so the P2P market opens); early days generate fast
const oneDay: CityConfig = withHorizon(DEFAULT_CITY_CONFIG, 1, START);
let env: CityEnv;
beforeAll(() => {
  env = new CityEnv(generateScenario(oneDay, SEED));
});

/** Every identity of lib/metrics/flows.ts, step by step, to 1e-9 relative. */
function expectConservation(f: CityFlows, etaC: number, etaD: number, soc0: number): void {
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
  let soc = soc0;
  for (let t = 0; t < f.windMwh.length; t++) {
    close(
      f.windMwh[t] + f.pvMwh[t],
      f.renewLocalMwh[t] +
        f.renewP2pMwh[t] +
        f.renewToBatteryMwh[t] +
        f.renewExportMwh[t] +
        f.curtailedMwh[t],
    );
    close(
      f.demandServedMwh[t],
      f.renewLocalMwh[t] + f.renewP2pMwh[t] + f.batteryToLoadMwh[t] + f.gridImportMwh[t],
    );
    close(f.demandMwh[t], f.demandServedMwh[t] + f.unservedMwh[t]);
    close(f.batteryChargeMwh[t], f.renewToBatteryMwh[t] + f.gridToBatteryMwh[t]);
    close(f.batteryDischargeMwh[t], f.batteryToLoadMwh[t] + f.batteryExportMwh[t]);
    close(f.gridExportMwh[t], f.renewExportMwh[t] + f.batteryExportMwh[t]);
    soc += f.batteryChargeMwh[t] * etaC - f.batteryDischargeMwh[t] / etaD;
    close(f.batterySocMwh[t], soc);
    soc = f.batterySocMwh[t];
    for (const c of [
      f.curtailedMwh,
      f.gridImportMwh,
      f.unservedMwh,
      f.batteryChargeMwh,
      f.batteryDischargeMwh,
    ])
      expect(c[t]).toBeGreaterThanOrEqual(-1e-12);
  }
}

describe("the five strategies on one day of the entity-level city", () => {
  test.each(CITY_STRATEGIES.map((s) => [s]))(
    "%s runs, conserves energy and times every decision",
    async (s) => {
      const run = await runCityStrategyEpisode(s, env, SEED, { trainingProfile: "ci" });
      const n = env.length;
      expect(run.result.steps).toBe(n);
      expect(run.latency.count).toBe(n);
      expect(run.latency.p50Ms).toBeGreaterThanOrEqual(0);
      expect(run.latency.p95Ms).toBeGreaterThanOrEqual(run.latency.p50Ms);
      const bat = batteryLimits(env.config.battery);
      const soc0 = env.config.battery.initialSocFrac * env.config.battery.capacityMwh;
      expectConservation(run.result.flows, bat.etaCharge, bat.etaDischarge, soc0);
      const p2p = run.result.flows.renewP2pMwh.reduce((a, b) => a + b, 0);
      // The centralised strategies and RBEMS keep the market closed; BT-Only trades.
      if (s === "MPC" || s === "GA-EMS" || s === "RBEMS") expect(p2p).toBe(0);
      if (s === "BT-Only") expect(p2p).toBeGreaterThan(0);
      if (s === "MPC") expect(run.details.lpSolves).toBe(n / 4);
      if (s === "GA-EMS") expect(run.details.gaRuns).toBe(1);
      if (s === "MADRL-MOO") expect(run.details.trainSeed).toBe(SEED + 1);
    },
  );

  test("MADRL-MOO refuses to evaluate on its training seed", async () => {
    await expect(
      runCityStrategyEpisode("MADRL-MOO", env, SEED, { trainSeed: SEED, trainingProfile: "ci" }),
    ).rejects.toThrow(/trainSeed/);
  });
});

describe("RBEMS on the env follows lib/control's rules at the thresholds", () => {
  test("each storage action is rbemsDecide's power on the observed price, SOC and net load", () => {
    const policy = createRbemsCityPolicy(env);
    const bat = batteryLimits(env.config.battery);
    let obs = env.reset(SEED);
    const rules = new Set<string>();
    for (let t = 0; t < env.length; t++) {
      const v = readStorageObservation(obs, env.config);
      const d = rbemsDecide(
        { netLoadMw: v.netLoadMw, priceUsdPerMwh: v.importPriceUsdPerMwh, socMwh: v.socMwh },
        bat,
        0.25,
        DEFAULT_CITY_RBEMS.thresholds,
      );
      rules.add(d.rule);
      const a = policy(obs);
      const mw = a.storage[0] * (a.storage[0] >= 0 ? bat.maxDischargeMw : bat.maxChargeMw);
      expect(mw).toBeCloseTo(d.batteryPowerMw, 9);
      // DR only in the peak band, half the flexible load (centred actions, ADR 0704: the action is the share)
      expect(a.consumer[0]).toBe(v.peakBand ? 0.5 : 0);
      obs = env.step(a).observations;
    }
    expect(rules.size).toBeGreaterThanOrEqual(2);
  });
});

describe("MPC on the env: the LP's balance is the env's routing", () => {
  test("one 96-step plan executed on the env costs what the LP says (energy only: no degradation, no demand charge, no P2P, no DR)", async () => {
    const cfg: CityConfig = {
      ...oneDay,
      battery: { ...oneDay.battery, degradationUsdPerMwhDischarged: 0 },
    };
    const e = new CityEnv(generateScenario(cfg, SEED));
    const highs = await loadLpSolver();
    const m = createMpcCityPolicy(e, highs, {
      mpc: { replanEverySteps: 96, horizonSteps: 96, peakDemandTariffUsdPerMwMonth: 0 },
    });
    const r = runEpisode(e, m.policy, SEED);
    expect(m.solves()).toBe(1);
    const f = r.flows;
    let envCost = 0;
    for (let t = 0; t < e.length; t++) {
      envCost +=
        (f.gridImportMwh[t] + f.gridToBatteryMwh[t]) * f.importPriceUsdPerMwh[t] -
        f.gridExportMwh[t] * f.exportPriceUsdPerMwh[t];
    }
    const bat = batteryLimits(cfg.battery);
    const plan = solveDispatchLp(
      highs,
      bat,
      { importMaxMw: cfg.grid.importLimitMw, exportMaxMw: cfg.grid.exportLimitMw },
      { ...DEFAULT_MPC, horizonSteps: 96, replanEverySteps: 96 },
      cfg.battery.initialSocFrac * cfg.battery.capacityMwh,
      mpcSeriesOf(e.scenario),
      0.25,
    );
    expect(envCost).toBeCloseTo(plan.costUsd, 3);
  });
});

describe("GA-EMS's fast aggregate", () => {
  test("reproduces the entity env's operating-cost KPI (+ VoLL x unserved) for a fixed battery/DR schedule", () => {
    const hours = 24;
    const x = new Float64Array(2 * hours);
    for (let h = 0; h < hours; h++) {
      x[h] = h < 6 ? -0.6 : h >= 17 && h < 21 ? 0.8 : 0;
      x[hours + h] = h >= 17 && h < 20 ? 0.4 : 0.05;
    }
    const a = baseCityActions(env.entityCount);
    const r = runEpisode(
      env,
      () => {
        const hr = Math.floor(env.stepIndex / 4);
        a.storage[0] = x[hr];
        for (let k = 0; k < 5; k++) a.consumer[k] = drShareAction(x[hours + hr]);
        return a;
      },
      SEED,
    );
    const f = r.flows;
    const sc = env.scenario;
    let deferred = 0;
    let unserved = 0;
    for (let t = 0; t < env.length; t++) {
      for (let c = 0; c < 5; c++) deferred += r.classFlows.columns.drDeferredMwh[c * env.length + t];
      unserved += f.unservedMwh[t];
    }
    // The KPI's own function (DR incentives are not part of it, so GA-EMS does not credit them).
    const kpi = operatingCost(f, { ...DEFAULT_KPI_OPTIONS, startDayOfYear: sc.time.startDay });
    expect(kpi.peakDemandChargeUsd).toBeGreaterThan(0);
    expect(kpi.p2pFeesUsd).toBe(0);
    const envCost = kpi.totalUsd + 9000 * unserved;
    expect(deferred).toBeGreaterThan(0);
    const agg = aggregateCityOf(sc, env.options.drPaybackPerStep);
    const soc0 = env.config.battery.initialSocFrac * env.config.battery.capacityMwh;
    const aggCost = aggregateDayCost(agg, 0, env.length, x, soc0, 0, 9000, false);
    expect(Math.abs(aggCost - envCost)).toBeLessThanOrEqual(1e-6 * Math.abs(envCost));
    // A peak already executed this month is billed only where the day rises above it.
    const w = agg.peakUsdPerMw[0];
    const p0 = (0.5 * kpi.peakDemandChargeUsd) / w;
    const later = aggregateDayCost(agg, 0, env.length, x, soc0, 0, 9000, false, p0);
    expect(later).toBeCloseTo(aggCost - w * p0, 6);
    const above = aggregateDayCost(agg, 0, env.length, x, soc0, 0, 9000, false, 4 * p0);
    expect(above).toBeCloseTo(aggCost - kpi.peakDemandChargeUsd, 6);
  });
});

describe("MADRL-MOO training on the city", () => {
  const profile = CITY_TRAINING_PROFILES.ci;
  test("the same training seed gives the same curve and weights; the cache returns them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "city-maddpg-"));
    try {
      const cache = new Cache(dir);
      const opts = { profile, rewardWeights: EQUAL_REWARD_WEIGHTS, trainSeed: 5, cityConfig: oneDay };
      const a = await trainCityMaddpg(opts);
      const b = await trainCityMaddpg({ ...opts, cache });
      expect(b.cacheHit).toBe(false);
      expect(Array.from(b.curve.episodeReward)).toEqual(Array.from(a.curve.episodeReward));
      for (let k = 0; k < 5; k++)
        expect(Array.from(b.curve.termTotals[k])).toEqual(Array.from(a.curve.termTotals[k]));
      const sa = a.agent.snapshot();
      const sb = b.agent.snapshot();
      sa.forEach((s, i) => {
        expect(Buffer.compare(Buffer.from(s.params.buffer), Buffer.from(sb[i].params.buffer))).toBe(0);
      });
      const c = await trainCityMaddpg({ ...opts, cache });
      expect(c.cacheHit).toBe(true);
      expect(Array.from(c.curve.episodeReward)).toEqual(Array.from(a.curve.episodeReward));
      c.agent.snapshot().forEach((s, i) => {
        expect(Array.from(s.params)).toEqual(Array.from(sa[i].params));
      });
      expect(a.curve.termNames).toEqual(["econ", "renew", "stability", "carbon", "fairness"]);
      expect(a.curve.envSteps).toBe(profile.training.episodes! * 96);
      expect(a.ruleReferenceReward).toHaveLength(profile.windowStartDays.length);
      expect(c.ruleReferenceReward).toEqual(a.ruleReferenceReward);
      expect(Number.isFinite(a.ruleReferenceReward[0])).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("raw scaling trains on the env's terms as they are (weights from lib/papers/s000/env chosenRewardWeights)", async () => {
    const w = [0.5, 0.1, 0.1, 0.2, 0.1];
    const raw = await trainCityMaddpg({
      profile,
      rewardWeights: w,
      rewardScaling: "raw",
      trainSeed: 5,
      cityConfig: oneDay,
    });
    expect(raw.rewardScales.every((s) => Array.from(s).every((x) => x === 1))).toBe(true);
    // the curve's weighted reward is w . (sum of terms over agents) with unit scales
    for (let e = 0; e < raw.curve.episodeReward.length; e++) {
      let x = 0;
      for (let k = 0; k < 5; k++) x += w[k] * raw.curve.termTotals[k][e];
      expect(raw.curve.episodeReward[e]).toBeCloseTo(x, 6);
    }
  });

  test("reward weights are validated with the field named", async () => {
    await expect(
      trainCityMaddpg({ profile, rewardWeights: [1, 1], trainSeed: 5, cityConfig: oneDay }),
    ).rejects.toThrow(/rewardWeights/);
  });
});
