import { join } from "node:path";
import { repoRoot } from "../../../../lib/core/paths";
import { loadExperimentsYaml } from "../../../../lib/experiments/config";
import { defaultRegistry, paperWorlds } from "../../../../lib/papers/registry";
import { MOO_PROFILE_PARAMS, MooEnergyParams } from "../../../../lib/papers/s000/experiments/mooEnergy";

describe("the closed loop: MADRL-MOO trains on moo-energy's chosen weights", () => {
  it("reads the same moo-energy budget as experiments.yaml gives the experiment, on every profile", () => {
    for (const profile of ["ci", "quick", "paper"]) {
      const cfg = loadExperimentsYaml(
        join(repoRoot(), "experiments.yaml"),
        defaultRegistry(),
        profile,
        paperWorlds(),
      );
      const entry = cfg.experiments.find((e) => e.experiment.id === "s000/moo-energy");
      expect(entry).toBeDefined();
      const fromYaml = { ...(entry?.params as Record<string, unknown>), workers: undefined };
      const fromCode = { ...MooEnergyParams.parse(MOO_PROFILE_PARAMS[profile]), workers: undefined };
      expect(fromYaml).toEqual(fromCode);
    }
  });
});
