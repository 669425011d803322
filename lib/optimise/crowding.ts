/**
 * Crowding distance (Deb, Pratap, Agarwal & Meyarivan 2002, Sec. III-B): for each objective the
 * front is sorted, the two extreme points get +Infinity, and every other point adds the gap between
 * its two neighbours divided by the objective's range on the front (skipped when the range is 0).
 * Ties in an objective are broken by index, so the result is deterministic.
 *
 * @param objs row-major objectives (n x m) of the whole population
 * @param front indices of the front's members
 * @returns distances aligned with `front`
 */
export function crowdingDistanceFlat(objs: Float64Array, m: number, front: ArrayLike<number>): Float64Array {
  const n = front.length;
  const d = new Float64Array(n);
  if (n <= 2) {
    d.fill(Number.POSITIVE_INFINITY);
    return d;
  }
  const order = new Int32Array(n);
  for (let k = 0; k < m; k++) {
    for (let s = 0; s < n; s++) order[s] = s;
    order.sort((a, b) => {
      const x = objs[front[a] * m + k];
      const y = objs[front[b] * m + k];
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const fmin = objs[front[order[0]] * m + k];
    const fmax = objs[front[order[n - 1]] * m + k];
    d[order[0]] = Number.POSITIVE_INFINITY;
    d[order[n - 1]] = Number.POSITIVE_INFINITY;
    const range = fmax - fmin;
    if (!(range > 0) || !Number.isFinite(range)) continue;
    for (let s = 1; s < n - 1; s++) {
      d[order[s]] += (objs[front[order[s + 1]] * m + k] - objs[front[order[s - 1]] * m + k]) / range;
    }
  }
  return d;
}

/** Crowding distance of a front given as rows (see `crowdingDistanceFlat`). */
export function crowdingDistance(F: readonly ArrayLike<number>[]): Float64Array {
  const m = F.length > 0 ? F[0].length : 0;
  const objs = new Float64Array(F.length * m);
  for (let i = 0; i < F.length; i++) for (let k = 0; k < m; k++) objs[i * m + k] = F[i][k];
  const idx = new Int32Array(F.length);
  for (let i = 0; i < F.length; i++) idx[i] = i;
  return crowdingDistanceFlat(objs, m, idx);
}
