import { ConfigError, DataError } from "../../lib/core/errors";
import { createRng } from "../../lib/core/rng";
import {
  type Calendar,
  DAYS_PER_YEAR,
  dateOfStep,
  dayOfWeek,
  dayOfYear,
  daysInYear,
  hourOfDay,
  hourOfDayAt,
  isLeapYear,
  isoWeek,
  isWeekend,
  resample,
  SEED000_TIME_BASE,
  STEP_H,
  STEPS_PER_DAY,
  STEPS_PER_HOUR,
  STEPS_PER_YEAR,
  stepsInHours,
  stepsPerDayOf,
  timeBase,
  timeIndex,
  yearTimeBase,
} from "../../lib/core/time";

const DIVISORS = Array.from({ length: 1440 }, (_, i) => i + 1).filter((d) => 1440 % d === 0);

/** A one-day hourly gregorian base starting on `date`, for calendar look-ups at step 0. */
const on = (date: string, calendar: Calendar = "gregorian") =>
  timeBase({ stepMinutes: 60, startDate: date, days: 1, calendar });

const energyMWh = (s: Float64Array, minutes: number, kind: "power" | "energy") =>
  s.reduce((a, x) => a + x, 0) * (kind === "power" ? minutes / 60 : 1);

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("legacy seed-000 index (unchanged)", () => {
  it("keeps the constants", () => {
    expect([STEP_H, STEPS_PER_HOUR, STEPS_PER_DAY, DAYS_PER_YEAR, STEPS_PER_YEAR]).toEqual([
      0.25, 4, 96, 365, 35040,
    ]);
  });

  it("keeps timeIndex, hourOfDay, dayOfYear, dayOfWeek, isWeekend, stepsInHours", () => {
    const ti = timeIndex(365);
    expect(ti).toEqual({ length: 35040, stepH: 0.25, startDay: 0, weekdayOfDay0: 0 });
    expect([hourOfDay(0), hourOfDay(5), hourOfDay(95), hourOfDay(96 + 50)]).toEqual([0, 1.25, 23.75, 12.5]);
    expect([dayOfYear(ti, 0), dayOfYear(ti, 95), dayOfYear(ti, 96), dayOfYear(ti, 35039)]).toEqual([
      0, 0, 1, 364,
    ]);
    expect(dayOfYear(timeIndex(2, 364), 96)).toBe(0); // wraps past the year's end
    expect([0, 1, 4, 5, 6, 7].map((d) => dayOfWeek(ti, d * 96))).toEqual([0, 1, 4, 5, 6, 0]);
    expect(dayOfWeek(timeIndex(1, 10, 3), 0)).toBe(6);
    expect([isWeekend(ti, 4 * 96), isWeekend(ti, 5 * 96), isWeekend(ti, 6 * 96 + 95)]).toEqual([
      false,
      true,
      true,
    ]);
    expect([stepsInHours(1), stepsInHours(24), stepsInHours(0.01), stepsInHours(3, 1)]).toEqual([
      4, 96, 1, 3,
    ]);
    expect(() => timeIndex(0)).toThrow(RangeError);
    expect(() => timeIndex(1, 365)).toThrow(RangeError);
  });

  it("SEED000_TIME_BASE is 15 min x 365 noleap days and agrees with timeIndex(365) at every step", () => {
    const tb = SEED000_TIME_BASE;
    expect(tb).toMatchObject({
      stepMinutes: 15,
      stepH: 0.25,
      stepsPerDay: 96,
      days: 365,
      calendar: "noleap",
    });
    expect(tb.length).toBe(STEPS_PER_YEAR);
    const ti = timeIndex(365);
    for (let t = 0; t < tb.length; t++) {
      const d = dateOfStep(tb, t);
      if (d.dayOfYear !== dayOfYear(ti, t) || d.weekday !== dayOfWeek(ti, t) || d.hour !== hourOfDay(t)) {
        throw new Error(`step ${t}: ${JSON.stringify(d)}`);
      }
      if (hourOfDayAt(tb, t) !== hourOfDay(t)) throw new Error(`hourOfDayAt at ${t}`);
    }
    expect(dateOfStep(tb, tb.length - 1)).toMatchObject({ year: 2018, month: 12, day: 31, dayOfYear: 364 });
  });
});

describe("timeBase and yearTimeBase", () => {
  it("counts steps in whole years", () => {
    expect(timeBase({ stepMinutes: 60, startDate: "2016-01-01", days: 366 }).length).toBe(8784);
    expect(yearTimeBase(2016, 60).length).toBe(8784);
    expect(yearTimeBase(2015, 60).length).toBe(8760);
    expect(yearTimeBase(2016, 15).length).toBe(35136);
    expect(yearTimeBase(2016).stepMinutes).toBe(15);
    expect(yearTimeBase(2016, 60, "noleap").length).toBe(8760);
    expect(yearTimeBase(2016, 5)).toMatchObject({ stepsPerDay: 288, stepH: 5 / 60, length: 288 * 366 });
    expect(timeBase({ startDate: "2020-03-01", days: 2 })).toEqual({
      stepMinutes: 15,
      stepH: 0.25,
      stepsPerDay: 96,
      startDate: "2020-03-01",
      days: 2,
      length: 192,
      calendar: "gregorian",
    });
  });

  it("knows leap years", () => {
    expect([1900, 2000, 2015, 2016, 2100, 2400].map(isLeapYear)).toEqual([
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
    expect([daysInYear(2015), daysInYear(2016), daysInYear(2016, "noleap"), daysInYear(2000)]).toEqual([
      365, 366, 365, 366,
    ]);
  });
});

describe("dateOfStep", () => {
  it("matches the doc examples", () => {
    expect(dateOfStep(yearTimeBase(2016, 60), 59 * 24 + 6)).toEqual({
      year: 2016,
      month: 2,
      day: 29,
      dayOfYear: 59,
      weekday: 0,
      hour: 6,
    });
    expect(hourOfDayAt(timeBase({ stepMinutes: 5, startDate: "2020-06-01", days: 1 }), 19)).toBe(95 / 60);
  });

  it("agrees with Date.UTC for many random bases and steps", () => {
    const rng = createRng(0, "time.test", "dateOfStep");
    for (let i = 0; i < 3000; i++) {
      const y0 = 1890 + rng.int(220);
      const m0 = 1 + rng.int(12);
      const d0 = 1 + rng.int(new Date(Date.UTC(y0, m0, 0)).getUTCDate());
      const startDate = `${y0}-${String(m0).padStart(2, "0")}-${String(d0).padStart(2, "0")}`;
      const stepMinutes = DIVISORS[rng.int(DIVISORS.length)];
      const tb = timeBase({ stepMinutes, startDate, days: 1 + rng.int(5000) });
      const t = rng.int(tb.length);
      const ms = Date.UTC(y0, m0 - 1, d0) + t * stepMinutes * 60000;
      const js = new Date(ms);
      const expected = {
        year: js.getUTCFullYear(),
        month: js.getUTCMonth() + 1,
        day: js.getUTCDate(),
        dayOfYear: Math.floor((ms - Date.UTC(js.getUTCFullYear(), 0, 1)) / 86400000),
        weekday: (js.getUTCDay() + 6) % 7,
      };
      const got = dateOfStep(tb, t);
      const { hour, ...rest } = got;
      if (JSON.stringify(rest) !== JSON.stringify(expected)) {
        throw new Error(`${startDate} +${t} x ${stepMinutes} min: got ${JSON.stringify(got)}`);
      }
      expect(hour).toBeCloseTo(js.getUTCHours() + js.getUTCMinutes() / 60, 12);
      expect(hourOfDayAt(tb, t)).toBe(hour);
    }
  });

  it("never produces 29 February in a noleap base, and keeps weekdays running", () => {
    const tb = timeBase({ stepMinutes: 1440, startDate: "2015-06-01", days: 365 * 8, calendar: "noleap" });
    let prev = dateOfStep(tb, 0);
    expect(prev.weekday).toBe(0); // 2015-06-01 was a Monday
    for (let t = 1; t < tb.length; t++) {
      const d = dateOfStep(tb, t);
      expect(d.month === 2 && d.day === 29).toBe(false);
      expect(d.weekday).toBe((prev.weekday + 1) % 7);
      expect(d.dayOfYear).toBe(d.year === prev.year ? prev.dayOfYear + 1 : 0);
      if (d.year !== prev.year)
        expect([prev.dayOfYear, prev.month, prev.day, d.month, d.day]).toEqual([364, 12, 31, 1, 1]);
      prev = d;
    }
    expect(dateOfStep(timeBase({ startDate: "2016-02-28", days: 2, calendar: "noleap" }), 96)).toMatchObject({
      year: 2016,
      month: 3,
      day: 1,
      dayOfYear: 59,
    });
  });
});

describe("isoWeek", () => {
  it("handles the year boundaries (hand-checked dates)", () => {
    const cases: [string, number, number, number][] = [
      // date, ISO year, ISO week, ISO weekday (1 = Monday)
      ["2016-01-01", 2015, 53, 5],
      ["2016-01-03", 2015, 53, 7],
      ["2016-01-04", 2016, 1, 1],
      ["2020-12-31", 2020, 53, 4],
      ["2021-01-03", 2020, 53, 7],
      ["2021-01-04", 2021, 1, 1],
      ["2005-01-01", 2004, 53, 6],
      ["2005-01-02", 2004, 53, 7],
      ["2005-12-31", 2005, 52, 6],
      ["2006-01-01", 2005, 52, 7],
      ["2006-01-02", 2006, 1, 1],
      ["2006-12-31", 2006, 52, 7],
      ["2007-01-01", 2007, 1, 1],
      ["2007-12-30", 2007, 52, 7],
      ["2007-12-31", 2008, 1, 1],
      ["2008-01-01", 2008, 1, 2],
      ["2008-12-28", 2008, 52, 7],
      ["2008-12-29", 2009, 1, 1],
      ["2008-12-31", 2009, 1, 3],
      ["2009-01-01", 2009, 1, 4],
      ["2009-12-31", 2009, 53, 4],
      ["2010-01-03", 2009, 53, 7],
    ];
    for (const [date, isoYear, week, isoDay] of cases) {
      expect([date, isoWeek(on(date), 0), dateOfStep(on(date), 0).weekday + 1]).toEqual([
        date,
        { isoYear, week },
        isoDay,
      ]);
    }
    expect(isoWeek(yearTimeBase(2016, 60), 0)).toEqual({ isoYear: 2015, week: 53 });
    expect(isoWeek(yearTimeBase(2016, 60), 72)).toEqual({ isoYear: 2016, week: 1 });
    expect(isoWeek(yearTimeBase(2016, 60), 72 - 1)).toEqual({ isoYear: 2015, week: 53 });
  });

  it("agrees with the ordinal-date formula over random days", () => {
    const rng = createRng(0, "time.test", "isoWeek");
    const tb = timeBase({ stepMinutes: 1440, startDate: "1900-01-01", days: 200 * 366 });
    const weeksIn = (y: number) => {
      const p = (x: number) => (x + Math.floor(x / 4) - Math.floor(x / 100) + Math.floor(x / 400)) % 7;
      return p(y) === 4 || p(y - 1) === 3 ? 53 : 52;
    };
    for (let i = 0; i < 2000; i++) {
      const t = rng.int(tb.length);
      const d = dateOfStep(tb, t);
      let isoYear = d.year;
      let week = Math.floor((d.dayOfYear + 1 - (d.weekday + 1) + 10) / 7);
      if (week < 1) {
        isoYear--;
        week = weeksIn(isoYear);
      } else if (week > weeksIn(isoYear)) {
        isoYear++;
        week = 1;
      }
      expect(isoWeek(tb, t)).toEqual({ isoYear, week });
    }
  });
});

describe("resample", () => {
  const rng = createRng(0, "time.test", "resample");
  const randomSeries = (n: number, lo = 0, hi = 100) => {
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = rng.uniform(lo, hi);
    return s;
  };

  it("averages or sums going coarser, holds or splits going finer", () => {
    expect(Array.from(resample(Float64Array.of(1, 2, 3, 6, 4, 4, 4, 4), 15, 60))).toEqual([3, 4]);
    expect(Array.from(resample(Float64Array.of(1, 2, 3, 6), 15, 60, "energy"))).toEqual([12]);
    expect(Array.from(resample(Float64Array.of(2, 5), 60, 15))).toEqual([2, 2, 2, 2, 5, 5, 5, 5]);
    expect(Array.from(resample(Float64Array.of(4), 60, 15, "energy"))).toEqual([1, 1, 1, 1]);
    expect(Array.from(resample(Float64Array.of(3, 6, 9), 15, 5, "energy"))).toEqual([
      1, 1, 1, 2, 2, 2, 3, 3, 3,
    ]);
    const s = Float64Array.of(1, 2);
    const same = resample(s, 15, 15);
    expect(same).toEqual(s);
    expect(same).not.toBe(s);
  });

  it.each(["power", "energy"] as const)(
    "conserves energy on 15 -> 60 -> 15 and 5 -> 15 -> 60 (%s)",
    (kind) => {
      const s15 = randomSeries(96 * 30);
      const e = energyMWh(s15, 15, kind);
      const s60 = resample(s15, 15, 60, kind);
      expect(s60.length).toBe(24 * 30);
      expect(relErr(energyMWh(s60, 60, kind), e)).toBeLessThan(1e-12);
      const back = resample(s60, 60, 15, kind);
      expect(back.length).toBe(s15.length);
      expect(relErr(energyMWh(back, 15, kind), e)).toBeLessThan(1e-12);

      const s5 = randomSeries(288 * 30);
      const e5 = energyMWh(s5, 5, kind);
      const a15 = resample(s5, 5, 15, kind);
      const a60 = resample(a15, 15, 60, kind);
      expect(relErr(energyMWh(a15, 15, kind), e5)).toBeLessThan(1e-12);
      expect(relErr(energyMWh(a60, 60, kind), e5)).toBeLessThan(1e-12);
      expect(relErr(energyMWh(resample(s5, 5, 60, kind), 60, kind), e5)).toBeLessThan(1e-12);
      const b5 = resample(resample(a60, 60, 15, kind), 15, 5, kind);
      expect(relErr(energyMWh(b5, 5, kind), e5)).toBeLessThan(1e-12);
    },
  );

  it.each(["power", "energy"] as const)(
    "returns an upsampled-then-downsampled series exactly (%s)",
    (kind) => {
      const s = randomSeries(500, -50, 150);
      s[0] = 0;
      s[1] = 0.1;
      s[2] = 1 / 3;
      for (const [coarse, fine] of [
        [60, 15],
        [15, 5],
        [60, 5],
        [1440, 60],
        [45, 15],
      ]) {
        const up = resample(s, coarse, fine, kind);
        expect(up.length).toBe((s.length * coarse) / fine);
        expect(resample(up, fine, coarse, kind)).toEqual(s);
      }
    },
  );

  it("rejects bad steps, kinds and lengths", () => {
    const s = new Float64Array(8);
    expect(() => resample(s, 7, 15)).toThrow(ConfigError);
    expect(() => resample(s, 45, 60)).toThrow(/neither divides the other.*via 15 min/);
    expect(() => resample(s, 0, 15)).toThrow(/fromMinutes/);
    expect(() => resample(s, 15, 2.5)).toThrow(/toMinutes/);
    expect(() => resample(s, 15, 60, "kw" as never)).toThrow(ConfigError);
    const odd = new Float64Array(35041);
    expect(() => resample(odd, 15, 60)).toThrow(DataError);
    expect(() => resample(odd, 15, 60)).toThrow(/35041.*multiple of 4.*35040.*35044/);
  });
});

describe("stepsPerDayOf", () => {
  it("takes steps per day from the data", () => {
    expect(stepsPerDayOf(8784, 366)).toBe(24);
    expect(stepsPerDayOf(35040, 365)).toBe(96);
    expect(stepsPerDayOf(288 * 7, 7)).toBe(288);
  });

  it("rejects lengths that are not whole steps dividing a day", () => {
    expect(() => stepsPerDayOf(100, 3)).toThrow(DataError);
    expect(() => stepsPerDayOf(7 * 3, 3)).toThrow(/7 steps a day/);
    expect(() => stepsPerDayOf(0, 3)).toThrow(DataError);
    expect(() => stepsPerDayOf(96, 0)).toThrow(ConfigError);
  });
});

describe("bad inputs", () => {
  it("names stepMinutes, the value and the fix when a step does not divide a day", () => {
    for (const bad of [7, 0, -15, 2.5, 2880, 1441, Number.NaN, "15"]) {
      const call = () => timeBase({ stepMinutes: bad as number, startDate: "2016-01-01", days: 1 });
      expect(call).toThrow(ConfigError);
      expect(call).toThrow(/^stepMinutes: .*dividing a day/);
      expect(call).toThrow(
        /use one of 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 18, 20, 24, 30, 32, 36, 40, 45, 48, 60, .*, 720, 1440\)/,
      );
    }
    expect(() => timeBase({ stepMinutes: 7, startDate: "2016-01-01", days: 1 })).toThrow(/got 7 /);
    expect(() => yearTimeBase(2016, 7)).toThrow(/stepMinutes/);
    for (const ok of DIVISORS)
      expect(timeBase({ stepMinutes: ok, startDate: "2016-01-01", days: 1 }).stepsPerDay).toBe(1440 / ok);
  });

  it("rejects bad days, dates, calendars, years and steps", () => {
    const base = { stepMinutes: 60, startDate: "2016-01-01", days: 1 };
    expect(() => timeBase({ ...base, days: 0 })).toThrow(/^days: .*got 0/);
    expect(() => timeBase({ ...base, days: 1.5 })).toThrow(ConfigError);
    for (const bad of [
      "2016-13-01",
      "2016-00-10",
      "2016-02-30",
      "2015-02-29",
      "2016-04-31",
      "16-01-01",
      "2016-1-1",
      "",
    ]) {
      expect(() => timeBase({ ...base, startDate: bad })).toThrow(ConfigError);
      expect(() => timeBase({ ...base, startDate: bad })).toThrow(/^startDate: /);
    }
    expect(() => timeBase({ ...base, startDate: 20160101 as never })).toThrow(/startDate.*20160101/);
    expect(timeBase({ ...base, startDate: "2016-02-29" }).startDate).toBe("2016-02-29");
    expect(() => timeBase({ ...base, startDate: "2016-02-29", calendar: "noleap" })).toThrow(
      /noleap.*29 February/,
    );
    expect(() => timeBase({ ...base, calendar: "julian" as never })).toThrow(/^calendar: /);
    expect(() => yearTimeBase(2016.5, 60)).toThrow(/^year: /);
    expect(() => dateOfStep(SEED000_TIME_BASE, -1)).toThrow(RangeError);
    expect(() => isoWeek(SEED000_TIME_BASE, 1.5)).toThrow(RangeError);
    expect(() => hourOfDayAt(SEED000_TIME_BASE, Number.NaN)).toThrow(RangeError);
    expect(() => isLeapYear(2016.5)).toThrow(RangeError);
    expect(() => dateOfStep({ ...SEED000_TIME_BASE, startDate: "2018-02-29" }, 0)).toThrow(ConfigError);
  });
});
