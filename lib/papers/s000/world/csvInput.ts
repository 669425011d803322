import { ConfigError, DataError } from "../../../core/errors";
import { STEPS_PER_DAY, STEPS_PER_YEAR } from "../../../core/time";
import { type CsvSeriesSpec, readCsvColumn } from "../../../profiles/csvSeries";
import type { Scenario } from "./scenario";

export type { CsvSeriesSpec } from "../../../profiles/csvSeries";

/**
 * User data instead of generated series: any of the city's exogenous series can come from a CSV
 * file, one value per 15-min step, either exactly the scenario's window or a whole year (35,040 rows,
 * from which the window's days are cut). The reading and every check (file, column, row count, gaps,
 * numbers only, no negatives, units; errors naming the file, column and row) are the generic
 * `readCsvColumn` (lib/profiles/csvSeries.ts); this module names the city's series and their units.
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

export type CsvOverrides = Partial<Record<CsvSeriesName, CsvSeriesSpec>>;

/**
 * Reads one of the city's series (converted to the series' base unit) and checks it. `expected` is the
 * window length (15-min steps); `startStep` the window's first step in the year (used when the file
 * holds a whole year of 35,040 rows).
 */
export async function readCsvSeries(
  name: CsvSeriesName,
  spec: CsvSeriesSpec,
  expected: number,
  startStep = 0,
): Promise<Float64Array> {
  if (!(name in CSV_SERIES)) {
    throw new ConfigError(`unknown series "${name}"`, "csv", `one of ${Object.keys(CSV_SERIES).join(", ")}`);
  }
  return readCsvColumn(spec, {
    name,
    where: `csv.${name}`,
    units: CSV_SERIES[name].units,
    length: expected,
    stepsPerDay: STEPS_PER_DAY,
    whole: { rows: STEPS_PER_YEAR, from: startStep, label: "a whole year" },
  });
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
