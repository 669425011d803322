import { ConfigError } from "../../lib/core/errors";
import { parseExperimentsYaml } from "../../lib/experiments/config";
import { deepMerge, overrideSchema, type WorldSpec } from "../../lib/experiments/world";
import { registry } from "../helpers/toyExperiments";

const GOOD = `version: 1
defaults:
  profile: quick
  seed: 7
profiles:
  ci: { days: 2 }
  quick: { days: 5 }
  paper: { days: 365 }
experiments:
  toy/toy:
    params:
      level: 2
    ci:
      days: 1
  toy/noop: {}
`;

function errorOf(text: string, profile?: string): ConfigError {
  try {
    parseExperimentsYaml(text, "experiments.yaml", registry, profile);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("experiments.yaml schema", () => {
  it("merges profile knobs, params and profile overrides", () => {
    const quick = parseExperimentsYaml(GOOD, "experiments.yaml", registry);
    expect(quick.profile).toBe("quick");
    expect(quick.seed).toBe(7);
    expect(quick.experiments.find((e) => e.experiment.id === "toy/toy")!.params).toEqual({
      days: 5,
      level: 2,
    });
    const ci = parseExperimentsYaml(GOOD, "experiments.yaml", registry, "ci");
    expect(ci.experiments.find((e) => e.experiment.id === "toy/toy")!.params).toEqual({ days: 1, level: 2 });
    // profile knobs an experiment does not declare are not passed to it
    expect(ci.experiments.find((e) => e.experiment.id === "toy/noop")!.params).toEqual({});
  });

  it("names an unknown experiment with its line and the known ids", () => {
    const e = errorOf(GOOD.replace("  toy/noop: {}", "  toy/fig4z: {}"));
    expect(e.message).toContain('unknown experiment id "toy/fig4z"');
    expect(e.message).toContain("experiments.yaml:15 experiments.toy/fig4z");
    expect(e.message).toContain("known ids: toy/noop, toy/toy, toy/boom");
  });

  it("names an id without a known paper prefix and lists the papers", () => {
    for (const id of ["fig4a", "s999/fig4a"]) {
      const e = errorOf(GOOD.replace("  toy/noop: {}", `  ${id}: {}`));
      expect(e.message).toContain(`experiment id "${id}" has no known paper prefix`);
      expect(e.message).toContain("papers: toy");
    }
  });

  it("names a wrong type with key path, line, expectation and what was found", () => {
    const e = errorOf(GOOD.replace("days: 1", 'days: "50k"'), "ci");
    expect(e.message).toContain("experiments.yaml:14 experiments.toy/toy.ci.days");
    expect(e.message).toMatch(/expected number/i);
    expect(e.message).toContain('found "50k"');
  });

  it("points at the profile when the bad value comes from the profile's knobs", () => {
    const e = errorOf(GOOD.replace("quick: { days: 5 }", "quick: { days: -3 }"));
    expect(e.message).toContain("experiments.yaml:7 profiles.quick.days");
    expect(e.message).toContain("found -3");
  });

  it("names a missing required field", () => {
    const e = errorOf(GOOD.replace("  quick: { days: 5 }\n", "  quick: {}\n"));
    expect(e.message).toContain("experiments.toy/toy.params.days");
    expect(e.message).toContain("nothing (the key is missing)");
  });

  it("names unknown keys in an experiment's params", () => {
    const e = errorOf(GOOD.replace("level: 2", "level: 2\n      colour: red"));
    expect(e.message).toContain('unknown key(s) "colour"');
    expect(e.message).toContain("experiments.toy/toy.params.colour");
  });

  it("names a missing top-level section and a bad default profile", () => {
    expect(errorOf(GOOD.replace(/profiles:[\s\S]*?experiments:/, "experiments:")).message).toContain(
      "profiles",
    );
    const e = errorOf(GOOD.replace("profile: quick", "profile: fast"));
    expect(e.message).toContain("experiments.yaml:3 defaults.profile");
    expect(e.message).toContain('found "fast"');
  });

  it("reports YAML syntax errors with a line", () => {
    const e = errorOf("version: 1\ndefaults: [unclosed\n");
    expect(e.message).toMatch(/experiments.yaml:\d+: YAML syntax error/);
  });

  it("rejects an unknown --profile", () => {
    expect(errorOf(GOOD, "huge").message).toContain('unknown profile "huge"');
  });
});

describe("experiments.yaml world blocks", () => {
  const WORLD: WorldSpec<{
    battery: { capacityMwh: number; powerMw: number };
    bands: number[];
    name: string;
  }> = {
    defaults: { battery: { capacityMwh: 120, powerMw: 60 }, bands: [1, 2], name: "city" },
    source: "a test world",
    validate(w, where) {
      if (w.battery.powerMw > w.battery.capacityMwh)
        throw new ConfigError("power above capacity", `${where} battery`, "lower powerMw");
    },
  };
  const withWorlds = (extra: string, profileWorld = "", expWorld = "") =>
    GOOD.replace("profiles:\n", `${extra}profiles:\n`)
      .replace("  ci: { days: 2 }", `  ci: { days: 2${profileWorld} }`)
      .replace("  toy/noop: {}", `  toy/noop: {}${expWorld}`);
  const parse = (text: string, profile?: string) =>
    parseExperimentsYaml(text, "experiments.yaml", registry, profile, { toy: WORLD as WorldSpec });
  const worldOf = (c: ReturnType<typeof parse>, id: string) =>
    c.experiments.find((e) => e.experiment.id === id)!.world;

  it("lays the file's, the profile's and the experiment's blocks over the defaults", () => {
    const t2 = withWorlds(
      "worlds:\n  toy:\n    battery: { capacityMwh: 200 }\n",
      ", worlds: { toy: { bands: [5] } }",
    ).replace("  toy/toy:\n    params:", "  toy/toy:\n    world: { name: other }\n    params:");
    const quick = parse(t2);
    expect(worldOf(quick, "toy/noop")).toEqual({
      battery: { capacityMwh: 200, powerMw: 60 },
      bands: [1, 2],
      name: "city",
    });
    expect(worldOf(quick, "toy/toy")).toEqual({
      battery: { capacityMwh: 200, powerMw: 60 },
      bands: [1, 2],
      name: "other",
    });
    const ci = parse(t2, "ci");
    expect(worldOf(ci, "toy/noop")).toEqual({
      battery: { capacityMwh: 200, powerMw: 60 },
      bands: [5],
      name: "city",
    });
    // no block: the defaults
    expect(worldOf(parse(GOOD), "toy/noop")).toEqual(WORLD.defaults);
  });

  it("names an unknown key in a world block with file, line and key path", () => {
    const e = errorOfWorld(withWorlds("worlds:\n  toy:\n    battery: { capacityMwh: 200, colour: red }\n"));
    expect(e.message).toContain('unknown key(s) "colour"');
    expect(e.message).toContain("experiments.yaml:7 worlds.toy.battery.colour");
    expect(e.message).toContain("a test world");
  });

  it("names a wrong type with what was expected and found", () => {
    const e = errorOfWorld(withWorlds("worlds:\n  toy:\n    battery: { capacityMwh: big }\n"));
    expect(e.message).toContain("worlds.toy.battery.capacityMwh");
    expect(e.message).toMatch(/expected number/i);
    expect(e.message).toContain('found "big"');
    const arr = errorOfWorld(withWorlds("worlds:\n  toy:\n    bands: [1, x]\n"));
    expect(arr.message).toContain("worlds.toy.bands.1");
  });

  it("checks a profile's and an experiment's blocks, and the paper's own rules", () => {
    const p = errorOfWorld(withWorlds("", ", worlds: { toy: { name: 3 } }"));
    expect(p.message).toContain("profiles.ci.worlds.toy.name");
    const x = errorOfWorld(withWorlds("", "", "\n  toy/boom: { world: { battery: { powerMw: true } } }"));
    expect(x.message).toContain("experiments.toy/boom.world.battery.powerMw");
    const v = errorOfWorld(withWorlds("worlds:\n  toy:\n    battery: { powerMw: 500 }\n"));
    expect(v.message).toContain("power above capacity");
    const u = errorOfWorld(withWorlds("worlds:\n  s999:\n    battery: {}\n"));
    expect(u.message).toContain('unknown paper "s999"');
  });

  function errorOfWorld(text: string): ConfigError {
    try {
      parse(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return e as ConfigError;
    }
    throw new Error("expected a ConfigError");
  }
});

describe("world helpers", () => {
  it("deepMerge merges objects key by key and replaces arrays and leaves", () => {
    const base = { a: { x: 1, y: 2 }, b: [1, 2], c: "s" };
    expect(deepMerge(base, { a: { y: 3 }, b: [9] })).toEqual({ a: { x: 1, y: 3 }, b: [9], c: "s" });
    expect(base).toEqual({ a: { x: 1, y: 2 }, b: [1, 2], c: "s" });
    expect(deepMerge(base, undefined)).toBe(base);
  });

  it("overrideSchema accepts any subset and rejects unknown keys and wrong types", () => {
    const s = overrideSchema({ a: { x: 1 }, list: [{ k: 1, n: "a" }] });
    expect(s.safeParse({}).success).toBe(true);
    expect(s.safeParse({ a: {} }).success).toBe(true);
    expect(s.safeParse({ a: { z: 1 } }).success).toBe(false);
    expect(s.safeParse({ list: [{ k: 2, n: "b" }] }).success).toBe(true);
    expect(s.safeParse({ list: [{ k: 2 }] }).success).toBe(false); // array elements are whole
  });
});
