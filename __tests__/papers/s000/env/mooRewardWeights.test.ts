import { chosenRewardWeights } from "../../../../lib/papers/s000/env/mooRewardWeights";

describe("chosenRewardWeights", () => {
  // Five objectives; ranges 2, 1, 0.5, 4 and 0 (the last does not vary).
  const front = [
    [0, 1, 0.5, 4, 3],
    [2, 0, 0.2, 0, 3],
    [1, 0.2, 0, 1, 3],
    [0.5, 0.6, 0.4, 3, 3],
  ];

  test("knee by hand: smallest sum of range-normalised objectives", () => {
    // z sums: row0 0+1+1+1 = 3; row1 1+0+0.4+0 = 1.4; row2 0.5+0.2+0+0.25 = 0.95; row3 0.25+0.6+0.8+0.75 = 2.4
    const c = chosenRewardWeights(front);
    expect(c.index).toBe(2);
    // w_k proportional to 1/range_k (0 for the constant objective): 1/2, 1, 2, 1/4, 0 -> / 3.75
    const expected = [0.5, 1, 2, 0.25, 0].map((v) => v / 3.75);
    c.weights.forEach((w, k) => {
      expect(w).toBeCloseTo(expected[k], 12);
    });
    expect(c.byTerm.econ).toBeCloseTo(expected[0], 12);
    expect(c.byTerm.fairness).toBe(0);
    expect(c.optimalOnFront).toBe(true);
    expect(Array.from(c.ranges)).toEqual([2, 1, 0.5, 4, 0]);
  });

  test("the knee maximises the weighted return over the front (brute force)", () => {
    const c = chosenRewardWeights(front);
    const scores = front.map((f) => f.reduce((s, v, k) => s + c.weights[k] * v, 0));
    expect(scores.indexOf(Math.min(...scores))).toBe(c.index);
  });

  test("TOPSIS with a preference tilts the weights and the choice", () => {
    const c = chosenRewardWeights(front, { rule: "topsis", preference: [10, 0, 0, 0, 0] });
    expect(c.index).toBe(0); // best cost
    expect(c.weights[0]).toBeCloseTo(1, 12);
    expect(c.optimalOnFront).toBe(true);
  });

  test("errors name the problem", () => {
    expect(() => chosenRewardWeights([])).toThrow(/front is empty/);
    expect(() => chosenRewardWeights([[1, 2, 3]])).toThrow(/5 objectives/);
    expect(() => chosenRewardWeights(front, { preference: [1, 1, 1, 1, 1] })).toThrow(
      /knee rule takes no preference/,
    );
  });
});
