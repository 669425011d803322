import { ConfigError } from "../core/errors";
import type { Floats } from "./floats";

/**
 * General matrix multiply, row-major: C = alpha * op(A) * op(B) + beta * C, with op(X) = X or X^T,
 * op(A) m x k, op(B) k x n, C m x n. Same argument order as CBLAS (`cblas_?gemm` with CblasRowMajor).
 *
 * Backend: OpenBLAS (`libopenblas.so.0`, Debian `libopenblas0-pthread`) through `koffi` when it loads,
 * otherwise plain JavaScript loops. `REPRO_NN_BACKEND=js` forces the JavaScript path, `=blas` demands
 * BLAS (a ConfigError if it cannot load). OpenBLAS runs on `REPRO_NN_THREADS` threads (default 1: the
 * machine has 2 cores shared by jobs, and the PyTorch anchor is single-threaded too). ADR 0700.
 */
export type GemmFn = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Floats,
  lda: number,
  b: Floats,
  ldb: number,
  beta: number,
  c: Floats,
  ldc: number,
) => void;

export interface NnBackendInfo {
  /** "openblas" or "js". */
  readonly name: "openblas" | "js";
  /** Library file and thread count for BLAS; why BLAS is not used for JS. */
  readonly detail: string;
}

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;
const BLAS_LIBRARIES = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"];

type RawGemm = (...args: unknown[]) => unknown;
interface Blas {
  sgemm: RawGemm;
  dgemm: RawGemm;
  saxpby: RawGemm;
  daxpby: RawGemm;
  sdot: RawGemm;
  ddot: RawGemm;
  detail: string;
}

function loadBlas(): Blas | string {
  let koffi: { load(path: string): { func(sig: string): RawGemm } };
  try {
    koffi = require("koffi");
  } catch (e) {
    return `koffi not loadable (${(e as Error).message})`;
  }
  const errors: string[] = [];
  for (const file of BLAS_LIBRARIES) {
    try {
      const lib = koffi.load(file);
      const sgemm = lib.func(
        "void cblas_sgemm(int, int, int, int, int, int, float, float *, int, float *, int, float, _Inout_ float *, int)",
      );
      const dgemm = lib.func(
        "void cblas_dgemm(int, int, int, int, int, int, double, double *, int, double *, int, double, _Inout_ double *, int)",
      );
      const saxpby = lib.func("void cblas_saxpby(int, float, float *, int, float, _Inout_ float *, int)");
      const daxpby = lib.func("void cblas_daxpby(int, double, double *, int, double, _Inout_ double *, int)");
      const sdot = lib.func("float cblas_sdot(int, float *, int, float *, int)");
      const ddot = lib.func("double cblas_ddot(int, double *, int, double *, int)");
      const threads = Number(process.env.REPRO_NN_THREADS ?? 1);
      try {
        lib.func("void openblas_set_num_threads(int)")(threads);
      } catch {
        // not OpenBLAS-specific build: leave its threading as it is
      }
      return { sgemm, dgemm, saxpby, daxpby, sdot, ddot, detail: `${file}, ${threads} thread(s)` };
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
    }
  }
  return `no OpenBLAS library found (${errors.join("; ")}); install Debian's libopenblas0-pthread`;
}

/** Plain-JS GEMM, the fallback when no BLAS loads (row-major, same contract as cblas_?gemm). */
export const gemmJs: GemmFn = (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
  if (beta !== 1) {
    for (let i = 0; i < m; i++) {
      const ci = i * ldc;
      if (beta === 0) for (let j = 0; j < n; j++) c[ci + j] = 0;
      else for (let j = 0; j < n; j++) c[ci + j] *= beta;
    }
  }
  if (!transB) axpyRows(transA, m, n, k, alpha, a, lda, b, ldb, c, ldc);
  else dotRows(transA, m, n, k, alpha, a, lda, b, ldb, c, ldc);
};

/** C[i,:] += sum_p alpha * op(A)[i,p] * B[p,:]: the inner loop runs over contiguous rows, unrolled by 4. */
function axpyRows(
  transA: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Floats,
  lda: number,
  b: Floats,
  ldb: number,
  c: Floats,
  ldc: number,
): void {
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const ci = i * ldc;
    for (let p = 0; p < k; p++) {
      const aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
      if (aip === 0) continue;
      const bp = p * ldb;
      let j = 0;
      for (; j < n4; j += 4) {
        c[ci + j] += aip * b[bp + j];
        c[ci + j + 1] += aip * b[bp + j + 1];
        c[ci + j + 2] += aip * b[bp + j + 2];
        c[ci + j + 3] += aip * b[bp + j + 3];
      }
      for (; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

/** C[i,j] += alpha * op(A)[i,:] . B[j,:] (B transposed): dot products with four accumulators. */
function dotRows(
  transA: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Floats,
  lda: number,
  b: Floats,
  ldb: number,
  c: Floats,
  ldc: number,
): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ci = i * ldc;
    const ai = i * lda;
    for (let j = 0; j < n; j++) {
      const bj = j * ldb;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let p = 0;
      if (!transA) {
        for (; p < k4; p += 4) {
          s0 += a[ai + p] * b[bj + p];
          s1 += a[ai + p + 1] * b[bj + p + 1];
          s2 += a[ai + p + 2] * b[bj + p + 2];
          s3 += a[ai + p + 3] * b[bj + p + 3];
        }
        for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
      } else {
        for (; p < k; p++) s0 += a[p * lda + i] * b[bj + p];
      }
      c[ci + j] += alpha * (s0 + s1 + s2 + s3);
    }
  }
}

/** y = alpha * x + beta * y over n elements. */
export type AxpbyFn = (n: number, alpha: number, x: Floats, beta: number, y: Floats) => void;
/** Dot product of the first n elements. */
export type DotFn = (n: number, x: Floats, y: Floats) => number;

export const axpbyJs: AxpbyFn = (n, alpha, x, beta, y) => {
  for (let i = 0; i < n; i++) y[i] = alpha * x[i] + beta * y[i];
};

export const dotJs: DotFn = (n, x, y) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * y[i];
  return s;
};

interface Backend {
  gemm: GemmFn;
  axpby: AxpbyFn;
  dot: DotFn;
  info: NnBackendInfo;
}

let chosen: Backend | null = null;

function choose(): Backend {
  const want = (process.env.REPRO_NN_BACKEND ?? "auto").toLowerCase();
  if (want !== "auto" && want !== "js" && want !== "blas") {
    throw new ConfigError(`must be auto, js or blas, got "${want}"`, "env REPRO_NN_BACKEND");
  }
  if (want === "js") {
    return {
      gemm: gemmJs,
      axpby: axpbyJs,
      dot: dotJs,
      info: { name: "js", detail: "forced by REPRO_NN_BACKEND=js" },
    };
  }
  const blas = loadBlas();
  if (typeof blas === "string") {
    if (want === "blas")
      throw new ConfigError(blas, "env REPRO_NN_BACKEND=blas", "unset it to fall back to JS");
    return { gemm: gemmJs, axpby: axpbyJs, dot: dotJs, info: { name: "js", detail: blas } };
  }
  const gemm: GemmFn = (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
    if (m === 0 || n === 0) return;
    const ta = transA ? TRANS : NO_TRANS;
    const tb = transB ? TRANS : NO_TRANS;
    const f = c instanceof Float32Array ? blas.sgemm : blas.dgemm;
    f(ROW_MAJOR, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  };
  const axpby: AxpbyFn = (n, alpha, x, beta, y) => {
    (y instanceof Float32Array ? blas.saxpby : blas.daxpby)(n, alpha, x, 1, beta, y, 1);
  };
  const dot: DotFn = (n, x, y) =>
    (x instanceof Float32Array ? blas.sdot : blas.ddot)(n, x, 1, y, 1) as number;
  return { gemm, axpby, dot, info: { name: "openblas", detail: blas.detail } };
}

/** The GEMM the kernel uses (chosen once per process). */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Floats,
  lda: number,
  b: Floats,
  ldb: number,
  beta: number,
  c: Floats,
  ldc: number,
): void {
  if (chosen === null) chosen = choose();
  chosen.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/** y = alpha * x + beta * y (BLAS axpby when available). */
export function axpby(n: number, alpha: number, x: Floats, beta: number, y: Floats): void {
  if (chosen === null) chosen = choose();
  chosen.axpby(n, alpha, x, beta, y);
}

/** x . y over n elements (BLAS dot when available; single-precision accumulation for Float32Array). */
export function dot(n: number, x: Floats, y: Floats): number {
  if (chosen === null) chosen = choose();
  return chosen.dot(n, x, y);
}

/** Which backend produced the numbers: record it beside every result. */
export function nnBackend(): NnBackendInfo {
  if (chosen === null) chosen = choose();
  return chosen.info;
}

/** Re-reads REPRO_NN_BACKEND (tests and benches switch backends within one process). */
export function resetNnBackend(): NnBackendInfo {
  chosen = null;
  return nnBackend();
}
