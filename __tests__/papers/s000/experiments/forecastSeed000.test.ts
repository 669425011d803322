import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Cache } from "../../../../lib/core/cache";
import { parseExperimentsYaml } from "../../../../lib/experiments/config";
import { runExperiments } from "../../../../lib/experiments/runner";
import { forecastReportRows, forecastSkillMarkdown, forecastTraces } from "../../../../lib/forecast/report";
import { defaultRegistry, paperWorlds } from "../../../../lib/papers/registry";

// The block proposed for experiments.yaml, with a smaller ci override for the test (two forecasters, 2 epochs).
const YAML = `version: 1
defaults: { profile: ci, seed: 7 }
profiles: { ci: { days: 14 }, quick: { days: 365 }, paper: { days: 365 } }
experiments:
  s000/forecast-seed000:
    params: { budget: quick, traceDays: 3 }
    ci: { budget: ci, forecasters: [pv, price], epochs: 2, traceDays: 2 }
    paper: { budget: paper }
`;

describe("s000/forecast-seed000 experiment", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fc000-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("validates on every profile", () => {
    for (const p of ["ci", "quick", "paper"]) {
      const cfg = parseExperimentsYaml(YAML, "experiments.yaml", defaultRegistry(), p, paperWorlds());
      const e = cfg.experiments.find((x) => x.experiment.id === "s000/forecast-seed000");
      expect(e?.params.budget).toBe(p);
    }
  });

  it("writes error tables and forecast-vs-actual traces; a second run with a fresh result cache trains nothing", async () => {
    const cfg = parseExperimentsYaml(YAML, "experiments.yaml", defaultRegistry(), "ci", paperWorlds());
    const models = join(root, "cache");
    const a = await runExperiments(cfg, {
      only: ["s000/forecast-seed000"],
      resultsDir: join(root, "a"),
      cache: new Cache(models),
      png: false,
      log: null,
    });
    expect(a.ok).toBe(true);
    const dir = join(root, "a", "ci", "s000", "forecast-seed000");
    const doc = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    expect(doc.backend).toMatch(/^tfjs-/);
    const fs = doc.values.forecasters as { name: string; methods: { method: string }[] }[];
    expect(fs.map((f) => f.name)).toEqual(["pv", "price"]);
    expect(fs[0].methods.map((m) => m.method)).toEqual([
      "model",
      "persistence",
      "seasonal-naive-day",
      "seasonal-naive-week",
    ]);
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining(["trace-pv.csv", "trace-price.csv", "figure.html"]),
    );
    const rows = forecastReportRows(doc.values);
    expect(forecastSkillMarkdown(rows)).toContain("| pv | cnn-lstm |");
    // Drop the experiment-level entries: the run must then recompute the tables from cached models only.
    // (component "experiment.<paper>.<name>": the id's "/" becomes ".")
    const entries = join(models, "experiment.s000.forecast-seed000");
    expect(existsSync(entries)).toBe(true);
    rmSync(entries, { recursive: true, force: true });
    let text = "";
    const log = new PassThrough();
    log.on("data", (c) => {
      text += c.toString();
    });
    const b = await runExperiments(cfg, {
      only: ["s000/forecast-seed000"],
      resultsDir: join(root, "b"),
      cache: new Cache(models),
      png: false,
      log,
    });
    expect(b.results[0].cache).toBe("miss");
    expect(text).toContain("pv: loaded from cache");
    expect(text).toContain("price: loaded from cache");
    expect(text).not.toMatch(/trained in/);
    expect(readFileSync(join(root, "b", "ci", "s000", "forecast-seed000", "results.json"), "utf8")).toBe(
      readFileSync(join(dir, "results.json"), "utf8"),
    );
    const traces = forecastTraces(doc.values, []);
    expect(traces).toHaveLength(0); // traces live in the tables (CSV), not in results.json
  });
});
