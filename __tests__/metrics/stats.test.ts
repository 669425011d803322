import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, DataError } from "../../lib/core/errors";
import { createRng } from "../../lib/core/rng";
import {
  type Alternative,
  bootstrapMedianDifferenceCi,
  erf,
  erfc,
  holmCorrection,
  normalCdf,
  type WilcoxonMethod,
  wilcoxonSignedRank,
  type ZeroMethod,
} from "../../lib/metrics/stats";

/** Reference values from scipy 1.17.1 (scripts/fixtures/wilcoxon.py); CI reads only the committed JSON. */
interface Fixture {
  versions: { scipy: string };
  wilcoxon: {
    datasets: { id: number; x: number[]; y: number[] | null }[];
    cases: {
      data: number;
      opts: { alternative: Alternative; method: WilcoxonMethod; zeroMethod: ZeroMethod; correction: boolean };
      statistic: number;
      pvalue: number;
      zstatistic: number;
      methods?: string[];
    }[];
  };
  holm: { cases: { p: number[]; adjusted: number[] }[] };
  ndtr: { z: number[]; cdf: number[] };
  erfc: { x: number[]; erfc: number[] };
}

const fx: Fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "wilcoxon.json"), "utf8"));
const TOL = 1e-12;

function relClose(actual: number, expected: number, tol = TOL): boolean {
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

describe("wilcoxonSignedRank against scipy.stats.wilcoxon", () => {
  it(`the fixture is scipy ${fx.versions.scipy} and covers every option`, () => {
    expect(fx.versions.scipy.startsWith("1.17")).toBe(true);
    const cases = fx.wilcoxon.cases;
    for (const alt of ["two-sided", "less", "greater"])
      expect(cases.some((c) => c.opts.alternative === alt)).toBe(true);
    for (const zm of ["wilcox", "pratt", "zsplit"])
      expect(cases.some((c) => c.opts.zeroMethod === zm)).toBe(true);
    for (const m of ["exact", "approx", "permutation"])
      expect(cases.some((c) => c.methods?.includes(m))).toBe(true);
    expect(cases.some((c) => c.opts.correction)).toBe(true);
  });

  const rows = fx.wilcoxon.cases.map((c, i) => {
    const ds = fx.wilcoxon.datasets[c.data];
    const o = c.opts;
    const label = `#${i} n=${ds.x.length}${ds.y ? " paired" : ""} ${o.alternative} ${o.method}${o.correction ? "+cc" : ""} ${o.zeroMethod}`;
    return [label, c, ds] as const;
  });

  it.each(rows)("%s", (_label, c, ds) => {
    const r = wilcoxonSignedRank(ds.x, ds.y ?? undefined, c.opts);
    expect(Math.abs(r.pValue - c.pvalue)).toBeLessThanOrEqual(TOL);
    expect(relClose(r.statistic, c.statistic)).toBe(true);
    expect(r.alternative).toBe(c.opts.alternative);
    if (c.methods) expect(c.methods).toContain(r.method);
    else expect(r.method).toBe(c.opts.method);
    if (r.method === "approx") {
      expect(r.zStatistic).toBeDefined();
      expect(relClose(r.zStatistic!, c.zstatistic)).toBe(true);
    } else {
      expect(r.zStatistic).toBeUndefined();
    }
  });
});

describe("wilcoxonSignedRank: exact distribution and edge cases", () => {
  it("n pairs all of one sign give exactly 2/2^n two-sided and 1/2^n one-sided (exact)", () => {
    for (let n = 1; n <= 50; n++) {
      const pos = Array.from({ length: n }, (_, i) => 0.25 + i);
      const neg = pos.map((v) => -v);
      for (const method of ["auto", "exact"] as const) {
        expect(wilcoxonSignedRank(pos, undefined, { method }).pValue).toBe(Math.min(1, 2 / 2 ** n));
        expect(wilcoxonSignedRank(neg, undefined, { method }).pValue).toBe(Math.min(1, 2 / 2 ** n));
        expect(wilcoxonSignedRank(pos, undefined, { method, alternative: "greater" }).pValue).toBe(
          1 / 2 ** n,
        );
        expect(wilcoxonSignedRank(neg, undefined, { method, alternative: "less" }).pValue).toBe(1 / 2 ** n);
        expect(wilcoxonSignedRank(pos, undefined, { method, alternative: "less" }).pValue).toBe(1);
      }
      const r = wilcoxonSignedRank(pos);
      expect(r.method).toBe("exact");
      expect(r.statistic).toBe(0);
      expect(wilcoxonSignedRank(pos, undefined, { alternative: "greater" }).statistic).toBe(
        (n * (n + 1)) / 2,
      );
    }
  });

  it("x, y and x - y give the same test; swapping x and y mirrors one-sided p-values", () => {
    const x = [3.1, 4.2, 2.2, 5.9, 4.4, 3.3, 6.1, 2.8];
    const y = [2.0, 4.5, 1.1, 4.0, 4.1, 1.2, 5.0, 3.3];
    const d = x.map((v, i) => v - y[i]);
    expect(wilcoxonSignedRank(x, y)).toEqual(wilcoxonSignedRank(d));
    expect(wilcoxonSignedRank(Float64Array.from(x), Float64Array.from(y))).toEqual(wilcoxonSignedRank(x, y));
    const g = wilcoxonSignedRank(x, y, { alternative: "greater" }).pValue;
    expect(wilcoxonSignedRank(y, x, { alternative: "less" }).pValue).toBe(g);
  });

  it("the continuity correction moves the approximate p-value towards 1", () => {
    const d = [1.1, -0.4, 2.3, 0.7, 1.9, -1.2, 0.3, 2.8, 1.4, -0.9, 0.6, 1.7];
    const off = wilcoxonSignedRank(d, undefined, { method: "approx" });
    const on = wilcoxonSignedRank(d, undefined, { method: "approx", correction: true });
    expect(on.pValue).toBeGreaterThan(off.pValue);
    expect(Math.abs(on.zStatistic!)).toBeLessThan(Math.abs(off.zStatistic!));
  });

  it("reports n and zeros by zero method", () => {
    const d = [0, 0, 1, -2, 3, 4];
    expect(wilcoxonSignedRank(d, undefined, { zeroMethod: "wilcox" })).toMatchObject({ n: 4, zeros: 2 });
    expect(wilcoxonSignedRank(d, undefined, { zeroMethod: "pratt" })).toMatchObject({ n: 6, zeros: 2 });
    expect(wilcoxonSignedRank(d, undefined, { zeroMethod: "zsplit" })).toMatchObject({ n: 6, zeros: 2 });
  });

  it("the doc-comment examples hold", () => {
    const r = wilcoxonSignedRank(
      [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
      [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
    );
    expect(r.pValue).toBe(20 / 512);
    expect(r.statistic).toBe(5);
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5], undefined, { alternative: "greater" }).pValue).toBe(1 / 32);
    expect(holmCorrection([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erfc(3)).toBeCloseTo(0.000022090496998585441, 18);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 15);
  });

  it("all-zero differences, empty or unequal inputs and non-finite values throw a DataError", () => {
    for (const zeroMethod of ["wilcox", "pratt", "zsplit"] as const) {
      expect(() => wilcoxonSignedRank([1, 2, 3], [1, 2, 3], { zeroMethod })).toThrow(DataError);
      expect(() => wilcoxonSignedRank([0, 0], undefined, { zeroMethod })).toThrow(
        /every one of the 2 differences/,
      );
    }
    expect(() => wilcoxonSignedRank([])).toThrow(/wilcoxonSignedRank: x: is empty/);
    expect(() => wilcoxonSignedRank([1, 2, 3], [1, 2])).toThrow(
      /wilcoxonSignedRank: y: has 2 values but x has 3/,
    );
    expect(() => wilcoxonSignedRank([1, Number.NaN, 3])).toThrow(/x\[1\] is NaN/);
    expect(() => wilcoxonSignedRank([1, 2, 3], [0, 0, Number.NaN])).toThrow(/y\[2\] is NaN/);
    expect(() => wilcoxonSignedRank([1, Number.POSITIVE_INFINITY])).toThrow(DataError);
  });

  it("unknown options throw a ConfigError naming the option", () => {
    const bad = (o: object) => () => wilcoxonSignedRank([1, 2, 3], undefined, o as never);
    expect(bad({ alternative: "two_sided" })).toThrow(/opts.alternative/);
    expect(bad({ method: "asymptotic" })).toThrow(ConfigError);
    expect(bad({ zeroMethod: "drop" })).toThrow(/opts.zeroMethod/);
    expect(bad({ correction: "yes" })).toThrow(/opts.correction/);
  });
});

describe("normal distribution", () => {
  it("normalCdf matches scipy.special.ndtr to 1e-13 relative on [-12, 8]", () => {
    fx.ndtr.z.forEach((z, i) => {
      expect(Math.abs(normalCdf(z) / fx.ndtr.cdf[i] - 1)).toBeLessThan(1e-13);
    });
  });

  it("erfc matches scipy.special.erfc to 1e-14 relative on [-3, 6]", () => {
    fx.erfc.x.forEach((x, i) => {
      expect(Math.abs(erfc(x) / fx.erfc.erfc[i] - 1)).toBeLessThan(1e-14);
    });
  });

  it("erf is odd and erf + erfc = 1", () => {
    for (const x of [0.1, 0.46875, 0.8, 2, 3.9, 4.1, 6]) {
      expect(erf(-x)).toBe(-erf(x));
      expect(erf(x) + erfc(x)).toBeCloseTo(1, 15);
    }
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });
});

describe("holmCorrection", () => {
  it.each(fx.holm.cases.map((c, i) => [i, c] as const))("statsmodels case %i", (_i, c) => {
    const adj = holmCorrection(c.p);
    expect(adj).toHaveLength(c.p.length);
    adj.forEach((a, k) => {
      expect(Math.abs(a - c.adjusted[k])).toBeLessThanOrEqual(TOL);
    });
  });

  it("is monotone along the sorted p-values, never below p and capped at 1", () => {
    const p = [0.2, 0.001, 0.04, 0.04, 0.9, 0.0002];
    const adj = holmCorrection(p);
    const order = p.map((_, i) => i).sort((i, j) => p[i] - p[j]);
    for (let k = 1; k < order.length; k++) expect(adj[order[k]]).toBeGreaterThanOrEqual(adj[order[k - 1]]);
    adj.forEach((a, i) => {
      expect(a).toBeGreaterThanOrEqual(p[i]);
      expect(a).toBeLessThanOrEqual(1);
    });
    expect(holmCorrection([])).toEqual([]);
  });

  it("rejects values that are not p-values", () => {
    expect(() => holmCorrection([0.1, Number.NaN])).toThrow(/pValues\[1\] is NaN/);
    expect(() => holmCorrection([-0.01])).toThrow(DataError);
    expect(() => holmCorrection([1.5])).toThrow(DataError);
  });
});

describe("bootstrapMedianDifferenceCi", () => {
  const rng = createRng(7, "test.bootstrap");
  const y = Array.from({ length: 40 }, () => rng.normal(10, 1));
  const x = y.map((v) => v + 0.8 + rng.normal(0, 0.5));

  it("is deterministic in the seed", () => {
    const a = bootstrapMedianDifferenceCi(x, y, { seed: 1, resamples: 2000 });
    expect(bootstrapMedianDifferenceCi(x, y, { seed: 1, resamples: 2000 })).toEqual(a);
    const b = bootstrapMedianDifferenceCi(x, y, { seed: 2, resamples: 2000 });
    expect([b.lower, b.upper]).not.toEqual([a.lower, a.upper]);
    expect(a.lower).toBeLessThanOrEqual(a.median);
    expect(a.upper).toBeGreaterThanOrEqual(a.median);
    expect(a).toMatchObject({ level: 0.95, resamples: 2000 });
  });

  it("the doc-comment example holds", () => {
    expect(
      bootstrapMedianDifferenceCi([3, 4, 5, 6, 7], [1, 1, 1, 1, 1], { seed: 1, resamples: 2000 }),
    ).toEqual({
      median: 4,
      lower: 2,
      upper: 6,
      level: 0.95,
      resamples: 2000,
    });
  });

  it("covers the true median shift: a large sample, and most of 40 small ones at 90%", () => {
    const r = createRng(11, "test.coverage");
    const big = Array.from({ length: 2000 }, () => r.normal(0, 1));
    const shifted = big.map((v) => v + 0.5 + r.normal(0, 1));
    const ci = bootstrapMedianDifferenceCi(shifted, big, { seed: 3, resamples: 1000 });
    expect(ci.lower).toBeLessThan(0.5);
    expect(ci.upper).toBeGreaterThan(0.5);
    expect(ci.upper - ci.lower).toBeLessThan(0.25);
    let covered = 0;
    for (let k = 0; k < 40; k++) {
      const b = Array.from({ length: 30 }, () => r.normal(0, 1));
      const a = b.map((v) => v + 0.5 + r.normal(0, 1));
      const c = bootstrapMedianDifferenceCi(a, b, { seed: k, resamples: 1000, level: 0.9 });
      if (c.lower <= 0.5 && 0.5 <= c.upper) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(30);
  });

  it("rejects bad inputs and options", () => {
    expect(() => bootstrapMedianDifferenceCi([1, 2, 3], [1, 2], { seed: 0 })).toThrow(DataError);
    expect(() => bootstrapMedianDifferenceCi([1, Number.NaN], [1, 2], { seed: 0 })).toThrow(/x\[1\] is NaN/);
    expect(() => bootstrapMedianDifferenceCi([1], [0], { seed: 0 })).toThrow(/at least 2 pairs/);
    expect(() => bootstrapMedianDifferenceCi([], [], { seed: 0 })).toThrow(DataError);
    expect(() => bootstrapMedianDifferenceCi([1, 2], [0, 0], { seed: 0.5 })).toThrow(/opts.seed/);
    expect(() => bootstrapMedianDifferenceCi([1, 2], [0, 0], { seed: 0, level: 1 })).toThrow(/opts.level/);
    expect(() => bootstrapMedianDifferenceCi([1, 2], [0, 0], { seed: 0, level: 0 })).toThrow(ConfigError);
    expect(() => bootstrapMedianDifferenceCi([1, 2], [0, 0], { seed: 0, resamples: 0 })).toThrow(
      /opts.resamples/,
    );
    expect(() => bootstrapMedianDifferenceCi([1, 2], [0, 0], { seed: 0, resamples: 2.5 })).toThrow(
      ConfigError,
    );
  });
});
