import { ConvergenceError, DataError } from "../../lib/core/errors";
import { type FeederData, loadFeeder } from "../../lib/grid/feederData";
import { solveNewtonRaphson } from "../../lib/grid/newtonRaphson";
import { buildRadialNetwork } from "../../lib/grid/radialNetwork";
import { solveSweep } from "../../lib/grid/sweep";

const net33 = buildRadialNetwork(loadFeeder("ieee33bw"));

describe("IEEE 33-bus (Baran & Wu 1989) base case", () => {
  const r = solveSweep(net33);
  test("published totals of the data: 3,715 kW + 2,300 kvar", () => {
    let p = 0;
    let q = 0;
    for (let i = 0; i < 33; i++) {
      p += net33.pLoadMw[i];
      q += net33.qLoadMvar[i];
    }
    expect(p).toBeCloseTo(3.715, 9);
    expect(q).toBeCloseTo(2.3, 9);
  });
  test("losses 202.677 kW within 0.1 kW (MATPOWER case33bw runpf)", () => {
    expect(Math.abs(r.lossMw * 1000 - 202.677)).toBeLessThan(0.1);
  });
  test("minimum voltage 0.913090 pu at bus 18 within 1e-4", () => {
    expect(r.minVoltageBus).toBe(18);
    expect(Math.abs(r.minVoltagePu - 0.91309)).toBeLessThan(1e-4);
  });
  test("energy balance: slack = loads + losses", () => {
    expect(r.slackPMw).toBeCloseTo(3.715 + r.lossMw, 9);
    expect(r.slackQMvar).toBeCloseTo(2.3 + r.lossMvar, 9);
    expect(r.branchPMw[0]).toBeCloseTo(r.slackPMw, 9);
  });
  test("reports iterations and tolerance", () => {
    expect(r.iterations).toBeGreaterThan(1);
    expect(r.residualPu).toBeLessThan(r.tolerancePu);
  });
});

describe("sweep vs Newton-Raphson", () => {
  const cases: [string, object][] = [
    ["base", {}],
    [
      "PV, battery, EV at buses",
      {
        pvMw: Float64Array.from({ length: 33 }, (_, i) => (i % 3 === 0 ? 0.2 : 0)),
        batteryMw: Float64Array.from({ length: 33 }, (_, i) => (i === 17 ? -0.3 : i === 32 ? 0.4 : 0)),
        evMw: Float64Array.from({ length: 33 }, (_, i) => (i % 5 === 1 ? 0.15 : 0)),
      },
    ],
    ["reverse flow (PV 3x load)", { pvMw: Float64Array.from(net33.pLoadMw, (p) => 3 * p) }],
  ];
  test.each(cases)("%s: every bus agrees to 1e-6 pu, flows and losses agree", (_, inj) => {
    const a = solveSweep(net33, inj);
    const b = solveNewtonRaphson(net33, inj);
    for (let i = 0; i < 33; i++) {
      expect(Math.abs(a.vMagPu[i] - b.vMagPu[i])).toBeLessThan(1e-6);
      expect(Math.abs(a.vAngleRad[i] - b.vAngleRad[i])).toBeLessThan(1e-6);
    }
    for (let k = 0; k < 32; k++) expect(Math.abs(a.branchPMw[k] - b.branchPMw[k])).toBeLessThan(1e-6);
    expect(Math.abs(a.lossMw - b.lossMw)).toBeLessThan(1e-8);
  });
});

describe("two-bus closed form", () => {
  const rOhm = 0.5;
  const xOhm = 0.8;
  const two: FeederData = {
    name: "two-bus",
    citation: "closed form",
    baseKv: 11,
    baseMva: 1,
    slackBus: 1,
    fromBus: [1],
    toBus: [2],
    rOhm: [rOhm],
    xOhm: [xOhm],
    pLoadKw: [0, 2000],
    qLoadKvar: [0, 1000],
  };
  test("|V2|^2 root of V^4 + (2(PR+QX) - V1^2) V^2 + S^2 Z^2 = 0; loss = R S^2 / V^2", () => {
    const zb = 121;
    const R = rOhm / zb;
    const X = xOhm / zb;
    const P = 2;
    const Q = 1;
    const bq = 1 - 2 * (P * R + Q * X);
    const v2 = (bq + Math.sqrt(bq * bq - 4 * (P * P + Q * Q) * (R * R + X * X))) / 2;
    const net = buildRadialNetwork(two);
    const r = solveSweep(net);
    expect(r.vMagPu[1]).toBeCloseTo(Math.sqrt(v2), 10);
    expect(r.lossMw).toBeCloseTo((R * (P * P + Q * Q)) / v2, 10);
    expect(solveNewtonRaphson(net).vMagPu[1]).toBeCloseTo(Math.sqrt(v2), 10);
  });
});

describe("errors", () => {
  test("beyond loadability: ConvergenceError that says so", () => {
    const heavy = {
      pLoadMw: Float64Array.from(net33.pLoadMw, (p) => 6 * p),
      qLoadMvar: Float64Array.from(net33.qLoadMvar, (q) => 6 * q),
    };
    expect(() => solveSweep(net33, heavy)).toThrow(ConvergenceError);
    expect(() => solveSweep(net33, heavy)).toThrow(/did not converge/);
    expect(() => solveNewtonRaphson(net33, heavy)).toThrow(ConvergenceError);
  });
  test("too few iterations: ConvergenceError", () => {
    expect(() => solveSweep(net33, {}, { maxIterations: 2 })).toThrow(/within 2 iterations/);
  });
  test("a loop or wrong lengths: DataError", () => {
    const f = loadFeeder("ieee33bw");
    expect(() => buildRadialNetwork({ ...f, toBus: [...f.toBus.slice(0, 31), 3] })).toThrow(DataError);
    expect(() => solveSweep(net33, { pvMw: new Float64Array(3) })).toThrow(/one entry per bus/);
  });
});

describe("38-bus substitute (Singh & Misra 2007, MATPOWER case38si)", () => {
  const net38 = buildRadialNetwork(loadFeeder("case38si"));
  test("38 buses; without anything at 34-38 it solves as the 33-bus case", () => {
    expect(net38.nBus).toBe(38);
    const r = solveSweep(net38);
    expect(Math.abs(r.lossMw * 1000 - 202.677)).toBeLessThan(0.1);
    expect(r.vMagPu[36]).toBeCloseTo(r.vMagPu[17], 12);
  });
  test("DG at the lateral buses: sweep and NR agree", () => {
    const pv = new Float64Array(38);
    for (let i = 33; i < 38; i++) pv[i] = 0.4;
    const a = solveSweep(net38, { pvMw: pv });
    const b = solveNewtonRaphson(net38, { pvMw: pv });
    for (let i = 0; i < 38; i++) expect(Math.abs(a.vMagPu[i] - b.vMagPu[i])).toBeLessThan(1e-6);
    expect(a.lossMw).toBeLessThan(0.2);
  });
});
