/**
 * The modelling time base (DESIGN.md §5): 15-minute steps, 96 a day, 35,040 a (non-leap) year.
 * KPI windows are given in hours and converted here, never hard-coded in steps.
 *
 * The constants and `timeIndex` below are seed 000's fixed index and stay as they are; the general
 * `TimeBase` further down (any step dividing a day, real dates, leap years, resampling) extends them.
 */
import { ConfigError, DataError } from "./errors";

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

/* ------------------------------------------------------------------------------------------------
 * General time base: any step dividing a day, a real start date, a Gregorian or 365-day calendar.
 *
 * Calendar arithmetic is integer day counting (Howard Hinnant's days_from_civil / civil_from_days,
 * proleptic Gregorian, day 0 = 1970-01-01), never JS `Date`: no time zones, no DST, no allocation of
 * Date objects in hot loops. Every step is in UTC-like "model time".
 * ---------------------------------------------------------------------------------------------- */

/** "gregorian": real calendar with leap days. "noleap": every year has 365 days, 29 February never occurs. */
export type Calendar = "noleap" | "gregorian";

export const MINUTES_PER_DAY = 1440;

/** A run's time axis: `length` steps of `stepMinutes`, starting at 00:00 on `startDate`. */
export interface TimeBase {
  /** Step length in minutes; divides 1,440. */
  readonly stepMinutes: number;
  /** Step length in hours (stepMinutes / 60). */
  readonly stepH: number;
  /** Steps in a day (1,440 / stepMinutes). */
  readonly stepsPerDay: number;
  /** First day, ISO yyyy-mm-dd; step 0 starts at its midnight. */
  readonly startDate: string;
  /** Number of whole days covered. */
  readonly days: number;
  /** Number of steps: days * stepsPerDay. */
  readonly length: number;
  readonly calendar: Calendar;
}

export interface TimeBaseOptions {
  /** Default 15. */
  readonly stepMinutes?: number;
  /** ISO yyyy-mm-dd. */
  readonly startDate: string;
  readonly days: number;
  /** Default "gregorian". */
  readonly calendar?: Calendar;
}

/** The calendar position of a step's start. */
export interface CalendarDate {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  /** Day of month, 1-31. */
  readonly day: number;
  /** 0-based day of year (0-365 gregorian, 0-364 noleap). */
  readonly dayOfYear: number;
  /** 0 = Monday .. 6 = Sunday. */
  readonly weekday: number;
  /** Hour of day at the step's start, fractional (0 <= hour < 24). */
  readonly hour: number;
}

export interface IsoWeek {
  /** The ISO week-numbering year (differs from the calendar year near 1 January). */
  readonly isoYear: number;
  /** 1-53. */
  readonly week: number;
}

/** Every positive integer dividing 1,440: the admissible step lengths in minutes. */
const DAY_DIVISORS: readonly number[] = Array.from({ length: MINUTES_PER_DAY }, (_, i) => i + 1).filter(
  (d) => MINUTES_PER_DAY % d === 0,
);

const NOLEAP_MONTH_START = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
/** Month (1-12) and day of month (1-31) of each 0-based day of a 365-day year. */
const NOLEAP_MONTH = new Uint8Array(365);
const NOLEAP_DAY = new Uint8Array(365);
for (let m = 0; m < 12; m++) {
  for (let d = NOLEAP_MONTH_START[m]; d < NOLEAP_MONTH_START[m + 1]; d++) {
    NOLEAP_MONTH[d] = m + 1;
    NOLEAP_DAY[d] = d - NOLEAP_MONTH_START[m] + 1;
  }
}

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * True for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
 * @example isLeapYear(2016) // => true;  isLeapYear(1900) // => false;  isLeapYear(2000) // => true
 */
export function isLeapYear(year: number): boolean {
  if (!Number.isInteger(year)) throw new RangeError(`isLeapYear: year must be an integer, got ${show(year)}`);
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Days in `year`: 365 or 366 in the Gregorian calendar, always 365 in "noleap".
 * @example daysInYear(2016) // => 366;  daysInYear(2016, "noleap") // => 365
 */
export function daysInYear(year: number, calendar: Calendar = "gregorian"): number {
  const leap = isLeapYear(year);
  return calendar === "gregorian" && leap ? 366 : 365;
}

function daysInMonth(year: number, month: number, calendar: Calendar): number {
  if (month === 2) return calendar === "gregorian" && isLeapYear(year) ? 29 : 28;
  return NOLEAP_MONTH_START[month] - NOLEAP_MONTH_START[month - 1];
}

/** Days from 1970-01-01 to y-m-d, proleptic Gregorian (Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil: [year, month, day] (Hinnant's civil_from_days). */
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Day number of y-m-d in the given calendar (gregorian: days since 1970-01-01; noleap: y * 365 + doy). */
function dayNumber(y: number, m: number, d: number, calendar: Calendar): number {
  return calendar === "gregorian" ? daysFromCivil(y, m, d) : y * 365 + NOLEAP_MONTH_START[m - 1] + d - 1;
}

interface ParsedStart {
  /** Day number of startDate in the base's calendar. */
  readonly day0: number;
  /** Weekday (0 = Monday) of startDate, from the real (Gregorian) calendar. */
  readonly weekday0: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseStartDate(startDate: unknown, calendar: Calendar): ParsedStart {
  const m = typeof startDate === "string" ? ISO_DATE.exec(startDate) : null;
  if (!m) {
    throw new ConfigError(
      `must be an ISO date yyyy-mm-dd, got ${show(startDate)}`,
      "startDate",
      'e.g. "2016-01-01"',
    );
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo, calendar)) {
    const hint =
      calendar === "noleap" && mo === 2 && d === 29
        ? `the "noleap" calendar has no 29 February; start on ${m[1]}-02-28 or ${m[1]}-03-01, or use calendar: "gregorian"`
        : "use a real date, month 01-12 and a day that exists in that month";
    throw new ConfigError(`${show(startDate)} is not a date in the ${calendar} calendar`, "startDate", hint);
  }
  return { day0: dayNumber(y, mo, d, calendar), weekday0: mod(daysFromCivil(y, mo, d) + 3, 7) };
}

const startCache = new Map<string, ParsedStart>();

function startOf(tb: TimeBase): ParsedStart {
  const key = `${tb.calendar}:${tb.startDate}`;
  let s = startCache.get(key);
  if (s === undefined) {
    checkCalendar(tb.calendar);
    s = parseStartDate(tb.startDate, tb.calendar);
    startCache.set(key, s);
  }
  return s;
}

function checkCalendar(calendar: unknown): asserts calendar is Calendar {
  if (calendar !== "gregorian" && calendar !== "noleap") {
    throw new ConfigError(`must be "gregorian" or "noleap", got ${show(calendar)}`, "calendar");
  }
}

function checkStepMinutes(stepMinutes: unknown, where = "stepMinutes"): asserts stepMinutes is number {
  if (
    typeof stepMinutes !== "number" ||
    !Number.isInteger(stepMinutes) ||
    stepMinutes <= 0 ||
    MINUTES_PER_DAY % stepMinutes !== 0
  ) {
    throw new ConfigError(
      `must be a positive integer number of minutes dividing a day (1440), got ${show(stepMinutes)}`,
      where,
      `use one of ${DAY_DIVISORS.join(", ")}`,
    );
  }
}

/**
 * A validated time base: `days` whole days of `stepMinutes` steps from 00:00 on `startDate`.
 * Throws ConfigError naming the bad key (stepMinutes, days, startDate, calendar), its value and a fix.
 * @example timeBase({stepMinutes: 60, startDate: "2016-01-01", days: 366}).length // => 8784
 */
export function timeBase(options: TimeBaseOptions): TimeBase {
  const { stepMinutes = 15, startDate, days, calendar = "gregorian" } = options;
  checkStepMinutes(stepMinutes);
  if (!Number.isInteger(days) || days <= 0) {
    throw new ConfigError(`must be a positive integer, got ${show(days)}`, "days", "e.g. 365 for a year");
  }
  checkCalendar(calendar);
  parseStartDate(startDate, calendar);
  const stepsPerDay = MINUTES_PER_DAY / stepMinutes;
  return Object.freeze({
    stepMinutes,
    stepH: stepMinutes / 60,
    stepsPerDay,
    startDate,
    days,
    length: days * stepsPerDay,
    calendar,
  });
}

/**
 * The whole calendar year `year` (1 January to 31 December) at `stepMinutes`.
 * @example yearTimeBase(2016, 60).length // => 8784;  yearTimeBase(2015, 60).length // => 8760
 */
export function yearTimeBase(year: number, stepMinutes = 15, calendar: Calendar = "gregorian"): TimeBase {
  if (!Number.isInteger(year) || year < 0 || year > 9999) {
    throw new ConfigError(`must be an integer year in [0, 9999], got ${show(year)}`, "year");
  }
  checkCalendar(calendar);
  return timeBase({
    stepMinutes,
    startDate: `${String(year).padStart(4, "0")}-01-01`,
    days: daysInYear(year, calendar),
    calendar,
  });
}

/**
 * Seed 000's time base: 15-minute steps, 365 days, no leap day, 35,040 steps (== STEPS_PER_YEAR).
 * It starts on 2018-01-01, a Monday in a non-leap year, so for every step t `dateOfStep` agrees with
 * the legacy `timeIndex(365)`: dayOfYear(ti, t), dayOfWeek(ti, t) and hourOfDay(t).
 * @example SEED000_TIME_BASE.length // => 35040
 */
export const SEED000_TIME_BASE: TimeBase = timeBase({
  stepMinutes: 15,
  startDate: "2018-01-01",
  days: DAYS_PER_YEAR,
  calendar: "noleap",
});

function checkStep(t: number): void {
  if (!Number.isInteger(t) || t < 0)
    throw new RangeError(`step t must be a non-negative integer, got ${show(t)}`);
}

/**
 * Calendar position of the start of step t (t may run past tb.length: the calendar continues).
 * @example dateOfStep(yearTimeBase(2016, 60), 59 * 24 + 6)
 *   // => {year: 2016, month: 2, day: 29, dayOfYear: 59, weekday: 0, hour: 6}
 */
export function dateOfStep(tb: TimeBase, t: number): CalendarDate {
  checkStep(t);
  const s = startOf(tb);
  const elapsed = Math.floor(t / tb.stepsPerDay);
  const n = s.day0 + elapsed;
  const hour = ((t - elapsed * tb.stepsPerDay) * tb.stepMinutes) / 60;
  const weekday = (s.weekday0 + elapsed) % 7;
  if (tb.calendar === "gregorian") {
    const [year, month, day] = civilFromDays(n);
    return { year, month, day, dayOfYear: n - daysFromCivil(year, 1, 1), weekday, hour };
  }
  const year = Math.floor(n / 365);
  const doy = n - year * 365;
  return { year, month: NOLEAP_MONTH[doy], day: NOLEAP_DAY[doy], dayOfYear: doy, weekday, hour };
}

/**
 * Hour of day (0 <= h < 24, fractional) at the start of step t.
 * @example hourOfDayAt(timeBase({stepMinutes: 5, startDate: "2020-06-01", days: 1}), 19) // => 1.5833333333333333
 */
export function hourOfDayAt(tb: TimeBase, t: number): number {
  checkStep(t);
  return ((t % tb.stepsPerDay) * tb.stepMinutes) / 60;
}

/**
 * ISO 8601 week of step t: weeks start on Monday, week 1 is the one holding the year's first Thursday.
 * In a "noleap" base the same rule is applied to its 365-day years.
 * @example isoWeek(yearTimeBase(2016, 60), 0) // => {isoYear: 2015, week: 53}   (Fri 2016-01-01)
 * @example isoWeek(yearTimeBase(2016, 60), 72) // => {isoYear: 2016, week: 1}  (Mon 2016-01-04)
 */
export function isoWeek(tb: TimeBase, t: number): IsoWeek {
  checkStep(t);
  const s = startOf(tb);
  const elapsed = Math.floor(t / tb.stepsPerDay);
  const thursday = s.day0 + elapsed - ((s.weekday0 + elapsed) % 7) + 3; // Thursday of t's week
  let isoYear: number;
  let doy: number;
  if (tb.calendar === "gregorian") {
    isoYear = civilFromDays(thursday)[0];
    doy = thursday - daysFromCivil(isoYear, 1, 1);
  } else {
    isoYear = Math.floor(thursday / 365);
    doy = thursday - isoYear * 365;
  }
  return { isoYear, week: Math.floor(doy / 7) + 1 };
}

/**
 * Steps per day implied by a series of `seriesLength` steps covering `days` days, so a forecaster can take
 * its seasonality from the data. Throws DataError unless it is a whole number dividing 1,440 minutes.
 * @example stepsPerDayOf(8784, 366) // => 24
 */
export function stepsPerDayOf(seriesLength: number, days: number): number {
  if (!Number.isInteger(days) || days <= 0) {
    throw new ConfigError(`must be a positive integer, got ${show(days)}`, "days");
  }
  if (!Number.isInteger(seriesLength) || seriesLength <= 0) {
    throw new DataError(
      `series length must be a positive integer, got ${show(seriesLength)}`,
      "stepsPerDayOf",
    );
  }
  const spd = seriesLength / days;
  if (!Number.isInteger(spd) || MINUTES_PER_DAY % spd !== 0) {
    throw new DataError(
      `a series of ${seriesLength} steps over ${days} days has ${spd} steps a day, not a whole number of minutes per step dividing 1440`,
      "stepsPerDayOf",
      "expect e.g. 96 (15 min), 24 (hourly) or 288 (5 min) steps a day; check the series length and the days",
    );
  }
  return spd;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Resamples `series` from `fromMinutes` to `toMinutes` steps, conserving energy. One step must divide the
 * other (ConfigError otherwise). Always returns a new array.
 * - "power" (MW, mean over the step): downsampling averages, upsampling repeats (step-hold).
 *   Upsampling then downsampling returns the input exactly.
 * - "energy" (MWh per step): downsampling sums, upsampling splits each value into equal parts (the last
 *   part absorbs rounding so the parts sum back to the value exactly). Round trips are exact.
 * Throws DataError when downsampling a series whose length is not a multiple of the factor.
 * @example resample(Float64Array.of(1, 2, 3, 6), 15, 60) // => Float64Array [3]
 * @example resample(Float64Array.of(4), 60, 15, "energy") // => Float64Array [1, 1, 1, 1]
 */
export function resample(
  series: Float64Array,
  fromMinutes: number,
  toMinutes: number,
  kind: "power" | "energy" = "power",
): Float64Array {
  for (const [key, v] of [
    ["fromMinutes", fromMinutes],
    ["toMinutes", toMinutes],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new ConfigError(
        `must be a positive integer number of minutes, got ${show(v)}`,
        key,
        "e.g. 5, 15 or 60",
      );
    }
  }
  if (kind !== "power" && kind !== "energy") {
    throw new ConfigError(`must be "power" or "energy", got ${show(kind)}`, "kind");
  }
  if (fromMinutes % toMinutes !== 0 && toMinutes % fromMinutes !== 0) {
    throw new ConfigError(
      `fromMinutes ${fromMinutes} and toMinutes ${toMinutes}: neither divides the other`,
      "resample",
      `resample in two passes through a common step, e.g. via ${gcd(fromMinutes, toMinutes)} min`,
    );
  }
  const n = series.length;
  if (fromMinutes === toMinutes) return Float64Array.from(series);
  if (toMinutes > fromMinutes) {
    const k = toMinutes / fromMinutes;
    if (n % k !== 0) {
      const lo = n - (n % k);
      throw new DataError(
        `series length ${n} is not a multiple of ${k} (${toMinutes} min / ${fromMinutes} min)`,
        "resample(series)",
        `trim it to ${lo} or pad it to ${lo + k} steps`,
      );
    }
    const out = new Float64Array(n / k);
    for (let i = 0, j = 0; i < out.length; i++, j += k) {
      if (kind === "energy") {
        let sum = 0;
        for (let q = 0; q < k; q++) sum += series[j + q];
        out[i] = sum;
      } else {
        // Shifted mean: exact when the block is constant, so step-hold then average is the identity.
        const x0 = series[j];
        let dev = 0;
        for (let q = 1; q < k; q++) dev += series[j + q] - x0;
        out[i] = x0 + dev / k;
      }
    }
    return out;
  }
  const k = fromMinutes / toMinutes;
  const out = new Float64Array(n * k);
  for (let i = 0, j = 0; i < n; i++, j += k) {
    const x = series[i];
    if (kind === "power") {
      out.fill(x, j, j + k);
    } else {
      const part = x / k;
      let sum = 0;
      for (let q = 0; q < k - 1; q++) {
        out[j + q] = part;
        sum += part;
      }
      // Exact by Sterbenz (sum is within a factor 2 of x), so the parts sum left to right to x exactly.
      out[j + k - 1] = Number.isFinite(x) ? x - sum : part;
    }
  }
  return out;
}
