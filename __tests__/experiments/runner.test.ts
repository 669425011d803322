import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../lib/core/cache";
import { ConfigError } from "../../lib/core/errors";
import { parseExperimentsYaml } from "../../lib/experiments/config";
import { parseShard, runExperiments, selectExperiments, summaryTable } from "../../lib/experiments/runner";
import * as toyModule from "../helpers/toyExperiments";
import { registry, toyRuns } from "../helpers/toyExperiments";

const YAML = `version: 1
defaults: { profile: ci, seed: 11 }
profiles: { ci: { days: 3 }, quick: { days: 5 }, paper: { days: 365 } }
experiments:
  toy/toy: {}
  toy/noop: {}
  toy/boom: { enabled: false }
`;

describe("runner", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "runner-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = (opts: Parameters<typeof runExperiments>[1] = {}) =>
    runExperiments(parseExperimentsYaml(YAML, "experiments.yaml", registry), {
      resultsDir: join(root, "results"),
      cache: new Cache(join(root, "cache")),
      png: false,
      log: null,
      claims: [
        {
          id: "toy.value",
          paper: "toy",
          panel: "toy",
          quantity: "toy value",
          subject: "toy",
          value: 1,
          unit: "",
          sentence: "a toy claim",
        },
        {
          id: "toy.none",
          paper: "toy",
          panel: "toy",
          quantity: "toy absent quantity",
          subject: "toy",
          value: 2,
          unit: "",
          sentence: "a claim our run has no quantity for",
        },
      ],
      ...opts,
    });

  it("writes results.json, CSV and figure.html; a second run is all cache hits with byte-identical results", async () => {
    const before = toyModule.toyRuns;
    const first = await run();
    expect(first.ok).toBe(true);
    expect(first.results.map((r) => [r.id, r.cache])).toEqual([
      ["toy/noop", "miss"],
      ["toy/toy", "miss"],
    ]);
    const resultsPath = join(root, "results", "ci", "toy", "toy", "results.json");
    const bytes1 = readFileSync(resultsPath);
    const csv = readFileSync(join(root, "results", "ci", "toy", "toy", "series.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("step,x");
    expect(csv).toHaveLength(3 * 96 + 2); // header + rows + trailing newline
    expect(readFileSync(join(root, "results", "ci", "toy", "toy", "figure.html"), "utf8")).toContain(
      "Plotly.newPlot",
    );
    const second = await run();
    expect(second.results.every((r) => r.cache === "hit")).toBe(true);
    expect(toyModule.toyRuns - before).toBe(1);
    expect(readFileSync(resultsPath)).toEqual(bytes1);
    expect(summaryTable(second)).toContain("nothing recomputed");
    // forced recompute gives the same bytes too (determinism, not just caching)
    await run({ force: true });
    expect(readFileSync(resultsPath)).toEqual(bytes1);
    const doc = JSON.parse(bytes1.toString());
    expect(doc).toMatchObject({
      experiment: "toy/toy",
      seed: 11,
      profile: "ci",
      params: { days: 3, level: 1 },
    });
    expect(doc.claims[0]).toMatchObject({ id: "toy.value" });
    // the stated reason survives the cache's round trip (the second and forced runs gave these bytes too)
    expect(doc.claims[1]).toMatchObject({
      id: "toy.none",
      verdict: "undefined",
      why: "a random walk has no such quantity",
    });
    expect(doc).not.toHaveProperty("seconds");
    expect(
      JSON.parse(readFileSync(join(root, "results", "ci", "toy", "toy", "run.json"), "utf8")).seconds,
    ).toBeGreaterThanOrEqual(0);
    expect(toyRuns).toBeGreaterThanOrEqual(0);
  });

  it("reports a failing experiment and still runs the others; exit status says not all passed", async () => {
    const s = await run({ only: ["toy/boom", "toy/toy"] });
    expect(s.ok).toBe(false);
    const boom = s.results.find((r) => r.id === "toy/boom")!;
    expect(boom.status).toBe("failed");
    expect(boom.error).toContain("deliberate failure");
    expect(s.results.find((r) => r.id === "toy/toy")!.status).toBe("ok");
    expect(summaryTable(s)).toContain("1 of 2 experiment(s) ok");
  });

  it("selects by --only and --shard and rejects unknown ids", () => {
    const cfg = parseExperimentsYaml(YAML, "experiments.yaml", registry);
    expect(selectExperiments(cfg, {}).map((e) => e.experiment.id)).toEqual(["toy/noop", "toy/toy"]);
    expect(selectExperiments(cfg, { shard: parseShard("1/2") }).map((e) => e.experiment.id)).toEqual([
      "toy/noop",
    ]);
    expect(selectExperiments(cfg, { shard: parseShard("2/2") }).map((e) => e.experiment.id)).toEqual([
      "toy/toy",
    ]);
    expect(() => selectExperiments(cfg, { only: ["nope"] })).toThrow(ConfigError);
    expect(() => parseShard("3/2")).toThrow(/k\/n/);
  });

  it("recomputes after a corrupted cache entry and says so", async () => {
    const cache = new Cache(join(root, "cache"));
    await run({ cache, only: ["toy/toy"] });
    const entry = cache.ls()[0];
    const events: string[] = [];
    cache.onEvent((e) => events.push(e.kind));
    const fs = await import("node:fs");
    fs.writeFileSync(entry.path, fs.readFileSync(entry.path).subarray(0, 50));
    const s = await run({ cache, only: ["toy/toy"] });
    expect(s.results[0].cache).toBe("miss");
    expect(events).toContain("corrupt");
  });
});
