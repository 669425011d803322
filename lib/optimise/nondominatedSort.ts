/**
 * Non-dominated sorting by ENS-BS (Zhang, Tian, Cheng & Jin 2015, "An efficient approach to
 * nondominated sorting for evolutionary multiobjective optimization", IEEE TEVC 19(2):201-213).
 *
 * Points are sorted lexicographically, so no point can be dominated by one that comes after it.
 * Each point is then placed, in that order, into the first front none of whose members dominates it,
 * found by binary search over fronts (valid because a point dominated by some member of front k is
 * also dominated by a member of every earlier front). Cost O(M N log N) for the sort plus at most
 * O(M N^2) dominance checks in the worst case (one front), far fewer in practice; Deb et al.'s
 * "fast non-dominated sort" always does O(M N^2) and allocates N domination lists.
 *
 * Identical points are mutually non-dominated and share a front, as in Deb et al. (2002).
 * All objectives are minimised.
 */

/** Ranks (0 = first front) and fronts as index arrays, best front first. */
export interface Fronts {
  readonly rank: Int32Array;
  readonly fronts: Int32Array[];
}

/**
 * Reusable scratch memory for repeated sorts of the same size (the NSGA-II loop sorts 2N points every
 * generation); pass one to avoid allocating per call.
 */
export class SortWorkspace {
  order = new Int32Array(0);
  frontMembers: Int32Array[] = [];
  frontSize = new Int32Array(0);
  ensure(n: number): void {
    if (this.order.length < n) {
      this.order = new Int32Array(n);
      this.frontSize = new Int32Array(n);
    }
  }
}

/** Packs rows into one row-major Float64Array (n x m). */
export function packRows(F: readonly ArrayLike<number>[], m = F.length > 0 ? F[0].length : 0): Float64Array {
  const out = new Float64Array(F.length * m);
  for (let i = 0; i < F.length; i++) {
    const r = F[i];
    for (let k = 0; k < m; k++) out[i * m + k] = r[k];
  }
  return out;
}

/**
 * Sorts n points with m objectives held row-major in `objs` (point i at objs[i*m .. i*m+m-1]).
 */
export function nondominatedSortFlat(
  objs: Float64Array,
  n: number,
  m: number,
  ws = new SortWorkspace(),
): Fronts {
  ws.ensure(n);
  const order = ws.order;
  for (let i = 0; i < n; i++) order[i] = i;
  lexSort(order, n, objs, m);
  const rank = new Int32Array(n);
  const members = ws.frontMembers;
  const size = ws.frontSize;
  let nFronts = 0;
  for (let s = 0; s < n; s++) {
    const p = order[s];
    const pBase = p * m;
    // Binary search for the first front with no member dominating p.
    let lo = 0;
    let hi = nFronts;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dominatedByFront(objs, m, pBase, members[mid], size[mid])) lo = mid + 1;
      else hi = mid;
    }
    if (lo === nFronts) {
      if (members.length <= nFronts) members.push(new Int32Array(16));
      size[nFronts] = 0;
      nFronts++;
    }
    let arr = members[lo];
    if (size[lo] === arr.length) {
      const grown = new Int32Array(arr.length * 2);
      grown.set(arr);
      members[lo] = grown;
      arr = grown;
    }
    arr[size[lo]++] = p;
    rank[p] = lo;
  }
  const fronts: Int32Array[] = new Array(nFronts);
  for (let k = 0; k < nFronts; k++) fronts[k] = members[k].slice(0, size[k]);
  return { rank, fronts };
}

/** Non-dominated sort of rows (see `nondominatedSortFlat`). */
export function nondominatedSort(F: readonly ArrayLike<number>[], ws?: SortWorkspace): Fronts {
  const m = F.length > 0 ? F[0].length : 0;
  return nondominatedSortFlat(packRows(F, m), F.length, m, ws);
}

/**
 * Whether some member of a front dominates point p. Members precede p in lexicographic order, so
 * their first objective is <= p's and need not be compared; members are scanned newest first (ENS:
 * the most recently added are the likeliest dominators).
 */
function dominatedByFront(
  objs: Float64Array,
  m: number,
  pBase: number,
  front: Int32Array,
  size: number,
): boolean {
  for (let t = size - 1; t >= 0; t--) {
    const qBase = front[t] * m;
    let weak = true;
    let equal = objs[qBase] === objs[pBase];
    for (let k = 1; k < m; k++) {
      const q = objs[qBase + k];
      const p = objs[pBase + k];
      if (q > p) {
        weak = false;
        break;
      }
      if (q !== p) equal = false;
    }
    if (weak && !equal) return true;
  }
  return false;
}

/** Lexicographic sort of indices by objective rows (first objective, then the next, ...). */
function lexSort(order: Int32Array, n: number, objs: Float64Array, m: number): void {
  const view = order.subarray(0, n);
  // Typed-array sort with a comparator: stable in V8 (TimSort), so equal rows keep index order.
  view.sort((a, b) => {
    const ab = a * m;
    const bb = b * m;
    for (let k = 0; k < m; k++) {
      const x = objs[ab + k];
      const y = objs[bb + k];
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return a - b;
  });
}

/**
 * Constraint-domination sort (Deb, Pratap, Agarwal & Meyarivan 2002, Sec. VI): feasible points
 * (cv = 0) are sorted by objectives and come first; infeasible points follow, ranked by violation
 * alone, equal violations sharing a front.
 */
export function constrainedNondominatedSortFlat(
  objs: Float64Array,
  n: number,
  m: number,
  cv: Float64Array,
  ws = new SortWorkspace(),
): Fronts {
  let nInfeasible = 0;
  for (let i = 0; i < n; i++) if (cv[i] > 0) nInfeasible++;
  if (nInfeasible === 0) return nondominatedSortFlat(objs, n, m, ws);
  const feasible: number[] = [];
  const infeasible: number[] = [];
  for (let i = 0; i < n; i++) (cv[i] > 0 ? infeasible : feasible).push(i);
  const sub = new Float64Array(feasible.length * m);
  for (let s = 0; s < feasible.length; s++)
    sub.set(objs.subarray(feasible[s] * m, feasible[s] * m + m), s * m);
  const inner = nondominatedSortFlat(sub, feasible.length, m, ws);
  const rank = new Int32Array(n);
  const fronts: Int32Array[] = inner.fronts.map((fr) => fr.map((s) => feasible[s]));
  for (let k = 0; k < fronts.length; k++) for (const i of fronts[k]) rank[i] = k;
  infeasible.sort((a, b) => cv[a] - cv[b] || a - b);
  let s = 0;
  while (s < infeasible.length) {
    let e = s + 1;
    while (e < infeasible.length && cv[infeasible[e]] === cv[infeasible[s]]) e++;
    const fr = Int32Array.from(infeasible.slice(s, e));
    for (const i of fr) rank[i] = fronts.length;
    fronts.push(fr);
    s = e;
  }
  return { rank, fronts };
}

/** True when a dominates b (minimisation): a <= b everywhere and a < b somewhere. */
export function dominates(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  let strict = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) strict = true;
  }
  return strict;
}

/** Indices of the non-dominated rows (the first front). */
export function nondominatedIndices(F: readonly ArrayLike<number>[]): Int32Array {
  if (F.length === 0) return new Int32Array(0);
  return nondominatedSort(F).fronts[0];
}
