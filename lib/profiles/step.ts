import { ConfigError } from "../core/errors";
import { MINUTES_PER_DAY, STEPS_PER_DAY } from "../core/time";

/**
 * The step of a generated series. Every generator in lib/profiles takes it as an optional last argument;
 * a `TimeBase` (lib/core/time.ts) has the field, so `generateWind(tb.length, c, rng, tb)` works. Omitted:
 * seed 000's 15-minute step (96 a day), which reproduces seed 000's series bit for bit.
 */
export interface SeriesStep {
  /** Steps in a day; a whole number dividing 1,440 minutes (96 = 15 min, 24 = hourly). Default 96. */
  readonly stepsPerDay?: number;
}

/** A validated step: steps a day, step length in hours and in minutes. */
export interface ResolvedStep {
  readonly stepsPerDay: number;
  /** Hours per step, 24 / stepsPerDay (0.25 at 96 a day, exactly STEP_H). */
  readonly stepH: number;
  readonly stepMinutes: number;
}

/**
 * Resolves and checks `step.stepsPerDay` (default seed 000's 96). Throws ConfigError naming `where`.
 * @example resolveStep({ stepsPerDay: 24 }) // => { stepsPerDay: 24, stepH: 1, stepMinutes: 60 }
 */
export function resolveStep(step: SeriesStep = {}, where = "stepsPerDay"): ResolvedStep {
  const spd = step.stepsPerDay ?? STEPS_PER_DAY;
  if (!Number.isInteger(spd) || spd <= 0 || MINUTES_PER_DAY % spd !== 0) {
    throw new ConfigError(
      `must be a positive integer dividing 1440 (a whole number of minutes per step), got ${String(spd)}`,
      where,
      "e.g. 96 (15 min), 24 (hourly) or 288 (5 min)",
    );
  }
  return { stepsPerDay: spd, stepH: 24 / spd, stepMinutes: MINUTES_PER_DAY / spd };
}
