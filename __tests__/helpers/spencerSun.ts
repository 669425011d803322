/**
 * Cosine of the solar zenith angle by the Spencer (1971) Fourier series for declination and the
 * equation of time (NOAA's "General Solar Position Calculations"), accurate to ~0.2 degrees: an
 * algorithm independent of the `suncalc` package the city uses, for checking it in tests.
 * doy: day of year from 0; utcH: hour of day in UTC; longitude east-positive.
 */
export function cosSolarZenith(doy: number, utcH: number, latDeg: number, lonDeg: number): number {
  const g = ((2 * Math.PI) / 365) * (doy + (utcH - 12) / 24);
  const decl =
    0.006918 -
    0.399912 * Math.cos(g) +
    0.070257 * Math.sin(g) -
    0.006758 * Math.cos(2 * g) +
    0.000907 * Math.sin(2 * g) -
    0.002697 * Math.cos(3 * g) +
    0.00148 * Math.sin(3 * g);
  const eqtMin =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(g) -
      0.032077 * Math.sin(g) -
      0.014615 * Math.cos(2 * g) -
      0.040849 * Math.sin(2 * g));
  const solarTimeMin = utcH * 60 + eqtMin + 4 * lonDeg;
  const ha = ((solarTimeMin / 4 - 180) * Math.PI) / 180;
  const lat = (latDeg * Math.PI) / 180;
  return Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(ha);
}
