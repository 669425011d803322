import { ConvergenceError } from "../../lib/core/errors";
import { loadFeeder } from "../../lib/grid/feederData";
import { buildRadialNetwork } from "../../lib/grid/radialNetwork";
import { solveSweep } from "../../lib/grid/sweep";
import { solveFeederSeries } from "../../lib/grid/timeSeries";

const net = buildRadialNetwork(loadFeeder("ieee33bw"));
const scaleAt = (t: number) => 0.3 + 0.05 * t;

describe("time series", () => {
  const s = solveFeederSeries(net, 20, (t, p, q) => {
    for (let i = 0; i < 33; i++) {
      p[i] = net.pLoadMw[i] * scaleAt(t);
      q[i] = net.qLoadMvar[i] * scaleAt(t);
    }
  });
  test("warm-started steps equal independent flat-start solves", () => {
    for (const t of [0, 7, 14, 19]) {
      const k = scaleAt(t);
      const r = solveSweep(net, {
        pLoadMw: Float64Array.from(net.pLoadMw, (v) => v * k),
        qLoadMvar: Float64Array.from(net.qLoadMvar, (v) => v * k),
      });
      expect(s.minVoltagePu[t]).toBeCloseTo(r.minVoltagePu, 7);
      expect(s.lossMw[t]).toBeCloseTo(r.lossMw, 8);
      expect(s.maxDeviationPct[t]).toBeCloseTo((1 - r.minVoltagePu) * 100, 5);
    }
  });
  test("step 14 (scale 1.0) reproduces the base case", () => {
    expect(s.lossMw[14] * 1000).toBeCloseTo(202.677, 1);
  });
  test("a collapsing step names itself", () => {
    expect(() =>
      solveFeederSeries(net, 3, (t, p, q) => {
        for (let i = 0; i < 33; i++) {
          p[i] = net.pLoadMw[i] * (t === 2 ? 8 : 1);
          q[i] = net.qLoadMvar[i];
        }
      }),
    ).toThrow(/step 2/);
    expect(() => solveFeederSeries(net, 1, (_t, p) => p.fill(5))).toThrow(ConvergenceError);
  });
});
