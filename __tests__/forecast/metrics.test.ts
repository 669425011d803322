import {
  capacityNormalisedMaePct,
  intervalCoverage,
  mae,
  mape,
  pinballLoss,
  rmse,
  skillScore,
} from "../../lib/forecast/metrics";

// Hand-computed: actual [1, 2, 0, 4], forecast [2, 2, 1, 2]; errors (a - f) = [-1, 0, -1, 2].
const a = [1, 2, 0, 4];
const f = [2, 2, 1, 2];

describe("forecast metrics against hand-computed values", () => {
  it("MAE = (1 + 0 + 1 + 2) / 4 = 1", () => expect(mae(a, f)).toBe(1));
  it("RMSE = sqrt((1 + 0 + 1 + 4) / 4) = sqrt(1.5)", () =>
    expect(rmse(a, f)).toBeCloseTo(Math.sqrt(1.5), 12));
  it("MAPE skips the zero actual: (1/1 + 0/2 + 2/4) / 3 = 50 %", () => {
    const r = mape(a, f);
    expect(r.count).toBe(3);
    expect(r.mapePct).toBeCloseTo(50, 12);
    expect(Number.isNaN(mape([0, 0], [1, 1]).mapePct)).toBe(true);
  });
  it("capacity-normalised MAE = 100 * 1 / 8 = 12.5 %", () =>
    expect(capacityNormalisedMaePct(a, f, 8)).toBe(12.5));
  it("pinball at q = 0.9: terms max(0.9e, -0.1e) = [0.1, 0, 0.1, 1.8] -> 0.5", () =>
    expect(pinballLoss(a, f, 0.9)).toBeCloseTo(0.5, 12));
  it("pinball at q = 0.5 is MAE / 2", () => expect(pinballLoss(a, f, 0.5)).toBeCloseTo(0.5, 12));
  it("coverage of [f-1, f+1] counts 1, 2, 0 inside and 4 outside -> 0.75", () =>
    expect(
      intervalCoverage(
        a,
        f.map((x) => x - 1),
        f.map((x) => x + 1),
      ),
    ).toBe(0.75));
  it("skill = 1 - 1 / 4 = 0.75", () => expect(skillScore(1, 4)).toBe(0.75));
  it("rejects mismatched lengths", () => expect(() => mae([1], [1, 2])).toThrow(/equal/));
});
