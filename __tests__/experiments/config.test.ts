import { ConfigError } from "../../lib/core/errors";
import { parseExperimentsYaml } from "../../lib/experiments/config";
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
  toy:
    params:
      level: 2
    ci:
      days: 1
  noop: {}
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
    expect(quick.experiments.find((e) => e.experiment.id === "toy")!.params).toEqual({ days: 5, level: 2 });
    const ci = parseExperimentsYaml(GOOD, "experiments.yaml", registry, "ci");
    expect(ci.experiments.find((e) => e.experiment.id === "toy")!.params).toEqual({ days: 1, level: 2 });
    // profile knobs an experiment does not declare are not passed to it
    expect(ci.experiments.find((e) => e.experiment.id === "noop")!.params).toEqual({});
  });

  it("names an unknown experiment with its line and the known ids", () => {
    const e = errorOf(GOOD.replace("  noop: {}", "  fig4z: {}"));
    expect(e.message).toContain('unknown experiment id "fig4z"');
    expect(e.message).toContain("experiments.yaml:15 experiments.fig4z");
    expect(e.message).toContain("known ids: noop, toy, boom");
  });

  it("names a wrong type with key path, line, expectation and what was found", () => {
    const e = errorOf(GOOD.replace("days: 1", 'days: "50k"'), "ci");
    expect(e.message).toContain("experiments.yaml:14 experiments.toy.ci.days");
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
    expect(e.message).toContain("experiments.toy.params.days");
    expect(e.message).toContain("nothing (the key is missing)");
  });

  it("names unknown keys in an experiment's params", () => {
    const e = errorOf(GOOD.replace("level: 2", "level: 2\n      colour: red"));
    expect(e.message).toContain('unknown key(s) "colour"');
    expect(e.message).toContain("experiments.toy.params.colour");
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
