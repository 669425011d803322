import loadHighs from "highs";
import {
  arbitrageDayTask,
  arbitrageOptimumUsd,
  BatteryArbitrageEnv,
  validateOnArbitrageDay,
} from "../../lib/control/batteryArbitrageEnv";
import { Maddpg } from "../../lib/control/maddpg";
import { parseMaddpgSettingsText, resolveMaddpgTraining } from "../../lib/control/maddpgSettings";
import { ActionNoise, scheduleValue } from "../../lib/control/noise";
import { ReplayBuffer } from "../../lib/control/replayBuffer";
import { evaluateMaddpg, trainMaddpg } from "../../lib/control/train";
import { ConfigError } from "../../lib/core/errors";
import { createRng } from "../../lib/core/rng";
import { nnBackend, resetNnBackend } from "../../lib/nn/gemm";
import {
  CITY_TRAINING_PROFILES,
  S000_MADDPG,
  validationBudget,
} from "../../lib/papers/s000/agents/cityTraining";
import type { BatteryLimits } from "../../lib/storage/battery";

/** A day of hourly prices (USD/MWh): night trough, morning shoulder, evening peak. */
const PRICE = Float64Array.from([
  35, 32, 30, 30, 33, 40, 55, 70, 80, 75, 65, 60, 58, 60, 65, 75, 95, 140, 170, 160, 130, 95, 70, 50,
]);
const BATTERY: BatteryLimits = {
  capacityMwh: 4,
  socMinMwh: 0,
  socMaxMwh: 4,
  maxChargeMw: 1,
  maxDischargeMw: 1,
  etaCharge: 0.95,
  etaDischarge: 0.95,
};

/** The arbitrage optimum by an LP written here, independent of lib/control/mpc. */
async function lpOptimumUsd(price: Float64Array, b: BatteryLimits, soc0: number): Promise<number> {
  const highs = await loadHighs();
  const T = price.length;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  for (let t = 0; t < T; t++) {
    obj.push(`+ ${price[t]} d${t} - ${price[t]} c${t}`);
    const prev = t === 0 ? "" : `- s${t - 1}`;
    const rhs = t === 0 ? soc0 : 0;
    rows.push(` soc${t}: s${t} ${prev} - ${b.etaCharge} c${t} + ${1 / b.etaDischarge} d${t} = ${rhs}`);
    bounds.push(` 0 <= c${t} <= ${b.maxChargeMw}`, ` 0 <= d${t} <= ${b.maxDischargeMw}`);
    bounds.push(` ${b.socMinMwh} <= s${t} <= ${b.socMaxMwh}`);
  }
  const lp = `Maximize\n obj: ${obj.join(" ")}\nSubject To\n${rows.join("\n")}\nBounds\n${bounds.join("\n")}\nEnd\n`;
  const res = highs.solve(lp, { output_flag: false } as never);
  expect(res.Status).toBe("Optimal");
  return res.ObjectiveValue;
}

function arbitrageEnv(agents: number) {
  return new BatteryArbitrageEnv({
    priceUsdPerMwh: PRICE,
    battery: BATTERY,
    socStartMwh: 0,
    stepH: 1,
    agents,
    priceScaleUsdPerMwh: 100,
  });
}

describe("MADDPG on the arbitrage validation day with the city's own settings (data/control/s000-maddpg.yaml)", () => {
  const budget = validationBudget();
  const settings = S000_MADDPG.settings;

  test("the library's LP optimum equals this test's own LP (468.16 USD)", async () => {
    const mine = await lpOptimumUsd(PRICE, BATTERY, 0);
    expect(mine).toBeCloseTo(468.16, 2);
    expect(await arbitrageOptimumUsd(arbitrageDayTask(1))).toBeCloseTo(mine, 6);
    expect(await arbitrageOptimumUsd(arbitrageDayTask(2))).toBeCloseTo(2 * mine, 6);
    expect(Array.from(arbitrageDayTask(1).priceUsdPerMwh)).toEqual(Array.from(PRICE));
    expect(arbitrageDayTask(1).battery).toEqual(BATTERY);
  });

  test("the validation budget tries at least three seeds", () => {
    expect(budget.seeds.length).toBeGreaterThanOrEqual(3);
    expect(new Set(budget.seeds).size).toBe(budget.seeds.length);
  });

  // The city's hyper-parameters, the validation budget (250 episodes of 24 steps): each seed ~5 s on OpenBLAS.
  test.each(validationBudget().seeds)(
    "seed %i: the trained policy earns >= 95 %% of the LP optimum",
    async (seed) => {
      const optimum = await lpOptimumUsd(PRICE, BATTERY, 0);
      const r = await validateOnArbitrageDay(settings, budget, seed, { optimumUsd: optimum });
      expect(r.profitUsd).toBeGreaterThanOrEqual(0.95 * optimum);
      expect(r.profitUsd).toBeLessThanOrEqual(optimum + 1e-6); // nothing beats the LP
      // it learned: late episodes (still with exploration noise) beat the warm-up ones
      const ep = r.episodeReward;
      expect(ep[ep.length - 1]).toBeGreaterThan(ep[0] + 3);
      expect(r.gradientSteps).toBeGreaterThan(0);
    },
  );

  test("the city's profiles train with exactly these hyper-parameters; only the budget differs", () => {
    for (const name of ["ci", "quick", "paper"] as const) {
      const p = CITY_TRAINING_PROFILES[name];
      const r = resolveMaddpgTraining(
        settings,
        { ...budget, episodes: p.training.episodes! },
        p.training.maxEpisodeSteps!,
      );
      expect(p.maddpg).toEqual(r.maddpg);
      const t = p.training;
      expect(t.gradientSteps).toBe(r.training.gradientSteps);
      expect(t.updateEvery).toBe(r.training.updateEvery);
      expect(t.warmupSteps).toBe(r.training.warmupSteps);
      expect(t.noise).toEqual(r.training.noise);
      expect(t.actorLrSchedule).toEqual(r.training.actorLrSchedule);
      expect(t.criticLrSchedule).toEqual(r.training.criticLrSchedule);
      expect(p.maddpg.actorHidden).toEqual(settings.actorHidden);
      expect(p.maddpg.actorLr).toBe(settings.actorLr.initial);
    }
  });

  test("the learning-rate and noise schedules end at their floors", () => {
    const env = arbitrageEnv(1);
    const short = { ...budget, episodes: 8, evalEveryEpisodes: 0, patienceEpisodes: 0 };
    const r = resolveMaddpgTraining(settings, short, 24);
    const agent = new Maddpg(env.agents, { ...r.maddpg, actorHidden: [8], criticHidden: [8] }, 1);
    trainMaddpg(env, agent, [0.01], r.training, 1);
    const lr = agent.learningRates;
    const end = (s: typeof settings.actorLr) => (s.schedule === "constant" ? s.initial : s.final);
    expect(lr.actor).toBeCloseTo(end(settings.actorLr), 12);
    expect(lr.critic).toBeCloseTo(end(settings.criticLr), 12);
    const noise = new ActionNoise(r.training.noise!, 1, createRng(1, "n"));
    expect(noise.sigmaAt(0)).toBe(settings.noise.sigma.initial);
    expect(noise.sigmaAt(10 ** 9)).toBeCloseTo(end(settings.noise.sigma), 12);
    // a cosine decay to a tenth reaches its floor at the end of the budget
    const cos = {
      ...settings,
      actorLr: { schedule: "cosine" as const, initial: 3e-4, final: 3e-5, decayFraction: 1 },
      criticLr: { schedule: "linear" as const, initial: 3e-3, final: 3e-4, decayFraction: 0.5 },
    };
    const rc = resolveMaddpgTraining(cos, short, 24);
    const a2 = new Maddpg(env.agents, { ...rc.maddpg, actorHidden: [8], criticHidden: [8] }, 1);
    trainMaddpg(env, a2, [0.01], rc.training, 1);
    expect(a2.learningRates.actor).toBeCloseTo(3e-5, 12);
    expect(a2.learningRates.critic).toBeCloseTo(3e-4, 12);
  });

  // ~15 s on OpenBLAS, minutes on the JS fallback: runs where CI runs (OpenBLAS is in .ci/apt-packages.txt)
  const heavy = nnBackend().name === "openblas" ? test : test.skip;
  heavy(
    "two agents, centralised critics and one shared actor (the same settings): >= 95 % of the two batteries' optimum",
    async () => {
      const optimum = 2 * (await lpOptimumUsd(PRICE, BATTERY, 0));
      const r = await validateOnArbitrageDay(settings, budget, 2, {
        agents: 2,
        optimumUsd: optimum,
        maddpg: { shareActors: true },
      });
      expect(r.profitUsd).toBeGreaterThanOrEqual(0.95 * optimum);
      expect(r.profitUsd).toBeLessThanOrEqual(optimum + 1e-6);
    },
  );

  test("evaluation latency is timed per decision", () => {
    const env = arbitrageEnv(1);
    const agent = new Maddpg(env.agents, { actorHidden: [8], criticHidden: [8] }, 1);
    const ev = evaluateMaddpg(env, agent, [1], 0, 24);
    expect(ev.steps).toBe(24);
    expect(ev.latency.count).toBe(24);
    expect(ev.latency.medianMs).toBeGreaterThan(0);
  });
});

describe("MADDPG training mechanics", () => {
  test("same seed -> identical learning curve and weights; another seed differs (2 agents, shared actor, TD3 options)", () => {
    const run = (seed: number) => {
      const env = arbitrageEnv(2);
      const agent = new Maddpg(
        env.agents,
        {
          actorHidden: [16],
          criticHidden: [16],
          batchSize: 32,
          shareActors: true,
          twinCritics: true,
          targetNoise: 0.2,
          policyDelay: 2,
        },
        seed,
      );
      const curve = trainMaddpg(
        env,
        agent,
        [0.01],
        { episodes: 12, maxEpisodeSteps: 24, warmupSteps: 48 },
        seed,
      );
      return { curve: Array.from(curve.episodeReward), params: agent.snapshot()[0].params };
    };
    const a = run(5);
    const b = run(5);
    const c = run(6);
    expect(b.curve).toEqual(a.curve);
    expect(Buffer.from(b.params.buffer).equals(Buffer.from(a.params.buffer))).toBe(true);
    expect(c.curve).not.toEqual(a.curve);
  });

  test("schedules: constant, linear and cosine decay to the floor, then stay there", () => {
    expect(scheduleValue("constant", 1, 0.1, 50, 100)).toBe(1);
    expect(scheduleValue("linear", 1, 0.1, 50, 100)).toBeCloseTo(0.55, 12);
    expect(scheduleValue("cosine", 1, 0.1, 50, 100)).toBeCloseTo(0.55, 12);
    expect(scheduleValue("cosine", 1, 0.1, 25, 100)).toBeCloseTo(
      0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI / 4)),
      12,
    );
    for (const k of ["linear", "cosine"] as const) {
      expect(scheduleValue(k, 1, 0.1, 0, 100)).toBe(1);
      expect(scheduleValue(k, 1, 0.1, 100, 100)).toBeCloseTo(0.1, 12);
      expect(scheduleValue(k, 1, 0.1, 1e6, 100)).toBeCloseTo(0.1, 12);
    }
  });

  const env1 = () => arbitrageEnv(1);
  const tiny = { actorHidden: [8], criticHidden: [8], batchSize: 16 };

  test("early stopping: stops when the evaluation reward has not improved for patienceEpisodes, keeps the best weights on request", () => {
    const env = env1();
    const agent = new Maddpg(env.agents, tiny, 1);
    // evaluation rewards 1, 2, 3, then flat: best after episode 2 (0-based), patience 3 -> stop after episode 5
    const values = [1, 2, 3, 3, 3, 3, 3, 3, 3, 3];
    let k = 0;
    let bestParams: Float32Array | null = null;
    const curve = trainMaddpg(
      env,
      agent,
      [0.01],
      { episodes: 10, maxEpisodeSteps: 24, warmupSteps: 16, evalEveryEpisodes: 1, patienceEpisodes: 3 },
      1,
      {
        evaluate: (a) => {
          if (k === 2) bestParams = Float32Array.from(a.snapshot()[0].params);
          return values[k++];
        },
        evalReference: 0.5,
        restoreBest: true,
      },
    );
    expect(curve.stopReason).toBe("plateau");
    expect(curve.episodeReward.length).toBe(6);
    expect(curve.budgetEpisodes).toBe(10);
    expect(curve.evalEpisode).toEqual([0, 1, 2, 3, 4, 5]);
    expect(curve.evalReward).toEqual([1, 2, 3, 3, 3, 3]);
    expect(curve.bestEvalEpisode).toBe(2);
    expect(curve.evalReferenceReward).toBe(0.5);
    expect(curve.envSteps).toBe(6 * 24);
    expect(Array.from(agent.snapshot()[0].params)).toEqual(Array.from(bestParams!));
    // without evaluation it runs the whole budget
    const full = trainMaddpg(
      env1(),
      new Maddpg(env.agents, tiny, 1),
      [0.01],
      { episodes: 3, maxEpisodeSteps: 24, warmupSteps: 16 },
      1,
    );
    expect(full.stopReason).toBe("budget");
    expect(full.episodeReward.length).toBe(3);
  });

  test("progress lines: episode, reward against the rule reference, held-out against its rule, steps/s and ETA, at most every intervalS", () => {
    let clock = 0;
    const lines: string[] = [];
    const stream = { write: (x: string) => lines.push(x) } as unknown as NodeJS.WritableStream;
    const env = env1();
    trainMaddpg(
      {
        ...env,
        agents: env.agents,
        rewardTermNames: env.rewardTermNames,
        reset: (s) => env.reset(s),
        step: (a) => {
          clock += 1000; // one simulated second per env step
          return env.step(a);
        },
      },
      new Maddpg(env.agents, tiny, 1),
      [0.01],
      { episodes: 4, maxEpisodeSteps: 24, warmupSteps: 16, evalEveryEpisodes: 1 },
      1,
      {
        evaluate: () => 1.5,
        evalReference: 1.25,
        progress: { label: "arb", stream, intervalS: 10, episodeReference: () => 2.5 },
        now: () => clock,
      },
    );
    // 96 simulated seconds, quiet for the first 10 s, then a line every 10 s, and a final line
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.length).toBeLessThanOrEqual(11);
    const mid = lines.find((l) => l.includes("ep 2/4"))!;
    expect(mid).toMatch(
      /^arb ep 2\/4 \| last ep reward [-\d.e]+ \(rule 2\.500\) \| held-out 1\.500 \(rule 1\.250\) \| 1 steps\/s ETA \d/,
    );
    expect(lines[lines.length - 1]).toMatch(/stopped \(budget\) after 4\/4 episodes, 96 env steps/);
  });

  test("settings errors name the file, line and key, and the fix", () => {
    const text = (lr: string) =>
      [
        "version: 1",
        "settings:",
        `  actorLr: ${lr}`,
        "  criticLr: { schedule: constant, initial: 1.0e-3, final: 1.0e-3 }",
        "  noise: { kind: gaussian, sigma: { schedule: linear, initial: 0.5, final: 0.05, decayFraction: 0.7 } }",
        "  gradientStepsPerEnvStep: 2",
        "  batchSize: 64",
        "  actorHidden: [64, 64]",
        "  criticHidden: [64, 64]",
        "  tau: 0.005",
        "  gamma: 0.99",
        "  bufferSize: 1000000",
        "  warmupFraction: 0.15",
        "budgets:",
        "  validation: { episodes: 10 }",
      ].join("\n");
    const ok = parseMaddpgSettingsText(
      text("{ schedule: cosine, initial: 3.0e-4, final: 3.0e-5 }"),
      "x.yaml",
    );
    expect(ok.settings.actorLr.decayFraction).toBe(1);
    const err = (lr: string) => {
      try {
        parseMaddpgSettingsText(text(lr), "x.yaml");
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(err("{ schedule: cosine, initial: 3.0e-4, final: 0 }")).toMatch(
      /^x\.yaml:3 settings\.actorLr\.final: .*not positive.*\(set actorLr\.final to a positive floor.*schedule: constant\)$/,
    );
    expect(err("{ schedule: linear, initial: -1.0e-4, final: 1.0e-5 }")).toMatch(
      /x\.yaml:3 settings\.actorLr\.initial: .*\(set actorLr\.initial to a positive rate/,
    );
    expect(err("{ schedule: cosine, initial: 1.0e-4, final: 1.0e-3 }")).toMatch(/lower actorLr\.final below/);
    expect(err("{ schedule: sometimes, initial: 1.0e-4, final: 1.0e-3 }")).toMatch(
      /x\.yaml:3 settings\.actorLr\.schedule/,
    );
    expect(() =>
      parseMaddpgSettingsText(
        text("{ schedule: constant, initial: 1.0e-4, final: 1.0e-4, extra: 1 }"),
        "x.yaml",
      ),
    ).toThrow(/unknown key.*"extra"/);
    // the engine refuses a non-positive schedule too
    const env = env1();
    expect(() =>
      trainMaddpg(
        env,
        new Maddpg(env.agents, tiny, 1),
        [0.01],
        { episodes: 1, actorLrSchedule: { kind: "linear", finalFactor: 0, decaySteps: 10 } },
        1,
      ),
    ).toThrow(/TrainingConfig\.actorLrSchedule\.finalFactor.*positive floor/);
    // budgets: unknown budget and bad field
    expect(() => ok.budget("paper", {})).toThrow(/no budget "paper".*budgets here: validation/);
  });
});

describe("MADDPG update mechanics", () => {
  test("targets move by exactly tau toward the online networks after an update", () => {
    const env = arbitrageEnv(2);
    const tau = 0.005;
    const agent = new Maddpg(env.agents, { actorHidden: [8], criticHidden: [8], batchSize: 16, tau }, 3);
    const buf = new ReplayBuffer([6, 6], [1, 1], 100);
    const rng = createRng(3, "fill");
    const v = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
    for (let k = 0; k < 40; k++) buf.add([v(6), v(6)], [v(1), v(1)], v(2), [v(6), v(6)], k % 10 === 9);
    // targets start equal to the online networks
    const before = agent.snapshot();
    for (let q = 0; q < before.length; q += 2) expect(before[q + 1].params).toEqual(before[q].params);
    agent.update(buf.sample(16, createRng(3, "s")));
    const after = agent.snapshot();
    for (let q = 0; q < after.length; q += 2) {
      const online = after[q].params;
      const target = after[q + 1].params;
      const old = before[q + 1].params;
      let moved = 0;
      for (let j = 0; j < online.length; j++) {
        expect(target[j]).toBeCloseTo(tau * online[j] + (1 - tau) * old[j], 6);
        moved += Math.abs(online[j] - old[j]);
      }
      expect(moved).toBeGreaterThan(0); // the online network did take a gradient step
    }
  });

  test("critic update is a step along the TD-error gradient: the loss on the same batch falls", () => {
    const env = arbitrageEnv(1);
    const agent = new Maddpg(
      env.agents,
      { actorHidden: [8], criticHidden: [16], batchSize: 32, lrScale: 10 },
      4,
    );
    const buf = new ReplayBuffer([6], [1], 100);
    const rng = createRng(4, "fill");
    const v = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
    for (let k = 0; k < 32; k++) buf.add([v(6)], [v(1)], v(1), [v(6)], true); // terminal: y = r
    const losses: number[] = [];
    for (let k = 0; k < 30; k++)
      losses.push(agent.update(buf.sample(32, createRng(4, "same"))).criticLoss[0]);
    expect(losses[29]).toBeLessThan(0.5 * losses[0]);
  });
});

describe("numeric backends", () => {
  test("a MADDPG update on the JS fallback equals the active backend's to float32 rounding", () => {
    const run = () => {
      const env = arbitrageEnv(2);
      const agent = new Maddpg(env.agents, { actorHidden: [32], criticHidden: [32], batchSize: 16 }, 8);
      const buf = new ReplayBuffer([6, 6], [1, 1], 100);
      const rng = createRng(8, "fill");
      const v = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
      for (let k = 0; k < 40; k++) buf.add([v(6), v(6)], [v(1), v(1)], v(2), [v(6), v(6)], false);
      for (let k = 0; k < 3; k++) agent.update(buf.sample(16, createRng(8, "s", k)));
      return { params: agent.snapshot(), backend: agent.backend };
    };
    const active = run();
    const before = process.env.REPRO_NN_BACKEND;
    process.env.REPRO_NN_BACKEND = "js";
    resetNnBackend();
    let js: ReturnType<typeof run>;
    try {
      js = run();
    } finally {
      if (before === undefined) delete process.env.REPRO_NN_BACKEND;
      else process.env.REPRO_NN_BACKEND = before;
      resetNnBackend();
    }
    expect(js.backend).toBe("js");
    active.params.forEach((net, q) => {
      for (let j = 0; j < net.params.length; j++)
        expect(js.params[q].params[j]).toBeCloseTo(net.params[j], 4);
    });
  });
});

describe("ReplayBuffer", () => {
  test("stores columns, wraps at capacity, and samples uniformly with a seeded Rng", () => {
    const buf = new ReplayBuffer([2], [1], 5, 2);
    for (let k = 0; k < 7; k++) buf.add([[k, 10 + k]], [[-k]], [100 + k], [[k + 1, 11 + k]], k === 6);
    expect(buf.size).toBe(5);
    const s = buf.sample(4000, createRng(1, "rb"));
    const counts = new Map<number, number>();
    for (let r = 0; r < s.size; r++) {
      const k = s.observations[0][2 * r];
      // every field of a row comes from the same transition
      expect(s.observations[0][2 * r + 1]).toBe(10 + k);
      expect(s.actions[0][r]).toBe(-k);
      expect(s.rewards[0][r]).toBe(100 + k);
      expect(s.nextObservations[0][2 * r]).toBe(k + 1);
      expect(s.done[r]).toBe(k === 6 ? 1 : 0);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // transitions 0 and 1 were overwritten by 5 and 6
    expect([...counts.keys()].sort()).toEqual([2, 3, 4, 5, 6]);
    // uniform: each of 5 slots ~ Binomial(4000, 0.2): mean 800, sd ~25; allow 5 sd
    for (const c of counts.values()) expect(Math.abs(c - 800)).toBeLessThan(125);
    // seeded: same stream, same indices
    const i1 = Array.from(buf.sample(50, createRng(9, "x")).indices);
    const i2 = Array.from(buf.sample(50, createRng(9, "x")).indices);
    expect(i2).toEqual(i1);
  });

  test("rejects wrong shapes with the agent named", () => {
    const buf = new ReplayBuffer([2], [1], 5);
    expect(() => buf.add([[1]], [[0]], [0], [[1, 2]], false)).toThrow(/agent 0/);
  });
});
