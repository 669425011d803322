import { ChainSettlement, inProcess, netInterval } from "../../../../lib/chain";
import { loadEvmCalibration } from "../../../../lib/chain/poa";
import { copyTradeLog, type TradeLog } from "../../../../lib/market/tradeLog";
import { runCityStrategyEpisode } from "../../../../lib/papers/s000/agents/cityStrategies";
import { CityEnv } from "../../../../lib/papers/s000/env";
import { chainSeconds } from "../../../../lib/papers/s000/experiments/fig5e";
import { SettlementCounter } from "../../../../lib/papers/s000/experiments/marketActivity";
import { DEFAULT_CITY_CONFIG, generateScenario, withHorizon } from "../../../../lib/papers/s000/world";

describe("fig5e's settlement counts against the real chain (in-process EVM)", () => {
  test("accounts and chunk transactions equal ChainSettlement's receipts; the gas estimate is the measured order", async () => {
    const sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 152), 2026);
    const env = new CityEnv(sc);
    const logs: TradeLog[] = [];
    await runCityStrategyEpisode("BT-Only", env, 2026, {
      episode: { onTrades: (l) => logs.push(copyTradeLog(l)) },
    });
    // a small interval (one chunk) and one big enough for several chunks but cheap to execute
    const counter = new SettlementCounter(sc.entities.n);
    const accountsOf = (l: TradeLog) => netInterval(l, { keepTree: false }).entities.length;
    const byTrades = [...logs].sort((a, b) => a.count - b.count);
    const small = byTrades[0];
    const multi = byTrades.find((l) => accountsOf(l) >= 1500 && accountsOf(l) <= 4000);
    expect(multi).toBeDefined();
    const picked = [small, multi as TradeLog];
    const chain = await ChainSettlement.deploy(await inProcess());
    await chain.fund(
      Int32Array.from({ length: sc.entities.n }, (_, i) => i),
      10n ** 14n,
    );
    const cal = loadEvmCalibration();
    for (const l of picked) {
      counter.add(l);
      counter.take();
      const r = await chain.settle(l);
      const k = counter.out.accounts.length - 1;
      expect(counter.out.accounts[k]).toBe(r.accounts);
      expect(counter.out.chunks[k]).toBe(r.chunks);
      const est = chainSeconds(counter.out.accounts[k], counter.out.newAccounts[k], r.chunks, cal, {
        blockIntervalS: 5,
        blockGasLimit: 30e6,
        latencyMedianMs: 50,
      }).gas;
      const real = Number(r.gasUsed);
      expect(est / real).toBeGreaterThan(0.5);
      expect(est / real).toBeLessThan(2);
    }
    expect(counter.out.chunks[1]).toBeGreaterThan(1);
  }, 300_000);
});
