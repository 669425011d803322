import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Cache } from "../../../lib/core/cache";
import { ConfigError } from "../../../lib/core/errors";
import { parseExperimentsYaml } from "../../../lib/experiments/config";
import { makeContext, runExperimentCached } from "../../../lib/experiments/runner";
import { defaultRegistry, paperWorlds } from "../../../lib/papers/registry";
import { DEFAULT_CITY_CONFIG } from "../../../lib/papers/s000/world/cityConfig";

/**
 * The world is data: the repository's experiments.yaml with only the battery capacity edited changes
 * Fig. 4-5 results on the next run, with nothing else edited, and an unchanged world stays cached.
 */
describe("seed 000's world from experiments.yaml", () => {
  const yamlPath = resolve(__dirname, "../../../experiments.yaml");
  const text = readFileSync(yamlPath, "utf8");
  const registry = defaultRegistry();
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "world-as-data-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const load = (t: string) => parseExperimentsYaml(t, "experiments.yaml", registry, "ci", paperWorlds());
  const bigger = text.replace(/(battery:[^\n]*\n\s+capacityMwh:) 120\b/, "$1 480");

  it("the repository's worlds.s000 block resolves to the cited defaults", () => {
    expect(bigger).not.toBe(text); // the edit below finds the battery block
    const fig4a = load(text).experiments.find((e) => e.experiment.id === "s000/fig4a")!;
    const { horizon: _h, ...defaults } = DEFAULT_CITY_CONFIG;
    expect(fig4a.world).toEqual(defaults);
  });

  it("a changed battery capacity changes Fig. 4(a) and 5(a) on the next run; the same world is a cache hit", async () => {
    const cache = new Cache(join(root, "cache"));
    const params = { days: 2, startDay: 152, strategies: ["RBEMS"] };
    const run = async (t: string, id: string) => {
      const e = load(t).experiments.find((x) => x.experiment.id === id)!;
      const p = e.experiment.params.parse({ ...e.params, ...params }) as Record<string, unknown>;
      const ctx = makeContext(id, "ci", 2026, cache, null, 1, e.world);
      return runExperimentCached(e.experiment, p, ctx);
    };
    const base4 = await run(text, "s000/fig4a");
    const big4 = await run(bigger, "s000/fig4a");
    expect(base4.hit).toBe(false);
    expect(big4.hit).toBe(false);
    expect(big4.output.values).not.toEqual(base4.output.values);
    const base5 = await run(text, "s000/fig5a");
    const big5 = await run(bigger, "s000/fig5a");
    const cost = (o: typeof base5) =>
      (o.output.values.strategies as { strategy: string; operatingCostMusd: number }[])[0].operatingCostMusd;
    expect(cost(big5)).not.toBe(cost(base5));
    expect((await run(text, "s000/fig4a")).hit).toBe(true);
    expect((await run(bigger, "s000/fig5a")).hit).toBe(true);
  }, 600_000);

  it("a bad world value stops with the file, line, key path, expected and found", () => {
    const bad = text.replace(/(battery:[^\n]*\n\s+capacityMwh:) 120\b/, "$1 lots");
    expect(() => load(bad)).toThrow(ConfigError);
    expect(() => load(bad)).toThrow(
      /experiments\.yaml:\d+ worlds\.s000\.battery\.capacityMwh: .*expected number.*found "lots"/,
    );
    const unknown = text.replace("battery:", "batery:");
    expect(() => load(unknown)).toThrow(/unknown key\(s\) "batery"/);
    const negative = text.replace(/(battery:[^\n]*\n\s+capacityMwh:) 120\b/, "$1 -5");
    expect(() => load(negative)).toThrow(/battery/);
  });
});
