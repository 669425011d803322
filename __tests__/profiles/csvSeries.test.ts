import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, DataError } from "../../lib/core/errors";
import { type CsvSeriesShape, readCsvColumn } from "../../lib/profiles/csvSeries";

let dir: string;
const csv = (name: string, header: string, rows: readonly string[]) => {
  const p = join(dir, name);
  writeFileSync(p, `${header}\n${rows.join("\n")}\n`);
  return p;
};
const values = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => String(f(i)));

/** Seed 002's shape: one day of hourly steps, or the whole leap year 2016 (8,784 rows). */
const HOURLY_DAY: CsvSeriesShape = {
  name: "loadKw",
  where: "houses.h7.load",
  units: { kW: 1, W: 1e-3 },
  length: 24,
  stepsPerDay: 24,
  whole: { rows: 8784, from: 0 },
};
const QUARTER_DAY: CsvSeriesShape = {
  name: "windMw",
  units: { MW: 1, kW: 1e-3 },
  length: 96,
  stepsPerDay: 96,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "csv-series-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readCsvColumn: one numeric column of a CSV file", () => {
  it("reads a window-length column exactly and converts to the base unit", async () => {
    const p = csv(
      "w.csv",
      "step,wind_kw",
      values(96, (i) => i * 1000 + 0.1).map((v, i) => `${i},${v}`),
    );
    const w = await readCsvColumn({ file: p, column: "wind_kw", unit: "kW" }, QUARTER_DAY);
    expect(w).toHaveLength(96);
    expect(w[0]).toBeCloseTo(0.0001, 12);
    expect(w[95]).toBeCloseTo(95.0001, 9);
    const base = await readCsvColumn({ file: p, column: "step" }, QUARTER_DAY); // default unit: the first
    expect(Array.from(base.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it("hourly: cuts a day out of a whole leap year (29 February = rows 1417-1440)", async () => {
    const p = csv(
      "year2016.csv",
      "load_w",
      values(8784, (i) => 1000 * (i % 24) + Math.floor(i / 24)),
    );
    const day59 = await readCsvColumn(
      { file: p, column: "load_w", unit: "W" },
      { ...HOURLY_DAY, whole: { rows: 8784, from: 59 * 24 } },
    );
    expect(day59).toHaveLength(24);
    for (let h = 0; h < 24; h++) expect(day59[h]).toBeCloseTo(h + 0.059, 12); // (1000 h + 59) W in kW
    const last = await readCsvColumn(
      { file: p, column: "load_w", unit: "W" },
      { ...HOURLY_DAY, whole: { rows: 8784, from: 365 * 24 } },
    );
    expect(last[23]).toBeCloseTo(23.365, 12); // 31 December 23:00, the 8,784th row
    const all = await readCsvColumn({ file: p, column: "load_w" }, { ...HOURLY_DAY, length: 8784 });
    expect(all).toHaveLength(8784);
  });

  it("names the expected lengths in the step of the data", async () => {
    const p = csv(
      "short.csv",
      "v",
      values(23, () => 1),
    );
    await expect(readCsvColumn({ file: p, column: "v" }, HOURLY_DAY)).rejects.toThrow(
      /short\.csv: column "v" has 23 rows; expected 24 \(the window: 1 days of 60-min steps\) or 8784 \(a whole year\)/,
    );
    await expect(readCsvColumn({ file: p, column: "v" }, HOURLY_DAY)).rejects.toThrow(
      /one value per 60-minute step/,
    );
    // without a whole-file shape only the window is named
    await expect(readCsvColumn({ file: p, column: "v" }, QUARTER_DAY)).rejects.toThrow(
      /has 23 rows; expected 96 \(the window: 1 days of 15-min steps\) \(one value per 15-minute step/,
    );
    // a whole file too short for the window's start
    const y = csv(
      "y.csv",
      "v",
      values(8784, () => 1),
    );
    await expect(
      readCsvColumn({ file: y, column: "v" }, { ...HOURLY_DAY, whole: { rows: 8784, from: 8770 } }),
    ).rejects.toThrow(/has 8784 rows; expected 24/);
  });

  it("names the file, column and row of every defect", async () => {
    const good = values(24, () => 5);
    const gap = [...good];
    gap[11] = "";
    const neg = [...good];
    neg[7] = "-2";
    const txt = [...good];
    txt[3] = "abc";
    const read = (p: string, column = "v", unit?: string) =>
      readCsvColumn({ file: p, column, unit }, HOURLY_DAY);
    await expect(read(join(dir, "missing.csv"))).rejects.toThrow(/missing\.csv: file not found/);
    await expect(read(csv("c.csv", "v", good), "load")).rejects.toThrow(
      /c\.csv: no column "load".*columns are "v"; set houses\.h7\.load\.column/,
    );
    await expect(
      read(
        csv(
          "g.csv",
          "t,v",
          gap.map((v, i) => `${i},${v}`),
        ),
      ),
    ).rejects.toThrow(/g\.csv, column "v", row 12 \(line 13\): missing value \(a gap\)/);
    await expect(read(csv("n.csv", "v", neg))).rejects.toThrow(
      /n\.csv, column "v", row 8 \(line 9\): negative value -2 kW.*loadKw cannot be negative/,
    );
    await expect(read(csv("t.csv", "v", txt))).rejects.toThrow(DataError);
    await expect(
      read(
        csv(
          "t2.csv",
          "t,v",
          txt.map((v, i) => `${i},${v}`),
        ),
      ),
    ).rejects.toThrow(/t2\.csv, column "v", row 4 \(line 5\): not a number: "abc"/);
    await expect(read(csv("u.csv", "v", good), "v", "MW")).rejects.toThrow(ConfigError);
    await expect(read(csv("u2.csv", "v", good), "v", "MW")).rejects.toThrow(
      /houses\.h7\.load\.unit: unknown unit "MW".*use one of kW, W/,
    );
  });

  it("accepts negative values when the quantity allows them (net load of a prosumer)", async () => {
    const p = csv(
      "net.csv",
      "v",
      values(24, (i) => i - 12),
    );
    const x = await readCsvColumn({ file: p, column: "v" }, { ...HOURLY_DAY, allowNegative: true });
    expect(x[0]).toBe(-12);
    expect(x[23]).toBe(11);
  });

  it("checks the caller's shape", async () => {
    const p = csv(
      "s.csv",
      "v",
      values(24, () => 1),
    );
    await expect(readCsvColumn({ file: p, column: "v" }, { ...HOURLY_DAY, stepsPerDay: 7 })).rejects.toThrow(
      /houses\.h7\.load\.stepsPerDay/,
    );
    await expect(readCsvColumn({ file: p, column: "v" }, { ...HOURLY_DAY, length: 0 })).rejects.toThrow(
      ConfigError,
    );
  });
});
