import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defaultRegistry } from "../../../lib/papers/registry";
import { readResults, valuesDigest } from "../../../scripts/compareResults";

/**
 * The values of every seed-000 experiment on the ci profile, pinned by digest
 * (__tests__/fixtures/s000-ci-values.json, written by `npx tsx scripts/compareResults.ts --digest
 * results/ci`). A change of any value fails here until the fixture is regenerated on purpose and the
 * change listed (commit message, issue note). Fields that are measurements of the machine by design
 * (Fig. 7(e)'s CPU and memory of our own run) are left out (scripts/compareResults.ts MEASURED).
 * Runs the main job's own command (the compiled CLI, `npm test` builds first) through the default
 * cache: warm after `npm run experiments -- --profile ci` (CI runs that first), a few minutes cold.
 */
const FIXTURE = resolve(__dirname, "../../fixtures/s000-ci-values.json");

describe("seed 000's ci-profile values", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "s000-digest-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("equal the committed digests, experiment by experiment", async () => {
    const expected = JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, string>;
    const repo = resolve(__dirname, "../../..");
    const run = spawnSync(
      process.execPath,
      [
        join(repo, "dist/cli/experiments.js"),
        "--profile",
        "ci",
        "--only",
        "s000",
        "--no-png",
        "--workers",
        "2",
      ],
      { cwd: repo, env: { ...process.env, REPRO_RESULTS_DIR: join(root, "results") }, encoding: "utf8" },
    );
    expect({
      status: run.status,
      tail: run.status === 0 ? "" : `${run.stdout}\n${run.stderr}`.slice(-3000),
    }).toEqual({
      status: 0,
      tail: "",
    });
    const dir = join(root, "results", "ci");
    expect(existsSync(dir)).toBe(true);
    const got = readResults(dir);
    const digests = Object.fromEntries(
      [...got.keys()].sort().map((id) => [id, valuesDigest(id, got.get(id)!.values)]),
    );
    // every registered seed-000 experiment ran, and the fixture covers each of them
    const registered = [...defaultRegistry().keys()].filter((id) => id.startsWith("s000/")).sort();
    expect(Object.keys(digests)).toEqual(registered);
    expect(digests).toEqual(expected);
  }, 1_800_000);
});
