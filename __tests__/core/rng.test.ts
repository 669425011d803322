import { createRng } from "../../lib/core/rng";

describe("createRng", () => {
  it("gives the same stream for the same seed and key, byte for byte", () => {
    const a = createRng(7, "wind", 3);
    const b = createRng(7, "wind", 3);
    const xa = Array.from({ length: 1000 }, () => a.next());
    const xb = Array.from({ length: 1000 }, () => b.next());
    expect(xa).toEqual(xb);
  });

  it("keys streams independently of draw order (counter-style keying)", () => {
    const first = createRng(7, "pv").next();
    const other = createRng(7, "wind");
    for (let i = 0; i < 100; i++) other.next();
    expect(createRng(7, "pv").next()).toBe(first);
    expect(createRng(7, "wind").next()).not.toBe(first);
    expect(createRng(8, "pv").next()).not.toBe(first);
    expect(createRng(7, "mc").fork(5).next()).toBe(createRng(7, "mc", 5).next());
  });

  it("rejects non-integer seeds", () => {
    expect(() => createRng(1.5)).toThrow(/seed must be an integer/);
  });

  it("draws uniforms in [0,1) with the moments of U(0,1)", () => {
    const r = createRng(1, "u");
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      s += x;
      s2 += x * x;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    const m = s / n;
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    // mean 1/2 with sd 1/sqrt(12 n) ~ 0.00065: 5 sd
    expect(Math.abs(m - 0.5)).toBeLessThan(0.0033);
    expect(Math.abs(s2 / n - m * m - 1 / 12)).toBeLessThan(0.002);
  });

  it("passes a chi-square test on 20 equal bins", () => {
    const r = createRng(3, "chi");
    const bins = new Array(20).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) bins[Math.floor(r.next() * 20)]++;
    const e = n / 20;
    const chi2 = bins.reduce((a, o) => a + (o - e) ** 2 / e, 0);
    // 19 degrees of freedom: the 0.999 quantile is 43.82
    expect(chi2).toBeLessThan(43.82);
  });

  it("draws normals with mean 0, variance 1 and the right tail mass", () => {
    const r = createRng(2, "n");
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let beyond196 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      if (Math.abs(z) > 1.959964) beyond196++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.012);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.015);
    // P(|Z| > 1.96) = 0.05; binomial sd = sqrt(0.05*0.95/n) ~ 0.00049
    expect(Math.abs(beyond196 / n - 0.05)).toBeLessThan(0.0025);
  });

  it("draws exponential and Weibull with their closed-form means", () => {
    const r = createRng(4, "e");
    const n = 100_000;
    let se = 0;
    let sw = 0;
    for (let i = 0; i < n; i++) {
      se += r.exponential(2);
      sw += r.weibull(2, 10);
    }
    expect(se / n).toBeCloseTo(0.5, 2);
    // Weibull mean = lambda * Gamma(1 + 1/k) = 10 * Gamma(1.5) = 8.8623
    expect(Math.abs(sw / n - 8.8623)).toBeLessThan(0.05);
  });

  it("draws Poisson counts with mean and variance equal to the rate", () => {
    const r = createRng(5, "p");
    const n = 50_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const k = r.poisson(3.5);
      s += k;
      s2 += k * k;
    }
    const m = s / n;
    expect(Math.abs(m - 3.5)).toBeLessThan(0.05);
    expect(Math.abs(s2 / n - m * m - 3.5)).toBeLessThan(0.12);
  });
});
