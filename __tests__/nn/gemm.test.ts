import { createRng } from "../../lib/core/rng";
import { gemm, gemmJs, nnBackend, resetNnBackend } from "../../lib/nn/gemm";

/** Triple loop straight from the definition, the independent reference. */
function naive(
  tA: boolean,
  tB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  beta: number,
  c0: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = alpha * s + beta * c0[i * n + j];
    }
  return out;
}

describe("gemm", () => {
  const rng = createRng(7, "gemm-test");
  const cases: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];

  test.each(cases)("active backend and JS fallback equal the naive loop (transA=%s, transB=%s)", (tA, tB) => {
    const [m, n, k] = [7, 5, 9];
    const a = Float64Array.from({ length: m * k }, () => rng.normal());
    const b = Float64Array.from({ length: k * n }, () => rng.normal());
    const c0 = Float64Array.from({ length: m * n }, () => rng.normal());
    const want = naive(tA, tB, m, n, k, 0.7, a, b, 0.3, c0);
    for (const f of [gemm, gemmJs]) {
      const c = Float64Array.from(c0);
      f(tA, tB, m, n, k, 0.7, a, tA ? m : k, b, tB ? k : n, 0.3, c, n);
      for (let i = 0; i < c.length; i++) expect(c[i]).toBeCloseTo(want[i], 12);
      const c32 = Float32Array.from(c0);
      f(
        tA,
        tB,
        m,
        n,
        k,
        0.7,
        Float32Array.from(a),
        tA ? m : k,
        Float32Array.from(b),
        tB ? k : n,
        0.3,
        c32,
        n,
      );
      for (let i = 0; i < c.length; i++) expect(c32[i]).toBeCloseTo(want[i], 4);
    }
  });

  test("works on subarray views (parameters are views into one array)", () => {
    const buf = Float32Array.from({ length: 40 }, (_, i) => (i % 7) - 3);
    const a = buf.subarray(3, 3 + 6); // 2 x 3
    const b = buf.subarray(11, 11 + 12); // 3 x 4
    const store = new Float32Array(20);
    const c = store.subarray(5, 13); // 2 x 4
    gemm(false, false, 2, 4, 3, 1, a, 3, b, 4, 0, c, 4);
    const want = naive(false, false, 2, 4, 3, 1, a, b, 0, new Float64Array(8));
    for (let i = 0; i < 8; i++) expect(c[i]).toBeCloseTo(want[i], 5);
    expect(store[4]).toBe(0);
    expect(store[13]).toBe(0);
  });

  test("REPRO_NN_BACKEND=js forces the fallback; auto picks OpenBLAS when installed", () => {
    const before = process.env.REPRO_NN_BACKEND;
    try {
      process.env.REPRO_NN_BACKEND = "js";
      expect(resetNnBackend().name).toBe("js");
      const c = new Float64Array(1);
      gemm(false, false, 1, 1, 2, 1, Float64Array.of(2, 3), 2, Float64Array.of(5, 7), 1, 0, c, 1);
      expect(c[0]).toBe(31);
      process.env.REPRO_NN_BACKEND = "nonsense";
      expect(() => resetNnBackend()).toThrow(/REPRO_NN_BACKEND/);
    } finally {
      if (before === undefined) delete process.env.REPRO_NN_BACKEND;
      else process.env.REPRO_NN_BACKEND = before;
      resetNnBackend();
    }
    expect(["openblas", "js"]).toContain(nnBackend().name);
  });
});
