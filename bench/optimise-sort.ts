/**
 * Non-dominated sorting of 600 points x 5 objectives (issue 6 target: < 2 ms median; aim ~1 ms).
 * The point sets are DEAP's anchor inputs (ANCHORS.md; copied to bench/data/sort_600x5_deap.json):
 * uniform in [0,1]^5, and near a simplex front with +-0.01 and +-0.1 noise. Times the default
 * sort (`nondominatedSortFlat` = the bitset sort at this size, with a reused workspace, on packed
 * rows as the NSGA-II loop calls it) and, side by side in the same process, ENS-BS and Deb et al.'s
 * O(M N^2) fast non-dominated sort written over the same typed arrays. DEAP 1.3.1's medians (sortNondominated; sortLogNondominated) are quoted
 * from ANCHORS.md for the ratio.
 *
 *   npx tsx bench/optimise-sort.ts [runs]
 */
import fs from "node:fs";
import path from "node:path";
import { nondominatedSortEns, nondominatedSortFlat, packRows, SortWorkspace } from "../lib/optimise";
import { machine, summarise } from "./util";

/** DEAP 1.3.1 medians in ms on this machine type (ANCHORS.md, deap/README.md): [standard, log]. */
const DEAP_MS: Record<string, [number, number]> = {
  uniform: [63.3, 16.6],
  near_front: [55.1, 12.7],
  near_front_wide: [57.8, 13.3],
};

/** Deb et al. (2002) fast non-dominated sort over row-major objectives; returns ranks. */
function debFastSort(objs: Float64Array, n: number, m: number): Int32Array {
  const count = new Int32Array(n);
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const rank = new Int32Array(n);
  let current: number[] = [];
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      let pBetter = false;
      let qBetter = false;
      for (let k = 0; k < m; k++) {
        const a = objs[p * m + k];
        const b = objs[q * m + k];
        if (a < b) pBetter = true;
        else if (b < a) qBetter = true;
        if (pBetter && qBetter) break;
      }
      if (pBetter && !qBetter) {
        dominated[p].push(q);
        count[q]++;
      } else if (qBetter && !pBetter) {
        dominated[q].push(p);
        count[p]++;
      }
    }
  }
  for (let p = 0; p < n; p++) if (count[p] === 0) current.push(p);
  let r = 0;
  while (current.length > 0) {
    const next: number[] = [];
    for (const p of current) {
      rank[p] = r;
      for (const q of dominated[p]) if (--count[q] === 0) next.push(q);
    }
    current = next;
    r++;
  }
  return rank;
}

function main() {
  const runs = Number(process.argv[2] ?? 300);
  const data = JSON.parse(fs.readFileSync(path.join(__dirname, "data/sort_600x5_deap.json"), "utf8")) as {
    n: number;
    m: number;
    cases: Record<string, number[][]>;
  };
  const out: Record<string, unknown> = {};
  const ws = new SortWorkspace();
  for (const [name, rows] of Object.entries(data.cases)) {
    const n = rows.length;
    const m = rows[0].length;
    const objs = packRows(rows, m);
    const ens = nondominatedSortFlat(objs, n, m, ws);
    const deb = debFastSort(objs, n, m);
    const ensBs = nondominatedSortEns(objs, n, m, ws);
    if (ens.rank.some((r, i) => r !== deb[i] || r !== ensBs.rank[i]))
      throw new Error(`${name}: the sorts disagree`);
    const time = (fn: () => unknown, reps: number) => {
      for (let i = 0; i < 30; i++) fn();
      const ms: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        fn();
        ms.push(performance.now() - t0);
      }
      return summarise(ms);
    };
    const e = time(() => nondominatedSortFlat(objs, n, m, ws), runs);
    const packed = time(() => nondominatedSortFlat(packRows(rows, m), n, m, ws), runs);
    const ensT = time(() => nondominatedSortEns(objs, n, m, ws), runs);
    const d = time(() => debFastSort(objs, n, m), Math.max(20, Math.round(runs / 10)));
    const [deapStd, deapLog] = DEAP_MS[name];
    out[name] = {
      fronts: ens.fronts.length,
      firstFront: ens.fronts[0].length,
      defaultSortMs: { median: e.median, p10: e.p10, p90: e.p90, min: e.min, max: e.max, runs: e.n },
      defaultIncludingPackingMs: { median: packed.median, p10: packed.p10, p90: packed.p90 },
      ensBsMs: { median: ensT.median, p10: ensT.p10, p90: ensT.p90, runs: ensT.n },
      debFastSortMs: { median: d.median, p10: d.p10, p90: d.p90, runs: d.n },
      deapMedianMs: { sortNondominated: deapStd, sortLogNondominated: deapLog },
      speedUpVsDeap: { standard: deapStd / e.median, log: deapLog / e.median },
    };
  }
  console.log(
    JSON.stringify(
      { bench: "optimise-sort", n: data.n, m: data.m, targetMs: 2, cases: out, machine: machine() },
      null,
      1,
    ),
  );
}

main();
