/**
 * The modelling time base (DESIGN.md §5): 15-minute steps, 96 a day, 35,040 a (non-leap) year.
 * KPI windows are given in hours and converted here, never hard-coded in steps.
 */
export const STEP_H = 0.25;
export const STEPS_PER_HOUR = 4;
export const STEPS_PER_DAY = 96;
export const DAYS_PER_YEAR = 365;
export const STEPS_PER_YEAR = STEPS_PER_DAY * DAYS_PER_YEAR;

export interface TimeIndex {
  /** Number of steps. */
  readonly length: number;
  /** Step length in hours. */
  readonly stepH: number;
  /** Day of year (0-364) of the first step; lets a short run start in any season. */
  readonly startDay: number;
  /** Weekday (0 = Monday) of day 0 of the year. */
  readonly weekdayOfDay0: number;
}

export function timeIndex(days: number, startDay = 0, weekdayOfDay0 = 0): TimeIndex {
  if (!Number.isInteger(days) || days <= 0)
    throw new RangeError(`timeIndex: days must be a positive integer, got ${days}`);
  if (!Number.isInteger(startDay) || startDay < 0 || startDay >= DAYS_PER_YEAR) {
    throw new RangeError(`timeIndex: startDay must be an integer in [0, 364], got ${startDay}`);
  }
  return { length: days * STEPS_PER_DAY, stepH: STEP_H, startDay, weekdayOfDay0 };
}

/** Hour of day (0 <= h < 24, fractional) at the start of step t. */
export function hourOfDay(t: number): number {
  return (t % STEPS_PER_DAY) * STEP_H;
}

/** Day of year (0-364) of step t, wrapping past the year's end. */
export function dayOfYear(ti: TimeIndex, t: number): number {
  return (ti.startDay + Math.floor(t / STEPS_PER_DAY)) % DAYS_PER_YEAR;
}

/** Weekday (0 = Monday .. 6 = Sunday) of step t. */
export function dayOfWeek(ti: TimeIndex, t: number): number {
  return (ti.weekdayOfDay0 + ti.startDay + Math.floor(t / STEPS_PER_DAY)) % 7;
}

export function isWeekend(ti: TimeIndex, t: number): boolean {
  return dayOfWeek(ti, t) >= 5;
}

/** Steps in a window of `hours`, rounded to whole steps (at least 1). */
export function stepsInHours(hours: number, stepH = STEP_H): number {
  return Math.max(1, Math.round(hours / stepH));
}
