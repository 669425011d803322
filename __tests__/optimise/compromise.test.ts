import { kneePoint, topsis } from "../../lib/optimise/compromise";

describe("compromise selection", () => {
  test("knee: the point farthest from the line through the extremes (2-D, hand-checked)", () => {
    // extremes (0,10) and (4,0); distances from the line x/4 + y/10 = 1 are largest for (1,3)
    const front = [
      [0, 10],
      [1, 3],
      [2, 2.5],
      [4, 0],
    ];
    expect(kneePoint(front)).toBe(1);
    // invariant to rescaling an objective
    expect(kneePoint(front.map(([a, b]) => [a * 1000, b / 7 + 3]))).toBe(1);
  });

  test("knee in 3-D: smallest sum of normalised objectives", () => {
    expect(
      kneePoint([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [0.2, 0.2, 0.2],
        [0.4, 0.1, 0.4],
      ]),
    ).toBe(3);
  });

  test("TOPSIS hand example", () => {
    // normalised: A (0,1), B (0.25,0.25), C (1,0); ideal (0,0), anti (1,1) (equal weights 1/2)
    // B: d+ = 0.5*sqrt(0.125)... computed below exactly
    const r = topsis([
      [0, 8],
      [1, 2],
      [4, 0],
    ]);
    const w = 0.5;
    const dPlusB = Math.hypot(w * 0.25, w * 0.25);
    const dMinusB = Math.hypot(w * 0.75, w * 0.75);
    expect(r.closeness[1]).toBeCloseTo(dMinusB / (dPlusB + dMinusB), 12);
    expect(r.closeness[0]).toBeCloseTo(0.5, 12);
    expect(r.closeness[2]).toBeCloseTo(0.5, 12);
    expect(r.index).toBe(1);
    // a heavy weight on objective 1 picks its minimiser
    expect(
      topsis(
        [
          [0, 8],
          [1, 2],
          [4, 0],
        ],
        [1, 0],
      ).index,
    ).toBe(0);
  });

  test("errors name the problem", () => {
    expect(() => kneePoint([])).toThrow(/empty/);
    expect(() => topsis([[1, 2]], [1])).toThrow(/weights/);
    expect(() => topsis([[1, Number.NaN]])).toThrow(/not finite/);
  });
});
