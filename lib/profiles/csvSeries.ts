import { existsSync } from "node:fs";
import { ConfigError, DataError } from "../core/errors";
import { resolveStep } from "./step";

/**
 * One numeric column of a CSV file as a series (read with danfojs-node), for any paper: user data
 * instead of a generated series. The caller says how long the series is, its step, the units the
 * quantity knows and, optionally, a longer file shape it accepts (a whole year) from which the window
 * is cut. Every value is checked: the file exists, the column exists, the row count fits, no gaps,
 * numbers only, no negative values (unless allowed), and the unit is a known one. Errors name the file,
 * the column and the row (1-based data row and the file line, header = line 1).
 */
export interface CsvSeriesSpec {
  /** Path of the CSV file (with a header row). */
  readonly file: string;
  /** Column holding the series. */
  readonly column: string;
  /** Unit of the column's values (default: the first of the quantity's units). */
  readonly unit?: string;
}

/** What the caller expects of the column. */
export interface CsvSeriesShape {
  /** Name of the quantity in messages ("windMw cannot be negative"). */
  readonly name: string;
  /** Key path of the spec in the caller's config, for ConfigErrors and hints; default `csv.<name>`. */
  readonly where?: string;
  /** Known units and their factors to the base unit, base first: e.g. { MW: 1, kW: 1e-3 }. */
  readonly units: Readonly<Record<string, number>>;
  /** Values wanted (the window's steps). */
  readonly length: number;
  /** Steps a day of the series (96 = 15 min, 24 = hourly); only for the messages. */
  readonly stepsPerDay: number;
  /**
   * A longer file also accepted: `rows` values (e.g. a whole year, `label` "a whole year"), from which
   * the `length` values from row `from` (0-based) are cut.
   */
  readonly whole?: { readonly rows: number; readonly from: number; readonly label?: string };
  /** Accept negative values (default false: generation, demand and prices are >= 0). */
  readonly allowNegative?: boolean;
}

interface DanfoFrame {
  readonly columns: string[];
  column(name: string): { values: unknown[] };
}

async function loadFrame(file: string): Promise<DanfoFrame> {
  if (!existsSync(file)) throw new DataError("file not found", file, "give the path of an existing CSV file");
  const dfd = (await import("danfojs-node")) as unknown as { readCSV(path: string): Promise<DanfoFrame> };
  try {
    return await dfd.readCSV(file);
  } catch (e) {
    throw new DataError(`could not be read as CSV: ${(e as Error).message}`, file);
  }
}

function stepWords(stepMinutes: number): { short: string; long: string } {
  return { short: `${stepMinutes}-min`, long: `${stepMinutes}-minute` };
}

/**
 * Reads `spec.column` of `spec.file`, converted to the quantity's base unit, and checks it: exactly
 * `shape.length` rows, or `shape.whole.rows` rows from which `length` values from row `whole.from` are
 * cut. Throws ConfigError (unknown unit) or DataError naming the file, column and row of a defect.
 * @example await readCsvColumn({ file: "wind.csv", column: "kw", unit: "kW" },
 *   { name: "windMw", units: { MW: 1, kW: 1e-3 }, length: 8784, stepsPerDay: 24 })
 */
export async function readCsvColumn(spec: CsvSeriesSpec, shape: CsvSeriesShape): Promise<Float64Array> {
  const where = shape.where ?? `csv.${shape.name}`;
  const { length: expected } = shape;
  if (!Number.isInteger(expected) || expected <= 0)
    throw new ConfigError(`length must be a positive integer, got ${expected}`, `${where}.length`);
  const { stepMinutes, stepsPerDay } = resolveStep(
    { stepsPerDay: shape.stepsPerDay },
    `${where}.stepsPerDay`,
  );
  const units = shape.units;
  const unit = spec.unit ?? Object.keys(units)[0];
  const scale = units[unit];
  if (scale === undefined) {
    throw new ConfigError(
      `unknown unit "${unit}"`,
      `${where}.unit`,
      `use one of ${Object.keys(units).join(", ")}`,
    );
  }
  const df = await loadFrame(spec.file);
  if (!df.columns.includes(spec.column)) {
    throw new DataError(
      `no column "${spec.column}"`,
      spec.file,
      `columns are ${df.columns.map((c) => `"${c}"`).join(", ")}; set ${where}.column`,
    );
  }
  const raw = df.column(spec.column).values;
  const rows = raw.length;
  const whole = shape.whole;
  const words = stepWords(stepMinutes);
  let from: number;
  if (rows === expected) from = 0;
  else if (whole && rows === whole.rows && whole.from + expected <= whole.rows) from = whole.from;
  else {
    const alt = whole ? ` or ${whole.rows} (${whole.label ?? "a whole year"})` : "";
    throw new DataError(
      `column "${spec.column}" has ${rows} rows; expected ${expected} (the window: ${expected / stepsPerDay} days of ${words.short} steps)${alt}`,
      spec.file,
      `one value per ${words.long} step, no header repeats`,
    );
  }
  const out = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    const r = from + i;
    const v = raw[r];
    const at = `${spec.file}, column "${spec.column}", row ${r + 1} (line ${r + 2})`;
    if (v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v))) {
      throw new DataError("missing value (a gap)", at, "fill the gap (e.g. interpolate) before loading");
    }
    const x = typeof v === "number" ? v : Number(String(v).trim());
    if (!Number.isFinite(x)) throw new DataError(`not a number: ${JSON.stringify(v)}`, at);
    if (x < 0 && !shape.allowNegative)
      throw new DataError(`negative value ${x} ${unit}`, at, `${shape.name} cannot be negative`);
    out[i] = x * scale;
  }
  return out;
}
