import { ConfigError } from "../core/errors";

/** Half-open index ranges of the target series, in time order: train, then validation, then test. */
export interface ChronoSplit {
  readonly train: readonly [number, number];
  readonly val: readonly [number, number];
  readonly test: readonly [number, number];
}

/**
 * Chronological split by fractions. Defaults 0.7 / 0.1 / 0.2: notes-002 uses an 80/20 train/test split;
 * the validation part for early stopping is carved from the end of the 80 %.
 * Windows are built inside each range only, so no input or target of one part lies in another.
 */
export function chronoSplit(n: number, trainFrac = 0.7, valFrac = 0.1): ChronoSplit {
  if (!(trainFrac > 0 && valFrac >= 0 && trainFrac + valFrac < 1))
    throw new ConfigError(
      `fractions train=${trainFrac}, val=${valFrac} must be > 0 and sum < 1`,
      "chronoSplit",
    );
  const a = Math.round(n * trainFrac);
  const b = Math.round(n * (trainFrac + valFrac));
  return { train: [0, a], val: [a, b], test: [b, n] };
}

/**
 * Supervised windows inside [from, to): sample k uses inputs at t-lookBack..t-1 and targets t..t+horizon-1,
 * with t stepping by `stride`. Every index touched lies in [from, to).
 * Returns the start index t of each sample.
 */
export function windowStarts(
  from: number,
  to: number,
  lookBack: number,
  horizon: number,
  stride = 1,
): number[] {
  const out: number[] = [];
  for (let t = from + lookBack; t + horizon <= to; t += stride) out.push(t);
  return out;
}
