import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import {
  constrainedNondominatedSortFlat,
  dominates,
  nondominatedSort,
  nondominatedSort2d,
  nondominatedSortBitset,
  nondominatedSortEns,
  packRows,
  SortWorkspace,
} from "../../lib/optimise/nondominatedSort";

/** Reference: repeatedly peel the points that no remaining point dominates (O(M N^3)). */
function bruteForceRanks(F: number[][], better: (a: number, b: number) => boolean): number[] {
  const n = F.length;
  const rank = new Array(n).fill(-1);
  let left = n;
  let r = 0;
  while (left > 0) {
    const front: number[] = [];
    for (let i = 0; i < n; i++) {
      if (rank[i] >= 0) continue;
      let dominated = false;
      for (let j = 0; j < n && !dominated; j++) if (j !== i && rank[j] < 0 && better(j, i)) dominated = true;
      if (!dominated) front.push(i);
    }
    for (const i of front) rank[i] = r;
    left -= front.length;
    r++;
  }
  return rank;
}

const pointSet = (maxN: number) =>
  fc.oneof(fc.constant(2), fc.integer({ min: 1, max: 5 })).chain((m) =>
    fc.array(
      // small integers force ties and duplicates, the cases a sort gets wrong
      fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: -1, max: 1, noNaN: true })), {
        minLength: m,
        maxLength: m,
      }),
      { minLength: 1, maxLength: maxN },
    ),
  );

describe("non-dominated sorting (bitset default, ENS-BS)", () => {
  test("the bitset sort and ENS-BS both equal brute force, with a reused workspace", () => {
    const ws = new SortWorkspace();
    fc.assert(
      fc.property(pointSet(80), (F) => {
        const m = F[0].length;
        const objs = packRows(F, m);
        const expected = bruteForceRanks(F, (a, b) => dominates(F[a], F[b]));
        expect(Array.from(nondominatedSortBitset(objs, F.length, m, ws).rank)).toEqual(expected);
        expect(Array.from(nondominatedSortEns(objs, F.length, m, ws).rank)).toEqual(expected);
        if (m === 2) expect(Array.from(nondominatedSort2d(objs, F.length, ws).rank)).toEqual(expected);
        const fr = nondominatedSortBitset(objs, F.length, m).fronts;
        expect(fr.map((f) => Array.from(f).sort((a, b) => a - b))).toEqual(
          nondominatedSortEns(objs, F.length, m).fronts.map((f) => Array.from(f).sort((a, b) => a - b)),
        );
      }),
      { numRuns: 300 },
    );
  });

  test("signed zeros and infinities", () => {
    const F = [
      [-0, 1],
      [0, 1],
      [Number.POSITIVE_INFINITY, 0],
      [Number.NEGATIVE_INFINITY, 2],
      [0, Number.POSITIVE_INFINITY],
    ];
    const expected = bruteForceRanks(F, (a, b) => dominates(F[a], F[b]));
    expect(Array.from(nondominatedSort(F).rank)).toEqual(expected);
  });

  test("ranks equal a brute-force dominance peel on random sets with ties", () => {
    fc.assert(
      fc.property(pointSet(60), (F) => {
        const { rank, fronts } = nondominatedSort(F);
        const expected = bruteForceRanks(F, (a, b) => dominates(F[a], F[b]));
        expect(Array.from(rank)).toEqual(expected);
        expect(fronts.reduce((s, f) => s + f.length, 0)).toBe(F.length);
        fronts.forEach((fr, k) => {
          for (const i of fr) expect(rank[i]).toBe(k);
        });
      }),
      { numRuns: 300 },
    );
  });

  test("a reused workspace gives the same fronts", () => {
    const ws = new SortWorkspace();
    fc.assert(
      fc.property(pointSet(40), (F) => {
        expect(Array.from(nondominatedSort(F, ws).rank)).toEqual(Array.from(nondominatedSort(F).rank));
      }),
      { numRuns: 100 },
    );
  });

  test("constraint-domination equals Deb's rule by brute force", () => {
    fc.assert(
      fc.property(
        pointSet(40).chain((F) =>
          fc.tuple(
            fc.constant(F),
            fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })), {
              minLength: F.length,
              maxLength: F.length,
            }),
          ),
        ),
        ([F, cvArr]) => {
          const cv = Float64Array.from(cvArr);
          const m = F[0].length;
          const { rank } = constrainedNondominatedSortFlat(packRows(F, m), F.length, m, cv);
          const better = (a: number, b: number) => {
            if (cv[a] === 0 && cv[b] > 0) return true;
            if (cv[a] > 0 && cv[b] > 0) return cv[a] < cv[b];
            if (cv[a] > 0) return false;
            return dominates(F[a], F[b]);
          };
          expect(Array.from(rank)).toEqual(bruteForceRanks(F, better));
        },
      ),
      { numRuns: 200 },
    );
  });

  test("DEAP's front counts on the 600 x 5 anchor sets (sort_600x5.py output)", () => {
    const data = JSON.parse(
      fs.readFileSync(path.join(__dirname, "../../bench/data/sort_600x5_deap.json"), "utf8"),
    ) as { cases: Record<string, number[][]> };
    // n_fronts / first_front as printed by DEAP 1.3.1's sortNondominated (ANCHORS.md, deap/README.md)
    const deap: Record<string, [number, number]> = {
      uniform: [6, 144],
      near_front: [2, 599],
      near_front_wide: [3, 465],
    };
    for (const [name, [nFronts, first]] of Object.entries(deap)) {
      const { fronts } = nondominatedSort(data.cases[name]);
      expect([fronts.length, fronts[0].length]).toEqual([nFronts, first]);
    }
  });

  test("identical points share a front; a dominated copy goes below", () => {
    const { rank } = nondominatedSort([
      [1, 1],
      [1, 1],
      [1, 2],
      [0, 3],
    ]);
    expect(Array.from(rank)).toEqual([0, 0, 1, 0]);
  });
});
