import type { Population } from "./population";
import { betterSingle } from "./population";

/** Best-so-far book-keeping shared by the single-objective algorithms (feasibility-first, Deb 2000). */
export class BestSoFar {
  x = new Float64Array(0);
  f = Number.POSITIVE_INFINITY;
  cv = Number.POSITIVE_INFINITY;
  fRow = new Float64Array(1);

  /** Offers candidate i of a batch; returns true when it became the best. */
  offer(x: Float64Array, fRow: Float64Array, cv: number): boolean {
    if (this.x.length === 0 || betterSingle(fRow[0], cv, this.f, this.cv)) {
      this.x = x.slice();
      this.f = fRow[0];
      this.cv = cv;
      this.fRow = fRow.slice();
      return true;
    }
    return false;
  }

  asPopulation(): Population {
    return { X: [this.x], F: [this.fRow], CV: Float64Array.of(this.cv) };
  }
}

/** Indices sorted best first by feasibility-first comparison of the first objective (stable). */
export function rankSingle(F: readonly Float64Array[], CV: Float64Array): Int32Array {
  const idx = Int32Array.from(F.keys());
  idx.sort((a, b) => {
    if (betterSingle(F[a][0], CV[a], F[b][0], CV[b])) return -1;
    if (betterSingle(F[b][0], CV[b], F[a][0], CV[a])) return 1;
    return a - b;
  });
  return idx;
}

/** Clips x into the bounds (in place). */
export function clipInPlace(x: Float64Array, lower: Float64Array, upper: Float64Array): void {
  for (let j = 0; j < x.length; j++) {
    if (x[j] < lower[j]) x[j] = lower[j];
    else if (x[j] > upper[j]) x[j] = upper[j];
  }
}
