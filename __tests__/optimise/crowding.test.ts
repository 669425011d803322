import { crowdingDistance } from "../../lib/optimise/crowding";

describe("crowding distance (Deb et al. 2002)", () => {
  test("hand-worked 2-objective front", () => {
    // f1: 0, 1, 3, 6 (range 6); f2: 6, 3, 1, 0 (range 6)
    // point 1: (3 - 0)/6 + (6 - 1)/6 = 8/6; point 2: (6 - 1)/6 + (3 - 0)/6 = 8/6
    const d = crowdingDistance([
      [3, 1],
      [0, 6],
      [6, 0],
      [1, 3],
    ]);
    expect(d[1]).toBe(Number.POSITIVE_INFINITY);
    expect(d[2]).toBe(Number.POSITIVE_INFINITY);
    expect(d[0]).toBeCloseTo(8 / 6, 14);
    expect(d[3]).toBeCloseTo(8 / 6, 14);
  });

  test("uneven spacing and a 3rd objective of zero range", () => {
    // f1: 0, 1, 2, 10 -> interior (2-0)/10, (10-1)/10; f2 mirrors; f3 constant contributes nothing
    const d = crowdingDistance([
      [0, 10, 5],
      [1, 2, 5],
      [2, 1, 5],
      [10, 0, 5],
    ]);
    expect(d[1]).toBeCloseTo(0.2 + 0.9, 14);
    expect(d[2]).toBeCloseTo(0.9 + 0.2, 14);
    expect(d[0]).toBe(Number.POSITIVE_INFINITY);
  });

  test("two or fewer points are all boundary", () => {
    expect(Array.from(crowdingDistance([[1, 2]]))).toEqual([Number.POSITIVE_INFINITY]);
  });
});
