import { scalariseRewards } from "../../lib/control/env";
import { LatencyLog, timed } from "../../lib/control/latency";
import { Maddpg } from "../../lib/control/maddpg";
import { ActionNoise } from "../../lib/control/noise";
import { createRng } from "../../lib/core/rng";
import { Mlp } from "../../lib/nn/mlp";
import { feasibleBatteryPowerMw, nextSocMwh } from "../../lib/storage/battery";

const agents = [
  { id: "a", observationSize: 3, actionSize: 2 },
  { id: "b", observationSize: 3, actionSize: 2 },
];

describe("Maddpg acting and checkpoints", () => {
  test("actBatch applies one (shared) policy row by row; act agrees with it", () => {
    const m = new Maddpg(agents, { actorHidden: [8], criticHidden: [8], shareActors: true }, 1);
    expect(m.actors[0]).toBe(m.actors[1]);
    const rows = Float64Array.of(0.1, 0.2, 0.3, -1, 0, 1, 0.5, 0.5, 0.5);
    const batch = m.actBatch(1, rows, 3);
    expect(batch.length).toBe(6);
    for (const v of batch) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    const single = m.act([rows.subarray(0, 3), rows.subarray(3, 6)]);
    expect(single[1][0]).toBeCloseTo(batch[2], 6);
    expect(single[1][1]).toBeCloseTo(batch[3], 6);
    // the one-hot agent id makes the shared policy's outputs differ between agents on the same input
    const a0 = m.actBatch(0, rows.subarray(0, 3), 1);
    expect(a0[0]).not.toBe(batch[0]);
  });

  test("snapshot / restore round-trips every network; a mismatched snapshot is refused", () => {
    const a = new Maddpg(agents, { actorHidden: [8], criticHidden: [8], twinCritics: true }, 1);
    const b = new Maddpg(agents, { actorHidden: [8], criticHidden: [8], twinCritics: true }, 2);
    const obs = [Float64Array.of(0.3, -0.2, 0.9), Float64Array.of(1, 0, -1)];
    expect(b.act(obs)[0][0]).not.toBe(a.act(obs)[0][0]);
    b.restore(a.snapshot());
    expect(b.act(obs)).toEqual(a.act(obs));
    const c = new Maddpg(agents, { actorHidden: [8], criticHidden: [8] }, 1);
    expect(() => c.restore(a.snapshot())).toThrow(/networks/);
  });

  test("lrScale and setLrScale keep the actor/critic ratio", () => {
    const m = new Maddpg(agents, { actorHidden: [4], criticHidden: [4], lrScale: 5 }, 1);
    const lrs = m as unknown as { actorOpts: { lr: number }[]; criticOpts: { lr: number }[][] };
    expect(lrs.actorOpts[0].lr).toBeCloseTo(5e-4, 15);
    expect(lrs.criticOpts[0][0].lr).toBeCloseTo(5e-3, 15);
    m.setLrScale(0.5);
    expect(lrs.criticOpts[0][1].lr / lrs.actorOpts[1].lr).toBeCloseTo(10, 12);
  });

  test("configuration errors name the field", () => {
    expect(() => new Maddpg(agents, { tau: 2 }, 1)).toThrow(/tau/);
    expect(
      () => new Maddpg([agents[0], { id: "c", observationSize: 4, actionSize: 2 }], { shareActors: true }, 1),
    ).toThrow(/shareActors/);
    expect(() => new Mlp({ sizes: [3, 4], activations: ["relu", "relu"] })).toThrow(/activations/);
  });
});

describe("rewards, noise, latency, battery", () => {
  test("scalariseRewards is the dot product with the weights, per agent", () => {
    const r = scalariseRewards([Float64Array.of(1, 2, 3), Float64Array.of(-1, 0, 4)], [0.5, 0.25, 2]);
    expect(Array.from(r)).toEqual([0.5 + 0.5 + 6, -0.5 + 8]);
    expect(() => scalariseRewards([Float64Array.of(1, 2)], [1])).toThrow(/reward terms/);
  });

  test("Gaussian noise has the scheduled sigma; OU noise is autocorrelated; both stay in [-1, 1]", () => {
    const g = new ActionNoise(
      { kind: "gaussian", sigma: 0.4, sigmaFinal: 0.1, decaySteps: 100, theta: 0.15 },
      1,
      createRng(1, "n"),
    );
    expect(g.sigmaAt(0)).toBeCloseTo(0.4, 15);
    expect(g.sigmaAt(50)).toBeCloseTo(0.25, 15);
    expect(g.sigmaAt(1000)).toBeCloseTo(0.1, 15);
    let s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const a = Float64Array.of(0);
      g.apply(a, 0);
      s2 += a[0] * a[0];
    }
    expect(Math.sqrt(s2 / n)).toBeCloseTo(0.4, 1.5);
    const ou = new ActionNoise(
      { kind: "ou", sigma: 0.2, sigmaFinal: 0.2, decaySteps: 1, theta: 0.15 },
      1,
      createRng(1, "ou"),
    );
    const xs: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const a = Float64Array.of(0);
      ou.apply(a, i);
      xs.push(a[0]);
      expect(Math.abs(a[0])).toBeLessThanOrEqual(1);
    }
    let c = 0;
    let v = 0;
    for (let i = 1; i < xs.length; i++) {
      c += xs[i] * xs[i - 1];
      v += xs[i] * xs[i];
    }
    expect(c / v).toBeGreaterThan(0.7); // OU lag-1 autocorrelation 1 - theta = 0.85
  });

  test("timed and LatencyLog measure and summarise", () => {
    const { value, latencyMs } = timed(() => 41 + 1);
    expect(value).toBe(42);
    expect(latencyMs).toBeGreaterThanOrEqual(0);
    const log = new LatencyLog();
    for (let i = 1; i <= 2000; i++) log.add(i);
    const s = log.summary();
    expect(s.count).toBe(2000);
    expect(s.maxMs).toBe(2000);
    expect(s.medianMs).toBe(1001);
    expect(s.meanMs).toBeCloseTo(1000.5, 10);
  });

  test("battery power is clipped by power and SOC limits, SOC follows the efficiencies", () => {
    const b = {
      capacityMwh: 10,
      socMinMwh: 1,
      socMaxMwh: 9,
      maxChargeMw: 4,
      maxDischargeMw: 5,
      etaCharge: 0.9,
      etaDischarge: 0.8,
    };
    expect(feasibleBatteryPowerMw(b, 5, 100, 0.5)).toBe(5);
    expect(feasibleBatteryPowerMw(b, 2, 100, 0.5)).toBeCloseTo((1 * 0.8) / 0.5, 12);
    expect(feasibleBatteryPowerMw(b, 8.5, -100, 0.5)).toBeCloseTo(-0.5 / (0.9 * 0.5), 12);
    expect(Object.is(feasibleBatteryPowerMw(b, 9, -3, 0.5), 0)).toBe(true);
    expect(nextSocMwh(b, 5, 2, 0.5)).toBeCloseTo(5 - 1 / 0.8, 12);
    expect(nextSocMwh(b, 5, -2, 0.5)).toBeCloseTo(5 + 0.9, 12);
  });
});
