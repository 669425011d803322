import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PositionNetter } from "../../../../lib/chain/netPositions";
import { loadEvmCalibration } from "../../../../lib/chain/poa";
import { DEFAULT_SETTLEMENT_OPTIONS } from "../../../../lib/chain/settlement";
import { Cache } from "../../../../lib/core/cache";
import { buildLedger } from "../../../../lib/experiments/claims";
import { parseExperimentsYaml } from "../../../../lib/experiments/config";
import { makeContext, runExperiments } from "../../../../lib/experiments/runner";
import type { ExperimentContext } from "../../../../lib/experiments/types";
import { copyTradeLog, type TradeLog } from "../../../../lib/market/tradeLog";
import { defaultRegistry, paperWorlds } from "../../../../lib/papers/registry";
import { runCityStrategyEpisode } from "../../../../lib/papers/s000/agents/cityStrategies";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { runCityStrategyCached } from "../../../../lib/papers/s000/experiments/cityRuns";
import { chainSeconds, type Fig5eValues, fig5e } from "../../../../lib/papers/s000/experiments/fig5e";
import { SettlementCounter } from "../../../../lib/papers/s000/experiments/marketActivity";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { generateScenario } from "../../../../lib/papers/s000/world/scenario";

// experiments.yaml ci: 14 June days (fig4a's window); BT-Only only keeps the cold runs short
// (MADRL-MOO goes through the same counting code; its claims stay "not run" here).
const CI = { days: 14, startDay: 152, chainStrategies: ["BT-Only"] };

describe("fig5e on the ci profile", () => {
  let root: string;
  let ctx: ExperimentContext;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fig5e-"));
    ctx = makeContext("t", "ci", 2026, new Cache(join(root, "cache")), null);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs through the runner and writes results, figure and the claims ledger", async () => {
    const yaml = `version: 1
defaults: { profile: ci, seed: 2026 }
profiles: { ci: { days: 14 }, quick: { days: 365 }, paper: { days: 365 } }
experiments:
  s000/fig5e: { params: { startDay: 0, chainStrategies: [BT-Only] }, ci: { startDay: 152 } }
`;
    const cfg = parseExperimentsYaml(yaml, "experiments.yaml", defaultRegistry(), undefined, paperWorlds());
    const s = await runExperiments(cfg, {
      resultsDir: join(root, "res"),
      cache: new Cache(join(root, "cache")),
      png: false,
      log: null,
    });
    expect(s.results.map((r) => [r.id, r.status])).toEqual([["s000/fig5e", "ok"]]);
    expect(existsSync(join(root, "res", "ci", "s000", "fig5e", "figure.html"))).toBe(true);
    // the paper's ledger holds the rows; the profile's claims.md is the index that links to it
    expect(readFileSync(join(root, "res", "ci", "s000", "claims.md"), "utf8")).toContain(
      "| annual transactions (fig5e) | centralised clearing |",
    );
    expect(readFileSync(join(root, "res", "ci", "claims.md"), "utf8")).toContain(
      "[s000/claims.md](s000/claims.md)",
    );
  });

  it("counts: BT-Only's trades equal the cached run's; the pool balances money and settles each participant once per period", async () => {
    const p = fig5e.params.parse(CI) as never;
    const out = await fig5e.run(ctx, p);
    const v = out.values as unknown as Fig5eValues;
    const cached = await runCityStrategyCached(ctx, "BT-Only", { days: 14, startDay: 152 });
    expect(v.chain["BT-Only"].trades).toBe(Math.round((cached.trades * 365) / 14));
    expect(v.chain["BT-Only"].marketIntervals).toBe(cached.marketSteps);
    const bt = v.markets.find((r) => r.market === "BT-Only")!;
    expect(out.claims?.["s000.fig5e.transactions.BT-Only"]).toBe(bt.transactionsM);
    expect(bt.transactionsM).toBeCloseTo((cached.trades * 365) / 14 / 1e6, 3);
    // the pool: at most one line per participant per period; money balances to rounding
    expect(v.pool.periods).toBe((14 * 96) / 2);
    expect(v.pool.meanLinesPerPeriod).toBeLessThanOrEqual(v.pool.participants);
    expect(v.pool.maxImbalanceUsd).toBeLessThan(1e-6);
    expect(v.pool.participants).toBeGreaterThan(0);
    // daily netting: fewer settlement records than settling every interval
    const [w1, w96] = v.chain["BT-Only"].timings;
    expect(w96.recordsPerYear).toBeLessThan(w1.recordsPerYear);
    expect(w96.meanMin).toBeGreaterThan(w1.meanMin);
    // the proposed method did not run here: its claims are null ("not run")
    const ledger = buildLedger(["s000/fig5e"], out.claims ?? {});
    expect(ledger.find((r) => r.id === "s000.fig5e.transactions.MADRL-MOO")!.verdict).toBe("not run");
    expect(ledger.find((r) => r.id === "s000.fig5e.settlement.centralised")!.ours).toBe(
      v.markets[0].settlementMin,
    );
    const fig = fig5e.figure(out, ledger, p);
    expect(fig.data).toHaveLength(5);
  });

  it("input changes move the outputs the expected way: longer settlement periods, fewer centralised transactions and later settlement", async () => {
    const base = (await fig5e.run(ctx, fig5e.params.parse(CI) as never)).values as unknown as Fig5eValues;
    const longer = (await fig5e.run(ctx, fig5e.params.parse({ ...CI, poolPeriodSteps: 4 }) as never))
      .values as unknown as Fig5eValues;
    expect(longer.markets[0].transactionsM).toBeLessThan(base.markets[0].transactionsM);
    expect(longer.markets[0].settlementMin).toBeGreaterThan(base.markets[0].settlementMin);
    // a longer block interval slows the chain settlement
    const slow = (await fig5e.run(ctx, fig5e.params.parse({ ...CI, blockIntervalS: 15 }) as never))
      .values as unknown as Fig5eValues;
    expect(slow.markets[1].settlementMin).toBeGreaterThan(base.markets[1].settlementMin);
    expect(slow.markets[1].transactionsM).toBe(base.markets[1].transactionsM);
  });

  it("SettlementCounter's accounts equal PositionNetter's settled entities (independent netting with hashing)", async () => {
    const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 152), 2026);
    const env = new CityEnv(sc);
    const logs: TradeLog[] = [];
    await runCityStrategyEpisode("BT-Only", env, 2026, {
      episode: {
        onTrades: (l) => {
          if (logs.length < 12) logs.push(copyTradeLog(l));
        },
      },
    });
    expect(logs.length).toBe(12);
    const counter = new SettlementCounter(sc.entities.n);
    const netter = new PositionNetter();
    const expected: number[] = [];
    // per interval for the first 8, then one window of 4 intervals
    logs.forEach((l, k) => {
      counter.add(l);
      netter.add(l);
      if (k < 7 || k === 11) {
        counter.take();
        expected.push(netter.take(BigInt(k)).entities.length);
      }
    });
    expect(counter.out.accounts).toEqual(expected);
    expect(counter.out.trades.reduce((a, b) => a + b, 0)).toBe(logs.reduce((a, l) => a + l.count, 0));
    // chunks: at least the gas budget's lower bound, every chunk fits the budget
    const o = DEFAULT_SETTLEMENT_OPTIONS;
    counter.out.accounts.forEach((n, k) => {
      const chunks = counter.out.chunks[k];
      const perChunkMax = Math.floor((o.maxGasPerTx - o.gasPerChunk) / o.gasPerKnownAccount);
      expect(chunks).toBeGreaterThanOrEqual(Math.ceil(n / perChunkMax));
      expect(chunks).toBeLessThanOrEqual(
        Math.ceil(n / Math.floor((o.maxGasPerTx - o.gasPerChunk) / o.gasPerNewAccount)),
      );
    });
  });

  it("chainSeconds: hand-worked block packing", () => {
    const cal = {
      ...loadEvmCalibration(),
      settlementGasPerAccount: 7500,
      settlementGasPerNewAccount: 7500,
      settlementGasFixed: 0,
      evmGasPerS: 25e6,
    };
    const p = { blockIntervalS: 5, blockGasLimit: 30e6, latencyMedianMs: 50 };
    // 4,000 accounts in 4 chunks: 30 M gas, 7.5 M per chunk; a 15.24 M gas limit lets 3 chunks
    // into a block (room 30 -> 22.5 -> 15 (>= 15.24? no) ...): 30 - 7.5 = 22.5 >= 15.24, 15 < 15.24
    const r = chainSeconds(4000, 0, 4, cal, p);
    expect(r.gas).toBe(30e6);
    expect(r.blocks).toBe(2);
    // 2.5 s to the slot, one 5 s slot, the last block's 15 M gas at 25 Mgas/s, 0.1 s to finality
    expect(r.seconds).toBeCloseTo(2.5 + 5 + 15e6 / 25e6 + 0.1, 9);
    expect(r.sequentialSeconds).toBeCloseTo(2.5 + 3 * 5 + 7.5e6 / 25e6 + 0.1, 9);
    expect(chainSeconds(0, 0, 0, cal, p).seconds).toBe(0);
  });
});
