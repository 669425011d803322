import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { stableStringify } from "../../../../lib/core/hash";
import { makeContext } from "../../../../lib/experiments/runner";
import { fig9b, fig9c } from "../../../../lib/papers/s000/experiments/fig9";
import { computePoints, mcPoints } from "../../../../lib/papers/s000/experiments/fig9Pool";
import { point, type WindowsParams } from "../../../../lib/papers/s000/experiments/fig9shared";

jest.setTimeout(600_000);

/** One June day, the ci MADDPG budget, two Monte Carlo draws (as fig9.test.ts). */
const W: WindowsParams = { windowStartDays: [152], windowDays: 1, training: "ci", realisations: 2 };

describe("Fig. 9 sweep points on worker threads", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fig9pool-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("fig9b on 2 workers gives the same bytes as in process, and its loop then computes no point itself", async () => {
    const params = fig9b.params.parse({ ...W, accuracies: [0.6, 1] }) as never;
    const serial = await fig9b.run(
      makeContext("fig9b", "ci", 7, new Cache(join(root, "a")), null, 1),
      params,
    );

    const cacheB = new Cache(join(root, "b"));
    const computedHere: string[] = [];
    cacheB.onEvent((e) => {
      if (e.kind === "miss" && e.component === "experiment.fig9.point") computedHere.push(e.key);
    });
    const parallel = await fig9b.run(makeContext("fig9b", "ci", 7, cacheB, null, 2), params);
    expect(stableStringify(parallel.values)).toBe(stableStringify(serial.values));
    expect(parallel.claims).toEqual(serial.claims);
    // Every point the experiment read was computed by the workers (the main thread only had cache hits):
    // the list given to computePoints is complete.
    expect(computedHere).toEqual([]);
    expect(cacheB.stats.hits).toBeGreaterThan(0);
  });

  it("lists every Monte Carlo draw with its reference, and only one for perfect foresight", () => {
    const imperfect = mcPoints(W, point("MPC", { accuracy: 0.8 }));
    expect(imperfect.map((p) => [p.strategy, p.realisation])).toEqual([
      ["MPC", 0],
      ["RBEMS", 0],
      ["MPC", 1],
      ["RBEMS", 0],
    ]);
    expect(mcPoints(W, point("MPC", { accuracy: 1 }))).toHaveLength(2);
  });

  it("a point failing in a worker names the point and the error; the next sweep on that cache runs", async () => {
    const cache = new Cache(join(root, "c"));
    const ctx = makeContext("fig9c", "ci", 7, cache, null, 2);
    const bad: WindowsParams = { ...W, windowStartDays: [152, 999] };
    await expect(computePoints(ctx, bad, [point("RBEMS"), point("MPC", { accuracy: 1 })])).rejects.toThrow(
      /point \{"strategy":"(RBEMS|MPC)".*failed: .*(999|startDay|day)/,
    );
    // a good sweep on the same cache still runs, through fig9c's own list
    const params = fig9c.params.parse({ ...W, batteryScales: [0.8, 1.2], strategies: ["RBEMS"] }) as never;
    const out = await fig9c.run(ctx, params);
    expect((out.values.rows as unknown[]).length).toBeGreaterThan(0);
  });
});
