/**
 * Non-dominated sorting. Two exact algorithms with the same output:
 *
 * - `nondominatedSortBitset` (the default up to 8,192 points): for each objective the points are
 *   ordered once and a running bitset gives, for every point p, the set of points no worse than p
 *   in that objective; AND-ing these over objectives leaves D_p = {q : q <= p everywhere}. Ranks
 *   then follow in lexicographic order as rank(p) = 1 + max rank of the q in D_p that differ from p
 *   (those dominate p). Cost O(M N log N + M N^2 / 32 + number of dominating pairs), memory N^2 / 8
 *   bytes. Word-parallel dominance tests of this kind are in the spirit of Fang et al. (2008) and
 *   Gustavsson & Syberfeldt's bitset sort (2018, IEEE TEVC "A new algorithm using the
 *   non-dominated tree to improve non-dominated sorting"); ours is written for this use.
 * - `nondominatedSortEns` ENS-BS (Zhang, Tian, Cheng & Jin 2015, "An efficient approach to
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
  private bits = new Int32Array(0);
  private row = new Int32Array(0);
  private vals = new Float64Array(0);
  private sorted = new Float64Array(0);
  private pos = new Int32Array(0);
  private cnt = new Int32Array(0);
  ensure(n: number): void {
    if (this.order.length < n) {
      this.order = new Int32Array(n);
      this.frontSize = new Int32Array(n);
    }
  }
  private order2Buf = new Int32Array(0);
  order2(n: number): Int32Array {
    if (this.order2Buf.length < n) this.order2Buf = new Int32Array(n);
    return this.order2Buf;
  }
  bitMatrix(len: number): Int32Array {
    if (this.bits.length < len) this.bits = new Int32Array(len);
    return this.bits.subarray(0, len);
  }
  bitRow(len: number): Int32Array {
    if (this.row.length < len) this.row = new Int32Array(len);
    return this.row.subarray(0, len);
  }
  values(n: number): Float64Array {
    if (this.vals.length < n) this.vals = new Float64Array(n);
    return this.vals.subarray(0, n);
  }
  sortedValues(n: number): Float64Array {
    if (this.sorted.length < n) this.sorted = new Float64Array(n);
    return this.sorted.subarray(0, n);
  }
  positions(n: number): Int32Array {
    if (this.pos.length < n) this.pos = new Int32Array(n);
    return this.pos.subarray(0, n);
  }
  counts(n: number): Int32Array {
    if (this.cnt.length < n) this.cnt = new Int32Array(n);
    return this.cnt.subarray(0, n);
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
 * Sorts n points with m objectives held row-major in `objs` (point i at objs[i*m .. i*m+m-1]):
 * the bitset sort up to BITSET_MAX_POINTS points, ENS-BS above. NaN objectives are not supported.
 */
export function nondominatedSortFlat(
  objs: Float64Array,
  n: number,
  m: number,
  ws = new SortWorkspace(),
): Fronts {
  if (m === 2) return nondominatedSort2d(objs, n, ws);
  return n <= BITSET_MAX_POINTS
    ? nondominatedSortBitset(objs, n, m, ws)
    : nondominatedSortEns(objs, n, m, ws);
}

/**
 * Two objectives in O(N log N) (Jensen 2003, "Reducing the run-time complexity of multiobjective
 * EAs: the NSGA-II and other algorithms", IEEE TEVC 7(5)): in lexicographic order each front's
 * newest member has its smallest f2, so p is dominated by front k iff that member has f2 < p's f2
 * (or equal f2 and smaller f1); a binary search over fronts places p.
 */
export function nondominatedSort2d(objs: Float64Array, n: number, ws = new SortWorkspace()): Fronts {
  ws.ensure(n);
  const order = ws.order;
  for (let i = 0; i < n; i++) order[i] = i;
  lexSort(order, n, objs, 2);
  const rank = new Int32Array(n);
  const lastF1 = ws.values(n);
  const lastF2 = ws.sortedValues(n);
  const size = ws.frontSize;
  let nFronts = 0;
  for (let s = 0; s < n; s++) {
    const p = order[s];
    const f1 = objs[2 * p];
    const f2 = objs[2 * p + 1];
    let lo = 0;
    let hi = nFronts;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const g = lastF2[mid];
      if (g < f2 || (g === f2 && lastF1[mid] < f1)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === nFronts) {
      size[nFronts] = 0;
      nFronts++;
    }
    lastF1[lo] = f1;
    lastF2[lo] = f2;
    size[lo]++;
    rank[p] = lo;
  }
  const fronts = Array.from(size.subarray(0, nFronts), (c) => new Int32Array(c));
  const fill = new Int32Array(nFronts);
  for (let s = 0; s < n; s++) {
    const p = order[s];
    fronts[rank[p]][fill[rank[p]]++] = p;
  }
  return { rank, fronts };
}

/** Above this many points the N^2 / 8-byte bitset matrix (8 MB at 8,192) gives way to ENS-BS. */
export const BITSET_MAX_POINTS = 8192;

/** ENS-BS (see the file comment); objectives row-major n x m. */
export function nondominatedSortEns(
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

/** Bitset non-dominated sort (see the file comment); objectives row-major n x m. */
export function nondominatedSortBitset(
  objs: Float64Array,
  n: number,
  m: number,
  ws = new SortWorkspace(),
): Fronts {
  ws.ensure(n);
  const rank = new Int32Array(n);
  if (n === 0) return { rank, fronts: [] };
  if (m === 0) return { rank, fronts: [Int32Array.from(rank.keys())] };
  const W = (n + 31) >>> 5;
  const D = ws.bitMatrix(n * W);
  D.fill(-1);
  const B = ws.bitRow(W);
  const vals = ws.values(n);
  const sorted = ws.sortedValues(n);
  const pos = ws.positions(n);
  const count = ws.counts(n + 1);
  // LSD radix over objectives: stable counting sorts by each objective's value rank, last objective
  // first, leave `prev` in lexicographic order (every dominator of p before p) with no comparator sort.
  let prev = ws.order;
  let next = ws.order2(n);
  for (let i = 0; i < n; i++) prev[i] = i;
  for (let k = m - 1; k >= 0; k--) {
    for (let i = 0; i < n; i++) vals[i] = objs[i * m + k];
    sorted.set(vals);
    sorted.sort(); // native numeric sort
    count.fill(0);
    for (let i = 0; i < n; i++) {
      // branch-free lower bound: position of the value's first occurrence (equal values share it)
      const v = vals[i];
      let base = 0;
      let len = n;
      while (len > 1) {
        const half = len >>> 1;
        base = sorted[base + half - 1] < v ? base + half : base;
        len -= half;
      }
      const lo = sorted[base] < v ? base + 1 : base;
      pos[i] = lo;
      count[lo + 1]++;
    }
    for (let t = 1; t <= n; t++) count[t] += count[t - 1];
    for (let t = 0; t < n; t++) {
      const i = prev[t];
      next[count[pos[i]]++] = i;
    }
    const swap = prev;
    prev = next;
    next = swap;
    // walk groups of equal values: add the whole group to B, then AND B into each member's row
    B.fill(0);
    let s = 0;
    while (s < n) {
      const g = pos[prev[s]];
      let e = s;
      while (e < n && pos[prev[e]] === g) {
        const q = prev[e];
        B[q >>> 5] |= 1 << (q & 31);
        e++;
      }
      for (let t = s; t < e; t++) {
        const base = prev[t] * W;
        for (let w = 0; w < W; w++) D[base + w] &= B[w];
      }
      s = e;
    }
  }
  const order = prev;
  let nFronts = 0;
  for (let s = 0; s < n; s++) {
    const p = order[s];
    const base = p * W;
    const pb = p * m;
    let r = 0;
    for (let w = 0; w < W; w++) {
      let bits = D[base + w];
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const q = (w << 5) | (31 - Math.clz32(low));
        if (q === p || rank[q] < r) continue;
        // q <= p everywhere; it dominates p unless the two are identical
        const qb = q * m;
        for (let k = 0; k < m; k++)
          if (objs[qb + k] < objs[pb + k]) {
            r = rank[q] + 1;
            break;
          }
      }
    }
    rank[p] = r;
    if (r + 1 > nFronts) nFronts = r + 1;
  }
  const sizes = new Int32Array(nFronts);
  for (let i = 0; i < n; i++) sizes[rank[i]]++;
  const fronts = Array.from(sizes, (c) => new Int32Array(c));
  sizes.fill(0);
  for (let s = 0; s < n; s++) {
    const p = order[s];
    fronts[rank[p]][sizes[rank[p]]++] = p;
  }
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
