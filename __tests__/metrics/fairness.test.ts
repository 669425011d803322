import fc from "fast-check";
import { giniCoefficient, jainIndex } from "../../lib/metrics";

/** Gini by its definition, the O(n^2) mean absolute difference (independent of the sorted formula). */
function giniPairwise(x: number[]): number {
  const n = x.length;
  const m = x.reduce((a, b) => a + b, 0) / n;
  if (m === 0) return 0;
  let d = 0;
  for (const a of x) for (const b of x) d += Math.abs(a - b);
  return d / (2 * n * n * m);
}

describe("fairness indices", () => {
  it("Jain index matches hand-computed values", () => {
    expect(jainIndex([1, 2, 3])).toBeCloseTo(36 / 42, 14); // (6)^2 / (3 * 14)
    expect(jainIndex([5, 5, 5, 5])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBeCloseTo(0.25, 14); // one of n gets all: 1/n
    expect(jainIndex([0, 0])).toBe(1);
    expect(Number.isNaN(jainIndex([]))).toBe(true);
  });

  it("Gini coefficient matches hand-computed values", () => {
    expect(giniCoefficient([1, 2, 3])).toBeCloseTo(2 / 9, 14); // sum|xi-xj| = 8, 2 n^2 mean = 36
    expect(giniCoefficient([0, 0, 0, 10])).toBeCloseTo(0.75, 14); // (n-1)/n
    expect(giniCoefficient([4, 4, 4])).toBeCloseTo(0, 14);
    expect(giniCoefficient([0, 0])).toBe(0);
  });

  it("Gini's O(n log n) formula equals the pairwise definition; Jain lies in [1/n, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (x) => {
          expect(Math.abs(giniCoefficient(x) - giniPairwise(x))).toBeLessThanOrEqual(1e-9);
          const j = jainIndex(x);
          expect(j).toBeGreaterThanOrEqual(1 / x.length - 1e-12);
          expect(j).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it("rejects negative or non-finite allocations, naming the function and index", () => {
    expect(() => jainIndex([1, -1])).toThrow(/jainIndex.*index 1/);
    expect(() => giniCoefficient([1, Number.NaN])).toThrow(/giniCoefficient/);
  });
});
