import { existsSync } from "node:fs";
import { ConfigError, DataError } from "../../../core/errors";
import { STEPS_PER_DAY, STEPS_PER_YEAR } from "../../../core/time";
import type { Scenario } from "./scenario";

/**
 * User data instead of generated series: any of the city's exogenous series can come from a CSV
 * file (read with danfojs-node), one value per 15-min step, either exactly the scenario's window or
 * a whole year (35,040 rows, from which the window's days are cut). Every value is checked: the file
 * exists, the column exists, the row count fits, no gaps, numbers only, no negative values, and the
 * unit is one the series knows. Errors name the file, the column and the row (1-based data row and
 * the file line, header = line 1).
 */
export const CSV_SERIES = {
  /** Available offshore wind farm output (before curtailment). */
  windMw: { units: { MW: 1, kW: 1e-3 } },
  /** City PV output (rooftop + community); spread over the entities in proportion to their MWp. */
  pvMw: { units: { MW: 1, kW: 1e-3 } },
  /** Retail (import) price. */
  importUsdPerMwh: { units: { "USD/MWh": 1, "USD/kWh": 1000 } },
  /** Feed-in (export) price. */
  exportUsdPerMwh: { units: { "USD/MWh": 1, "USD/kWh": 1000 } },
} as const;
export type CsvSeriesName = keyof typeof CSV_SERIES;

export interface CsvSeriesSpec {
  /** Path of the CSV file (with a header row). */
  readonly file: string;
  /** Column holding the series. */
  readonly column: string;
  /** Unit of the column's values (default: the series' first unit, MW or USD/MWh). */
  readonly unit?: string;
}

export type CsvOverrides = Partial<Record<CsvSeriesName, CsvSeriesSpec>>;

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

/**
 * Reads one series (converted to the series' base unit) and checks it. `expected` is the window
 * length; `startStep` the window's first step in the year (used when the file holds a whole year).
 */
export async function readCsvSeries(
  name: CsvSeriesName,
  spec: CsvSeriesSpec,
  expected: number,
  startStep = 0,
): Promise<Float64Array> {
  const where = `csv.${name}`;
  if (!(name in CSV_SERIES)) {
    throw new ConfigError(`unknown series "${name}"`, "csv", `one of ${Object.keys(CSV_SERIES).join(", ")}`);
  }
  const units = CSV_SERIES[name].units as Record<string, number>;
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
  let from: number;
  if (rows === expected) from = 0;
  else if (rows === STEPS_PER_YEAR && startStep + expected <= STEPS_PER_YEAR) from = startStep;
  else {
    throw new DataError(
      `column "${spec.column}" has ${rows} rows; expected ${expected} (the window: ${expected / STEPS_PER_DAY} days of 15-min steps) or ${STEPS_PER_YEAR} (a whole year)`,
      spec.file,
      "one value per 15-minute step, no header repeats",
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
    if (x < 0) throw new DataError(`negative value ${x} ${unit}`, at, `${name} cannot be negative`);
    out[i] = x * scale;
  }
  return out;
}

/**
 * The scenario with the named series replaced by CSV data. PV is spread over every orientation in
 * proportion to installed MWp (one per-unit shape for all panels), so entity PV sums to the file's
 * values; prices replace the generated ones (the tariff band and DR incentive stay generated).
 */
export async function withCsvSeries(sc: Scenario, overrides: CsvOverrides): Promise<Scenario> {
  const n = sc.time.length;
  const start = sc.config.horizon.startDay * STEPS_PER_DAY;
  const read = async (k: CsvSeriesName) => {
    const spec = overrides[k];
    return spec ? readCsvSeries(k, spec, n, start) : null;
  };
  for (const k of Object.keys(overrides)) {
    if (!(k in CSV_SERIES))
      throw new ConfigError(`unknown series "${k}"`, "csv", `one of ${Object.keys(CSV_SERIES).join(", ")}`);
  }
  const wind = await read("windMw");
  const pv = await read("pvMw");
  const imp = await read("importUsdPerMwh");
  const exp = await read("exportUsdPerMwh");
  let renewables = sc.renewables;
  if (wind) renewables = { ...renewables, windMw: wind };
  if (pv) {
    const mwp = renewables.pvMwpByOrientation;
    let total = 0;
    for (const m of mwp) total += m;
    const perUnit = new Float64Array(n);
    for (let t = 0; t < n; t++) perUnit[t] = total > 0 ? pv[t] / total : 0;
    const nOrient = mwp.length;
    const community = mwp[nOrient - 1];
    renewables = {
      ...renewables,
      pvPerUnitByOrientation: Array.from(mwp, () => perUnit),
      pvMw: pv,
      rooftopPvMw: perUnit.map((u) => u * (total - community)),
      communityPvMw: perUnit.map((u) => u * community),
    };
  }
  let prices = sc.prices;
  if (imp) prices = { ...prices, importUsdPerMwh: imp };
  if (exp) prices = { ...prices, exportUsdPerMwh: exp };
  if (imp || exp) {
    for (let t = 0; t < n; t++) {
      if (prices.exportUsdPerMwh[t] > prices.importUsdPerMwh[t]) {
        throw new DataError(
          `export price ${prices.exportUsdPerMwh[t]} exceeds import price ${prices.importUsdPerMwh[t]} USD/MWh`,
          `step ${t} (row ${start + t + 1} of a whole-year file)`,
          "the P2P market needs feed-in <= retail",
        );
      }
    }
  }
  return { ...sc, renewables, prices };
}
