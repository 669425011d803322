import { ConfigError } from "../../lib/core/errors";
import { createRng } from "../../lib/core/rng";
import {
  DEFAULT_FREQUENCY,
  frequencyModel,
  frequencyStepper,
  frequencyStepResponse,
  simulateFrequency,
} from "../../lib/grid/frequency";

const base = DEFAULT_FREQUENCY;

describe("swing equation step response vs analytic solution", () => {
  test("no governor, no battery: Δf(t) = -(ΔP/D)(1 - exp(-D t / 2H)) f0", () => {
    const cfg = { droopPu: Number.POSITIVE_INFINITY, batteryMaxMw: 0, subStepS: 0.1 };
    const dP = 40;
    const tr = frequencyStepResponse(dP, 60, cfg);
    const u = dP / base.systemBaseMw;
    for (let k = 0; k < tr.length; k++) {
      const t = k * 0.1;
      const exact =
        -(u / base.loadDampingPu) * (1 - Math.exp((-base.loadDampingPu * t) / (2 * base.inertiaS))) * 50;
      expect(Math.abs(tr[k] - exact)).toBeLessThan(1e-12);
    }
  });
  test("no damping: constant RoCoF = -ΔP f0 / (2H)", () => {
    const tr = frequencyStepResponse(20, 10, {
      droopPu: Number.POSITIVE_INFINITY,
      batteryMaxMw: 0,
      loadDampingPu: 0,
      subStepS: 1,
    });
    for (let k = 0; k < tr.length; k++) expect(tr[k]).toBeCloseTo(-((20 / 2000) * 50 * k) / 10, 12);
  });
  test("governor + battery: matches an independent RK4 integration (dt = 1 ms) and the droop steady state", () => {
    const cfg = { ...base, batteryMaxMw: 200, subStepS: 0.5 };
    const dP = 30;
    const tr = frequencyStepResponse(dP, 40, cfg);
    const u = dP / cfg.systemBaseMw;
    const kb = cfg.batteryMaxMw / cfg.systemBaseMw / (cfg.batteryFullActivationHz / 50);
    const rhs = (x: number[]) => [
      (x[1] + x[2] - u - cfg.loadDampingPu * x[0]) / (2 * cfg.inertiaS),
      (-x[0] / cfg.droopPu - x[1]) / cfg.governorLagS,
      (-kb * x[0] - x[2]) / cfg.batteryLagS,
    ];
    let x = [0, 0, 0];
    const h = 1e-3;
    for (let k = 1; k <= 40_000; k++) {
      const k1 = rhs(x);
      const k2 = rhs(x.map((v, i) => v + (h / 2) * k1[i]));
      const k3 = rhs(x.map((v, i) => v + (h / 2) * k2[i]));
      const k4 = rhs(x.map((v, i) => v + h * k3[i]));
      x = x.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
      if (k % 500 === 0) expect(Math.abs(tr[k / 500] - x[0] * 50)).toBeLessThan(1e-9);
    }
    const ss = (-u / (cfg.loadDampingPu + 1 / cfg.droopPu + kb)) * 50;
    expect(tr[tr.length - 1]).toBeCloseTo(ss, 8);
  });
  test("battery saturates at its power limit", () => {
    const cfg = { batteryMaxMw: 5 };
    const { pbMaxPu } = frequencyModel({ ...base, ...cfg });
    expect(pbMaxPu).toBeCloseTo(5 / 2000, 12);
    // 200 MW deficit: the battery pins at +5 MW, so the steady state is -(u - Pbmax) / (D + 1/R)
    const sat = frequencyStepResponse(200, 120, cfg);
    const ss = (-(200 - 5) / 2000 / (base.loadDampingPu + 1 / base.droopPu)) * 50;
    expect(sat[sat.length - 1]).toBeCloseTo(ss, 9);
  });
});

/** Brute force: every sub-step simulated and stored, stats by sorting. */
function brute(imb: Float64Array, latencyS: number, frac: number, dt: number) {
  const step = frequencyStepper({ ...base, subStepS: dt });
  const per = Math.round(900 / dt);
  const lat = Math.round(latencyS / dt);
  const all: number[] = [];
  const x = new Float64Array(3);
  for (let t = 0; t < imb.length; t++) {
    for (let k = 0; k < per; k++) {
      step(x, (k < lat ? imb[t] : imb[t] * (1 - frac)) / base.systemBaseMw);
      all.push(Math.abs(x[0] * 50));
    }
  }
  const sorted = [...all].sort((a, b) => a - b);
  return {
    mean: all.reduce((a, b) => a + b, 0) / all.length,
    max: sorted[sorted.length - 1],
    p95: sorted[Math.ceil(0.95 * sorted.length) - 1],
  };
}

describe("year simulation", () => {
  const rng = createRng(8, "grid", "frequency-test");
  const imb = Float64Array.from({ length: 24 }, () => rng.normal() * 15);
  test("settled-segment shortcut equals brute force (mean, max; P95 to the 1e-5 Hz histogram)", () => {
    for (const [lat, frac] of [
      [2, 1],
      [30, 0.7],
      [0, 0.5],
    ]) {
      const r = simulateFrequency(
        { imbalanceMw: imb, responseLatencyS: lat, correctedFraction: frac },
        { subStepS: 0.5 },
      );
      const b = brute(imb, lat, frac, 0.5);
      expect(r.meanAbsHz).toBeCloseTo(b.mean, 9);
      expect(r.maxAbsHz).toBeCloseTo(b.max, 12);
      expect(Math.abs(r.p95AbsHz - b.p95)).toBeLessThan(2e-5);
      let s = 0;
      for (const v of r.histogram.share) s += v;
      expect(s).toBeCloseTo(1, 12);
    }
  });
  test("instant, complete correction: no deviation; longer latency: larger deviation", () => {
    expect(simulateFrequency({ imbalanceMw: imb, responseLatencyS: 0 }).maxAbsHz).toBe(0);
    const fast = simulateFrequency({ imbalanceMw: imb, responseLatencyS: 1.7 });
    const slow = simulateFrequency({ imbalanceMw: imb, responseLatencyS: 4.8 });
    expect(slow.meanAbsHz).toBeGreaterThan(fast.meanAbsHz);
    // the nadir comes ~1-2 s after the step: a controller acting before it cuts the peak
    const faster = simulateFrequency({ imbalanceMw: imb, responseLatencyS: 0.5 });
    expect(slow.maxAbsHz).toBeGreaterThan(faster.maxAbsHz);
    expect(slow.maxAbsHz).toBeGreaterThanOrEqual(fast.maxAbsHz - 1e-12);
    expect(fast.stepMaxAbsHz.length).toBe(24);
  });
  test("bad inputs", () => {
    expect(() => simulateFrequency({ imbalanceMw: imb, responseLatencyS: -1 })).toThrow(ConfigError);
    expect(() => simulateFrequency({ imbalanceMw: imb, responseLatencyS: 1 }, { inertiaS: 0 })).toThrow(
      /inertiaS/,
    );
  });
});

describe("per-step correction and trace", () => {
  const rng = createRng(3, "test", "frequency-correction");
  const imbalanceMw = Float64Array.from({ length: 40 }, () => rng.normal() * 15);
  test("correctionMw = frac x imbalance reproduces correctedFraction exactly", () => {
    const a = simulateFrequency({ imbalanceMw, responseLatencyS: 2, correctedFraction: 0.7 });
    const b = simulateFrequency({
      imbalanceMw,
      responseLatencyS: 2,
      correctionMw: imbalanceMw.map((d) => 0.7 * d),
    });
    // (d - 0.7 d) and d (1 - 0.7) differ in the last bits only
    expect(b.meanAbsHz).toBeCloseTo(a.meanAbsHz, 12);
    expect(b.maxAbsHz).toBeCloseTo(a.maxAbsHz, 12);
    for (let t = 0; t < a.stepMaxAbsHz.length; t++)
      expect(b.stepMaxAbsHz[t]).toBeCloseTo(a.stepMaxAbsHz[t], 12);
  });
  test("an uncorrected residual settles at the stiffness closed form -r / (D + 1/R + kb)", () => {
    // no correction at all on a constant 10 MW deficit: Δf_ss = -u / (D + 1/R + kb) f0 (battery unsaturated)
    const c = DEFAULT_FREQUENCY;
    const r = simulateFrequency({
      imbalanceMw: new Float64Array(4).fill(10),
      responseLatencyS: 1,
      correctionMw: new Float64Array(4),
      trace: { fromStep: 3, toStep: 4, everyS: 1 },
    });
    const kb = c.batteryMaxMw / c.systemBaseMw / (c.batteryFullActivationHz / c.nominalHz);
    const ss = (-(10 / c.systemBaseMw) / (c.loadDampingPu + 1 / c.droopPu + kb)) * c.nominalHz;
    const tr = r.trace as Float64Array;
    expect(tr.length).toBe(900);
    expect(tr[tr.length - 1]).toBeCloseTo(ss, 10); // settled shortcut: < 1e-13 pu per sub-step
    expect(r.stepExtremeHz[3]).toBeCloseTo(ss, 9);
  });
  test("trace samples agree with the step extremes they cover", () => {
    const r = simulateFrequency({
      imbalanceMw,
      responseLatencyS: 2,
      correctionMw: imbalanceMw.map((d) => 0.5 * d),
      trace: { fromStep: 5, toStep: 8, everyS: 0.1 },
    });
    const tr = r.trace as Float64Array;
    expect(tr.length).toBe(3 * 9000);
    for (let s = 0; s < 3; s++) {
      let m = 0;
      for (let k = s * 9000; k < (s + 1) * 9000; k++) m = Math.max(m, Math.abs(tr[k]));
      expect(m).toBeCloseTo(r.stepMaxAbsHz[5 + s], 12);
    }
  });
  test("several windows in one pass equal one window per pass", () => {
    const inp = { imbalanceMw, responseLatencyS: 2, correctionMw: imbalanceMw.map((d) => 0.5 * d) };
    const w1 = { fromStep: 2, toStep: 4, everyS: 1 };
    const w2 = { fromStep: 30, toStep: 31, everyS: 0.5 };
    const both = simulateFrequency({ ...inp, traces: [w1, w2] });
    const one = simulateFrequency({ ...inp, trace: w1 });
    const two = simulateFrequency({ ...inp, trace: w2 });
    expect(Array.from(both.traces?.[0] ?? [])).toEqual(Array.from(one.trace ?? []));
    expect(Array.from(both.traces?.[1] ?? [])).toEqual(Array.from(two.trace ?? []));
    expect(both.meanAbsHz).toBe(one.meanAbsHz);
  });
  test("bad correction and trace inputs name the field", () => {
    expect(() =>
      simulateFrequency({ imbalanceMw, responseLatencyS: 1, correctionMw: new Float64Array(3) }),
    ).toThrow(/correctionMw/);
    expect(() =>
      simulateFrequency({
        imbalanceMw,
        responseLatencyS: 1,
        trace: { fromStep: 0, toStep: 2, everyS: 0.07 },
      }),
    ).toThrow(/trace.everyS/);
    expect(() =>
      simulateFrequency({ imbalanceMw, responseLatencyS: 1, trace: { fromStep: 5, toStep: 99, everyS: 1 } }),
    ).toThrow(/frequency.trace/);
  });
});
