import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../../lib/core/errors";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { runRulePolicyEpisode } from "../../../../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { readCsvSeries, withCsvSeries } from "../../../../lib/papers/s000/world/csvInput";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";

let dir: string;
let sc: Scenario;
const N = 96; // one day
const csv = (name: string, header: string, rows: readonly string[]) => {
  const p = join(dir, name);
  writeFileSync(p, `${header}\n${rows.join("\n")}\n`);
  return p;
};
const values = (f: (i: number) => number, n = N) => Array.from({ length: n }, (_, i) => String(f(i)));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "csv-"));
  sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 150), 9);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The generic reading and checks (units, gaps, non-numbers, negatives, row counts at any step) are tested
// with readCsvColumn in __tests__/profiles/csvSeries.test.ts; here: the city's series, their units and
// 15-min shapes (a window or a whole year of 35,040 rows), and the scenario they replace.
describe("CSV input of the city's series", () => {
  it("reads a window-length column and converts kW to MW", async () => {
    const p = csv(
      "w.csv",
      "step,wind_kw",
      values((i) => i).map((v, i) => `${i},${Number(v) * 1000 + 0.1}`),
    );
    const w = await readCsvSeries("windMw", { file: p, column: "wind_kw", unit: "kW" }, N);
    expect(w[0]).toBeCloseTo(0.0001, 12);
    expect(w[95]).toBeCloseTo(95.0001, 9);
    const usd = csv(
      "usd.csv",
      "p",
      values(() => 0.05),
    );
    expect((await readCsvSeries("importUsdPerMwh", { file: usd, column: "p", unit: "USD/kWh" }, N))[0]).toBe(
      50,
    );
  });

  it("cuts the window's days out of a whole-year file", async () => {
    const p = csv(
      "year.csv",
      "price",
      values((i) => 40 + (i % 96), 35_040),
    );
    const x = await readCsvSeries("importUsdPerMwh", { file: p, column: "price" }, N, 150 * 96);
    expect(Array.from(x.subarray(0, 3))).toEqual([40, 41, 42]);
  });

  it("names the series, its units and the city's 15-min shapes in its errors", async () => {
    const good = values(() => 5);
    const neg = [...good];
    neg[7] = "-2";
    const read = (p: string, column = "v", unit?: string) =>
      readCsvSeries("windMw", { file: p, column, unit }, N);
    await expect(read(join(dir, "missing.csv"))).rejects.toThrow(/missing\.csv: file not found/);
    await expect(read(csv("c.csv", "v", good), "wind")).rejects.toThrow(
      /no column "wind".*columns are "v"; set csv\.windMw\.column/,
    );
    await expect(read(csv("l.csv", "v", good.slice(1)))).rejects.toThrow(
      /l\.csv: column "v" has 95 rows; expected 96 \(the window: 1 days of 15-min steps\) or 35040 \(a whole year\) \(one value per 15-minute step, no header repeats\)/,
    );
    await expect(read(csv("n.csv", "v", neg))).rejects.toThrow(
      /n\.csv, column "v", row 8 \(line 9\): negative value -2 MW \(windMw cannot be negative\)/,
    );
    await expect(read(csv("u.csv", "v", good), "v", "GW")).rejects.toThrow(ConfigError);
    await expect(read(csv("u2.csv", "v", good), "v", "GW")).rejects.toThrow(/csv\.windMw\.unit.*MW, kW/);
    await expect(
      readCsvSeries("solarMw" as "pvMw", { file: csv("s.csv", "v", good), column: "v" }, N),
    ).rejects.toThrow(/csv: unknown series "solarMw".*windMw, pvMw, importUsdPerMwh, exportUsdPerMwh/);
    await expect(withCsvSeries(sc, { heatMw: { file: "x.csv", column: "v" } } as never)).rejects.toThrow(
      /unknown series "heatMw"/,
    );
  });

  it("drives the env: the flows' wind and PV are the file's", async () => {
    const wind = csv(
      "wind.csv",
      "mw",
      values((i) => (i < 48 ? 100 : 20)),
    );
    const pv = csv(
      "pv.csv",
      "mw",
      values((i) => (i >= 40 && i < 64 ? 30 : 0)),
    );
    const s2 = await withCsvSeries(sc, {
      windMw: { file: wind, column: "mw" },
      pvMw: { file: pv, column: "mw" },
    });
    const r = runRulePolicyEpisode(new CityEnv(s2), s2.seed);
    const h = s2.time.stepH;
    expect(r.flows.windMwh[0]).toBeCloseTo(100 * h, 12);
    expect(r.flows.windMwh[60]).toBeCloseTo(20 * h, 12);
    expect(r.flows.pvMwh[50]).toBeCloseTo(30 * h, 9); // entity PV sums to the file's value
    expect(r.flows.pvMwh[10]).toBe(0);
  });

  it("refuses feed-in above retail, naming the step", async () => {
    const imp = csv(
      "imp.csv",
      "p",
      values(() => 50),
    );
    const exp = csv(
      "exp.csv",
      "p",
      values((i) => (i === 5 ? 70 : 30)),
    );
    await expect(
      withCsvSeries(sc, {
        importUsdPerMwh: { file: imp, column: "p" },
        exportUsdPerMwh: { file: exp, column: "p" },
      }),
    ).rejects.toThrow(/step 5.*export price 70 exceeds import price 50/);
  });
});
