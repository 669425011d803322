import { DataError } from "../core/errors";

function requireNonNegative(x: ArrayLike<number>, where: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] >= 0) || !Number.isFinite(x[i])) {
      throw new DataError(
        `values must be finite and >= 0, got ${x[i]} at index ${i}`,
        where,
        "fairness indices are defined for non-negative allocations (e.g. trading benefits)",
      );
    }
  }
}

/**
 * Jain's fairness index of an allocation x_1..x_n >= 0:
 *   J = (sum x)^2 / (n * sum x^2),  1/n <= J <= 1 (1 = perfectly equal).
 * Source: R. Jain, D.-M. Chiu, W. Hawe, "A Quantitative Measure of Fairness and Discrimination
 * for Resource Allocation in Shared Computer Systems", DEC-TR-301, 1984, eq. (1).
 * An all-zero allocation is equal by convention (J = 1); n = 0 gives NaN.
 * Example: jainIndex([1, 2, 3]) = 36 / (3 * 14) = 6/7.
 */
export function jainIndex(x: ArrayLike<number>): number {
  requireNonNegative(x, "jainIndex");
  const n = x.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    s += x[i];
    s2 += x[i] * x[i];
  }
  return s2 === 0 ? 1 : (s * s) / (n * s2);
}

/**
 * Gini coefficient of an allocation x_1..x_n >= 0 (0 = equal, (n-1)/n = one holder has all):
 *   G = sum_i sum_j |x_i - x_j| / (2 n^2 mean(x)),
 * computed in O(n log n) from the ascending sort x_(1) <= ... <= x_(n) as
 *   G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n.
 * Source: the mean-difference definition, e.g. Cowell, "Measuring Inequality", 3rd ed., OUP
 * 2011, section 2.3. All-zero gives 0 by convention; n = 0 gives NaN.
 * Example: giniCoefficient([1, 2, 3]) = 2/9.
 */
export function giniCoefficient(x: ArrayLike<number>): number {
  requireNonNegative(x, "giniCoefficient");
  const n = x.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(x).sort();
  let s = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    s += sorted[i];
    weighted += (i + 1) * sorted[i];
  }
  if (s === 0) return 0;
  return (2 * weighted) / (n * s) - (n + 1) / n;
}
