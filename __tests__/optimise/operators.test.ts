import { createRng } from "../../lib/core/rng";
import { DEFAULT_SBX, polynomialMutation, roundIntegers, sbxCrossover } from "../../lib/optimise/operators";

const n = 8;
const lower = Float64Array.from({ length: n }, (_, j) => -1 - j);
const upper = Float64Array.from({ length: n }, (_, j) => 2 + j * 0.5);

function randomIn(rng: ReturnType<typeof createRng>): Float64Array {
  return Float64Array.from({ length: n }, (_, j) => lower[j] + (upper[j] - lower[j]) * rng.next());
}

describe("SBX and polynomial mutation", () => {
  test("children and mutants stay inside the bounds", () => {
    const rng = createRng(1, "ops");
    const c1 = new Float64Array(n);
    const c2 = new Float64Array(n);
    for (let t = 0; t < 2000; t++) {
      const a = randomIn(rng);
      const b = t % 10 === 0 ? Float64Array.from(lower) : randomIn(rng);
      sbxCrossover(a, b, lower, upper, { ...DEFAULT_SBX, eta: 1 + (t % 30) }, rng, c1, c2);
      polynomialMutation(c1, lower, upper, { eta: 1 + (t % 25), probabilityVar: 1 }, rng);
      for (let j = 0; j < n; j++) {
        expect(c1[j]).toBeGreaterThanOrEqual(lower[j]);
        expect(c1[j]).toBeLessThanOrEqual(upper[j]);
        expect(c2[j]).toBeGreaterThanOrEqual(lower[j]);
        expect(c2[j]).toBeLessThanOrEqual(upper[j]);
      }
    }
  });

  test("reproducible with a seed, different with another", () => {
    const run = (seed: number) => {
      const rng = createRng(seed, "ops");
      const a = randomIn(rng);
      const b = randomIn(rng);
      const c1 = new Float64Array(n);
      const c2 = new Float64Array(n);
      sbxCrossover(a, b, lower, upper, DEFAULT_SBX, rng, c1, c2);
      polynomialMutation(c1, lower, upper, { eta: 20, probabilityVar: 0.5 }, rng);
      return [...c1, ...c2];
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  test("SBX preserves the parents' mean per variable when no bound is hit (Deb & Agrawal 1995)", () => {
    const rng = createRng(2, "mean");
    const lo = new Float64Array(1).fill(-1e9);
    const hi = new Float64Array(1).fill(1e9);
    for (let t = 0; t < 500; t++) {
      const a = Float64Array.of(rng.uniform(-1, 1));
      const b = Float64Array.of(rng.uniform(-1, 1));
      const c1 = new Float64Array(1);
      const c2 = new Float64Array(1);
      sbxCrossover(
        a,
        b,
        lo,
        hi,
        { eta: 15, probability: 1, probabilityVar: 1, probabilitySwap: 0.5 },
        rng,
        c1,
        c2,
      );
      expect(c1[0] + c2[0]).toBeCloseTo(a[0] + b[0], 6);
    }
  });

  test("a large distribution index keeps mutants near the parent", () => {
    const rng = createRng(3, "eta");
    let spreadLow = 0;
    let spreadHigh = 0;
    for (let t = 0; t < 2000; t++) {
      const x = Float64Array.of(0.5);
      polynomialMutation(x, Float64Array.of(0), Float64Array.of(1), { eta: 100, probabilityVar: 1 }, rng);
      spreadHigh += Math.abs(x[0] - 0.5);
      const y = Float64Array.of(0.5);
      polynomialMutation(y, Float64Array.of(0), Float64Array.of(1), { eta: 2, probabilityVar: 1 }, rng);
      spreadLow += Math.abs(y[0] - 0.5);
    }
    expect(spreadHigh).toBeLessThan(spreadLow / 4);
  });

  test("integer rounding respects the bounds", () => {
    const x = Float64Array.of(2.4, 2.6, -0.7, 9.9, 0.3);
    roundIntegers(
      x,
      Uint8Array.of(1, 1, 1, 1, 0),
      Float64Array.of(0, 0, -0.5, 0, 0),
      Float64Array.of(5, 5, 5, 9.5, 1),
    );
    expect(Array.from(x)).toEqual([2, 3, 0, 9, 0.3]);
  });
});
