/**
 * Zero-order-hold discretisation of dx/dt = A x + B u over dt: x+ = Phi x + Gamma u with
 * Phi = e^{A dt}, Gamma = (integral_0^dt e^{A s} ds) B, from the exponential of the augmented
 * matrix [[A, B], [0, 0]] (Van Loan 1978) by scaling and squaring of a Taylor series.
 * A is n x n row-major, B is n x m; small n only.
 */
export function discretise(
  A: Float64Array,
  B: Float64Array,
  n: number,
  m: number,
  dt: number,
): { phi: Float64Array; gamma: Float64Array } {
  const N = n + m;
  const M = new Float64Array(N * N);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) M[i * N + j] = A[i * n + j] * dt;
    for (let j = 0; j < m; j++) M[i * N + n + j] = B[i * m + j] * dt;
  }
  const E = expm(M, N);
  const phi = new Float64Array(n * n);
  const gamma = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) phi[i * n + j] = E[i * N + j];
    for (let j = 0; j < m; j++) gamma[i * m + j] = E[i * N + n + j];
  }
  return { phi, gamma };
}

function matmul(X: Float64Array, Y: Float64Array, N: number): Float64Array {
  const Z = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < N; k++) {
      const x = X[i * N + k];
      if (x === 0) continue;
      for (let j = 0; j < N; j++) Z[i * N + j] += x * Y[k * N + j];
    }
  return Z;
}

/** e^M by scaling (norm below 0.5) and squaring with a 20-term Taylor series: double precision. */
export function expm(M: Float64Array, N: number): Float64Array {
  let norm = 0;
  for (let i = 0; i < N; i++) {
    let r = 0;
    for (let j = 0; j < N; j++) r += Math.abs(M[i * N + j]);
    norm = Math.max(norm, r);
  }
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = 2 ** -s;
  const X = Float64Array.from(M, (v) => v * scale);
  let E = new Float64Array(N * N);
  let term = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    E[i * N + i] = 1;
    term[i * N + i] = 1;
  }
  for (let k = 1; k <= 20; k++) {
    term = matmul(term, X, N);
    for (let i = 0; i < N * N; i++) term[i] /= k;
    for (let i = 0; i < N * N; i++) E[i] += term[i];
  }
  for (let k = 0; k < s; k++) E = matmul(E, E, N);
  return E;
}
