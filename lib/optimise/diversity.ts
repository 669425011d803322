/**
 * Positional Shannon entropy of a population, normalised to [0, 1]: each variable's range
 * [lower, upper] is cut into `bins` equal cells, the entropy -sum p ln p of the population's cell
 * shares is divided by ln(bins), and the result is averaged over variables. 1 = spread evenly over
 * the whole box, 0 = every member in one cell per variable.
 *
 * The default bin count is ceil(sqrt(n)) for n members (the square-root histogram rule).
 */
export function positionalEntropy(
  X: readonly Float64Array[],
  lower: Float64Array,
  upper: Float64Array,
  bins = Math.max(2, Math.ceil(Math.sqrt(X.length))),
): number {
  const n = X.length;
  if (n === 0) return 0;
  const nVar = lower.length;
  const counts = new Int32Array(bins);
  let total = 0;
  for (let j = 0; j < nVar; j++) {
    const range = upper[j] - lower[j];
    if (!(range > 0)) continue;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      let b = Math.floor(((X[i][j] - lower[j]) / range) * bins);
      if (b < 0) b = 0;
      else if (b >= bins) b = bins - 1;
      counts[b]++;
    }
    let h = 0;
    for (let b = 0; b < bins; b++) {
      if (counts[b] === 0) continue;
      const p = counts[b] / n;
      h -= p * Math.log(p);
    }
    total += h / Math.log(bins);
  }
  return total / nVar;
}
