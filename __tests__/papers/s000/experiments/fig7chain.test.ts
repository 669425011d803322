import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../../../lib/core/cache";
import { buildLedger, loadPaperClaims } from "../../../../lib/experiments/claims";
import { makeContext } from "../../../../lib/experiments/runner";
import { fig7a } from "../../../../lib/papers/s000/experiments/fig7a";
import { fig7c } from "../../../../lib/papers/s000/experiments/fig7c";
import { Fig7ChainParams, fig7Sweep } from "../../../../lib/papers/s000/experiments/fig7chain";
import { fig7d } from "../../../../lib/papers/s000/experiments/fig7d";

const cal = {
  simpleTxGas: 21_000,
  simpleTxExecMs: 1,
  settlementGasPerAccount: 8000,
  settlementExecMsPerAccount: 0.3,
  settlementGasPerTrade: 800,
  evmGasPerS: 30e6,
};
const ci = Fig7ChainParams.parse({ prosumers: [2000, 10_000, 50_000], durationS: 600, seeds: 1 });

describe("Fig. 7 chain panels (PoA model from measured EVM costs)", () => {
  test("throughput follows the offered load (linear in prosumers) below saturation; capacity is independent of N", () => {
    const v = fig7Sweep(ci, 1, cal);
    const [a, , c] = v.modelled.rows;
    // offered = N x (1 order + 0.375 trades) / 900 s
    expect(a.offeredTps).toBeCloseTo((2000 * 1.375) / 900, 2);
    expect(c.throughputTps / a.throughputTps).toBeGreaterThan(20);
    expect(c.throughputTps / a.throughputTps).toBeLessThan(30);
    // 30 M gas / 21 k gas = 1428 tx per 5 s block = 285.6 tx/s
    expect(v.modelled.saturationTps).toBeLessThanOrEqual(285.6);
    expect(v.modelled.saturationTps).toBeGreaterThan(250);
    expect(v.modelled.batchSettlementTradesPerS).toBeCloseTo(30e6 / 800 / 5, 6);
    expect(v.measured.validateMsPerTx).toBeCloseTo((1000 * 21_000) / 30e6, 6);
  });

  test("a bigger block gas limit raises saturation; consensus time grows with transactions per block", () => {
    const small = fig7Sweep(ci, 2, cal);
    const big = fig7Sweep({ ...ci, blockGasLimit: 60_000_000 }, 2, cal);
    expect(big.modelled.saturationTps).toBeGreaterThan(1.8 * small.modelled.saturationTps);
    const rows = small.modelled.rows;
    expect(rows[2].meanTxPerBlock).toBeGreaterThan(rows[0].meanTxPerBlock);
    expect(rows[2].consensusMeanMs).toBeGreaterThan(rows[0].consensusMeanMs);
    // latency below one block interval plus consensus at light load
    for (const r of rows) expect(r.latencyP95S).toBeLessThan(ci.blockIntervalS + 1);
  });

  test("experiments answer their claims, label measured vs modelled, and draw the paper's points", async () => {
    const root = mkdtempSync(join(tmpdir(), "fig7-"));
    try {
      const ctx = makeContext("fig7a", "ci", 3, new Cache(root), null);
      for (const [exp, panel] of [
        [fig7a, "fig7a"],
        [fig7c, "fig7c"],
        [fig7d, "fig7d"],
      ] as const) {
        const out = await exp.run(ctx, ci);
        const ledger = buildLedger([`s000/${panel}`], out.claims ?? {});
        const ids = loadPaperClaims()
          .filter((c) => c.panel === panel)
          .map((c) => c.id);
        expect(ids.length).toBeGreaterThan(1);
        for (const id of ids) expect(typeof out.claims?.[id]).toBe("number");
        expect(ledger.every((r) => r.verdict !== "not run")).toBe(true);
        const fig = exp.figure(out, ledger, ci);
        const paper = fig.data.find((d) => String(d.name).startsWith("paper"));
        expect(paper).toBeDefined();
        expect((paper as { x: number[] }).x).toHaveLength(2);
        const notes = exp.notes?.(out, ledger, ci) ?? "";
        expect(notes).toMatch(/MEASURED/);
        expect(notes).toMatch(/MODELLED/);
        expect(Object.keys(out.values)).toEqual(expect.arrayContaining(["measured", "modelled"]));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
