import { generationalDistance, igd, spacing } from "../../lib/optimise/indicators";

describe("IGD, GD, spacing", () => {
  const ref = [
    [0, 1],
    [0.5, 0.5],
    [1, 0],
  ];
  test("hand-computed IGD and GD", () => {
    const approx = [
      [0, 1],
      [1, 1],
    ];
    // IGD: distances from ref points to approx: 0, sqrt(0.5), 1 -> mean
    expect(igd(approx, ref)).toBeCloseTo((0 + Math.SQRT1_2 + 1) / 3, 12);
    // GD: from approx points to ref: 0, sqrt(0.5) (to (0.5,0.5)) -> mean
    expect(generationalDistance(approx, ref)).toBeCloseTo(Math.SQRT1_2 / 2, 12);
    expect(igd(ref, ref)).toBe(0);
  });

  test("spacing: 0 for even points, Schott's formula otherwise", () => {
    expect(spacing(ref)).toBeCloseTo(0, 12);
    // L1 nearest distances: (0,0)-(1,0): 1; (1,0): 1; (3,0): 2 -> mean 4/3, S = sqrt(((1/3)^2*2 + (2/3)^2)/2)
    const s = spacing([
      [0, 0],
      [1, 0],
      [3, 0],
    ]);
    expect(s).toBeCloseTo(Math.sqrt((2 / 9 + 4 / 9) / 2), 12);
  });

  test("errors on empty or mismatched sets", () => {
    expect(() => igd([], ref)).toThrow(/non-empty/);
    expect(() => igd([[1, 2, 3]], ref)).toThrow(/objective counts/);
    expect(() => spacing([[1, 1]])).toThrow(/at least 2/);
  });
});
