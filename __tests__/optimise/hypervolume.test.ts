import fc from "fast-check";
import { createRng } from "../../lib/core/rng";
import { hypervolume, hypervolume2d, hypervolumeMonteCarlo } from "../../lib/optimise/hypervolume";

/** Inclusion-exclusion over all subsets: HV = sum_S (-1)^(|S|+1) vol(box of the componentwise max of S). */
function inclusionExclusion(points: number[][], ref: number[]): number {
  const inside = points.filter((p) => p.every((v, k) => v < ref[k]));
  const n = inside.length;
  let total = 0;
  for (let mask = 1; mask < 1 << n; mask++) {
    const corner = ref.map(() => Number.NEGATIVE_INFINITY);
    let bits = 0;
    for (let i = 0; i < n; i++)
      if (mask & (1 << i)) {
        bits++;
        for (let k = 0; k < ref.length; k++) corner[k] = Math.max(corner[k], inside[i][k]);
      }
    const vol = corner.reduce((v, c, k) => v * (ref[k] - c), 1);
    total += bits % 2 === 1 ? vol : -vol;
  }
  return total;
}

describe("hypervolume", () => {
  test("hand-computed values", () => {
    // staircase: (4-1)(4-3) + (4-2)(3-2) + (4-3)(2-1) = 6
    expect(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
    ).toBeCloseTo(6, 12);
    expect(
      hypervolume2d(
        [
          [1, 3],
          [2, 2],
          [3, 1],
          [3, 3],
        ],
        [4, 4],
      ),
    ).toBeCloseTo(6, 12);
    // two 3-D boxes 2x2x1 and 1x1x2 overlapping in a unit cube: 4 + 2 - 1
    expect(
      hypervolume(
        [
          [0, 0, 1],
          [1, 1, 0],
        ],
        [2, 2, 2],
      ),
    ).toBeCloseTo(5, 12);
    // a dominated point and a point outside the box add nothing
    expect(
      hypervolume(
        [
          [0, 0, 1],
          [1, 1, 0],
          [1, 1, 1.5],
          [0, 0, 2],
        ],
        [2, 2, 2],
      ),
    ).toBeCloseTo(5, 12);
    // 4-D unit box
    expect(hypervolume([[0.5, 0.5, 0.5, 0.5]], [1.5, 1.5, 1.5, 1.5])).toBeCloseTo(1, 12);
    expect(hypervolume([[2, 2]], [1, 1])).toBe(0);
  });

  test("WFG equals inclusion-exclusion on random sets of 2-5 objectives", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((m) =>
          fc.array(
            fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 4, noNaN: true })), {
              minLength: m,
              maxLength: m,
            }),
            { minLength: 1, maxLength: 9 },
          ),
        ),
        (pts) => {
          const ref = pts[0].map(() => 3.5);
          const exact = inclusionExclusion(pts, ref);
          expect(hypervolume(pts, ref)).toBeCloseTo(exact, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("Monte Carlo agrees with the exact value within 4 standard errors (5 objectives)", () => {
    const rng = createRng(11, "hv-mc-points");
    const pts = Array.from({ length: 60 }, () => {
      const v = Array.from({ length: 5 }, () => Math.abs(rng.normal()));
      const s = Math.hypot(...v);
      return v.map((x) => x / s);
    });
    const ref = [1.1, 1.1, 1.1, 1.1, 1.1];
    const exact = hypervolume(pts, ref);
    const est = hypervolumeMonteCarlo(pts, ref, createRng(11, "hv-mc"), 50_000);
    expect(est.standardError).toBeGreaterThan(0);
    expect(Math.abs(est.value - exact)).toBeLessThan(4 * est.standardError);
  });
});
