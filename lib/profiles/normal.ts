/**
 * Standard normal CDF, Abramowitz & Stegun (1964) 26.2.17, |error| < 7.5e-8: ample for mapping a
 * Gaussian process onto another marginal (wind speed, price position) by its quantile. Part of the
 * scenario generators' definition (changing it changes every generated series); the accurate CDF for
 * statistics is lib/metrics/stats.ts normalCdf.
 */
export function approxNormalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p =
    d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? 1 - p : p;
}
