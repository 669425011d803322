import { ChainSettlement, inProcess, windowId } from "../../../../lib/chain";
import { CityEnv, rulePolicyFor, runEpisode } from "../../../../lib/papers/s000/env";
import { settleEpisode } from "../../../../lib/papers/s000/experiments/settlementStage";
import { DEFAULT_CITY_CONFIG, generateScenario, withHorizon } from "../../../../lib/papers/s000/world";

describe("settlement stage: a city day's cleared trades settle on the in-process chain", () => {
  test("every trade committed; fees credited exactly; windows idempotent", async () => {
    const cfg = withHorizon(DEFAULT_CITY_CONFIG, 1, 10);
    const seed = 11;
    // independent pass: the same episode through runEpisode, counting trades and fees in BigInt
    const ref = new CityEnv(generateScenario(cfg, seed));
    let trades = 0;
    let fee = 0n;
    runEpisode(ref, rulePolicyFor(ref), seed, {
      onTrades: (l) => {
        trades += l.count;
        for (let i = 0; i < l.count; i++) fee += BigInt(Math.round(l.feeUsd[i] * 1e6));
      },
    });
    expect(trades).toBeGreaterThan(1000);

    const env = new CityEnv(generateScenario(cfg, seed));
    const chain = await ChainSettlement.deploy(await inProcess());
    const r = await settleEpisode(env, rulePolicyFor(env), seed, chain, { windowSteps: 48 });
    expect(r.trades).toBe(trades);
    expect(r.settlements).toBe(2);
    expect(r.transactions).toBeGreaterThanOrEqual(2);
    expect(r.gasUsed).toBeGreaterThan(0n);
    const c = chain.contract;
    for (const start of [0, 48]) expect(await c.getFunction("isSettled")(windowId(start, 48))).toBe(true);
    const admin = await (await chain.adapter.signer(0)).getAddress(); // fee collector
    expect(await c.getFunction("withdrawable")(admin)).toBe(fee);
  }, 300_000);
});
