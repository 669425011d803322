import { PositionNetter, windowId } from "../../../chain/netPositions";
import type { ChainSettlement, SettlementReceipt } from "../../../chain/settlement";
import type { CityEnv } from "../env/cityEnv";
import type { CityPolicy } from "../env/rulePolicy";

/**
 * The settlement stage (DESIGN.md §2; ADR 0500): the market's cleared trades of an episode, settled
 * on chain through the one settlement API (ChainSettlement.settleBatch).
 *
 * Granularity (ADR 0500 "Settlement granularity"): every market interval's trades are committed to a
 * Merkle root (each trade stays provable); positions are netted per entity over a settlement
 * window of `windowSteps` env steps (default 96 = one day) and settled in one settlement, whose
 * root is the root over the window's interval roots, cut into chunk transactions by gas budget.
 * Netting over a day turns ~0.9 M trades into ~20 k account updates, so a year is 365 settlements.
 */
export interface SettlementStageOptions {
  /** Env steps per settlement window (1 = every interval on its own; 4 = hourly; 96 = daily). */
  readonly windowSteps: number;
  /** Deposit pre-funded for every entity before the run (micro-USD). */
  readonly depositMicroUsd: bigint;
  /**
   * Overlap the chain with the simulation: a window's settlement transactions run (in the EVM's own
   * thread, in process) while the env steps and hashes the next window; settlements still land in
   * order, one at a time.
   */
  readonly pipeline: boolean;
  /** Called after each settlement. */
  readonly onSettlement?: (r: SettlementReceipt, stepsDone: number, stepsTotal: number) => void;
}

export const DEFAULT_SETTLEMENT_STAGE: SettlementStageOptions = {
  windowSteps: 96,
  depositMicroUsd: 10n ** 14n,
  pipeline: true,
};

export interface SettlementStageResult {
  readonly windowSteps: number;
  readonly steps: number;
  /** Market intervals with trades, and their trades. */
  readonly intervals: number;
  readonly trades: number;
  /** Settlements (windows) and the transactions they took. */
  readonly settlements: number;
  readonly transactions: number;
  /** Account updates on chain (sum over settlements). */
  readonly accountUpdates: number;
  readonly gasUsed: bigint;
  /** Wall time (ms): env steps, netting + Merkle hashing, chain transactions, funding, total. */
  readonly simMs: number;
  readonly hashAndNetMs: number;
  /** Time the stage waited for the chain (with pipelining, less than the chain's busy time). */
  readonly chainMs: number;
  readonly fundMs: number;
  readonly totalMs: number;
  /** Per settlement: trades, accounts, chunks, gas, latency (ms). */
  readonly perSettlement: {
    readonly trades: Int32Array;
    readonly accounts: Int32Array;
    readonly chunks: Int32Array;
    readonly gas: Float64Array;
    readonly latencyMs: Float64Array;
  };
}

/**
 * Runs `env` under `policy` from reset(seed) to the end, settling the cleared trades window by
 * window on `chain` (a freshly deployed ChainSettlement). Measured, not modelled: every number comes
 * from this run.
 */
export async function settleEpisode(
  env: CityEnv,
  policy: CityPolicy,
  seed: number,
  chain: ChainSettlement,
  options: Partial<SettlementStageOptions> = {},
): Promise<SettlementStageResult> {
  const o = { ...DEFAULT_SETTLEMENT_STAGE, ...options };
  if (!(Number.isInteger(o.windowSteps) && o.windowSteps >= 1))
    throw new Error(`settleEpisode: windowSteps must be an integer >= 1, got ${o.windowSteps}`);
  const t0 = performance.now();
  await chain.fund(
    Int32Array.from({ length: env.entityCount }, (_, i) => i),
    o.depositMicroUsd,
  );
  const fundMs = performance.now() - t0;
  const netter = new PositionNetter();
  const trades: number[] = [];
  const accounts: number[] = [];
  const chunks: number[] = [];
  const gas: number[] = [];
  const latency: number[] = [];
  let simMs = 0;
  let hashMs = 0;
  let chainMs = 0;
  let intervals = 0;
  let tradeCount = 0;
  let gasUsed = 0n;
  const total = env.length;
  let chainTail: Promise<void> = Promise.resolve();
  let inFlight = false;
  const settleInOrder = (batch: ReturnType<PositionNetter["take"]>, stepsDone: number) => {
    inFlight = true;
    chainTail = chainTail.then(async () => {
      const r = await chain.settleBatch(batch);
      trades.push(r.tradeCount);
      accounts.push(r.accounts);
      chunks.push(r.chunks);
      gas.push(Number(r.gasUsed));
      latency.push(r.latencyMs);
      gasUsed += r.gasUsed;
      o.onSettlement?.(r, stepsDone, total);
      inFlight = false;
    });
    // a failure surfaces at the next waitChain; mark it handled meanwhile (no unhandledRejection)
    chainTail.catch(() => undefined);
  };
  const waitChain = async () => {
    const t = performance.now();
    await chainTail;
    chainMs += performance.now() - t;
  };
  const flush = async (start: number, stepsDone: number) => {
    if (netter.pendingIntervals === 0) return;
    const t1 = performance.now();
    const batch = netter.take(windowId(start, o.windowSteps));
    hashMs += performance.now() - t1;
    if (o.pipeline) await waitChain(); // at most one settlement in flight
    settleInOrder(batch, stepsDone);
    if (!o.pipeline) await waitChain();
  };
  let ts = performance.now();
  let obs = env.reset(seed);
  simMs += performance.now() - ts;
  let windowStart = 0;
  for (let t = 0; ; t++) {
    ts = performance.now();
    const step = env.step(policy(obs));
    const tm = performance.now();
    simMs += tm - ts;
    const log = step.info.clearing?.trades;
    if (log && log.count > 0) {
      netter.add(log);
      intervals++;
      tradeCount += log.count;
      hashMs += performance.now() - tm;
    }
    obs = step.observations;
    const done = step.terminated || step.truncated;
    if ((t + 1) % o.windowSteps === 0 || done) {
      await flush(windowStart, t + 1);
      windowStart = t + 1;
    }
    if (done) break;
    // let the in-flight settlement send its next chunk (its continuations run between steps)
    if (inFlight) await new Promise<void>((res) => setImmediate(res));
  }
  await waitChain();
  return {
    windowSteps: o.windowSteps,
    steps: total,
    intervals,
    trades: tradeCount,
    settlements: trades.length,
    transactions: chunks.reduce((s, c) => s + c, 0),
    accountUpdates: accounts.reduce((s, c) => s + c, 0),
    gasUsed,
    simMs,
    hashAndNetMs: hashMs,
    chainMs,
    fundMs,
    totalMs: performance.now() - t0,
    perSettlement: {
      trades: Int32Array.from(trades),
      accounts: Int32Array.from(accounts),
      chunks: Int32Array.from(chunks),
      gas: Float64Array.from(gas),
      latencyMs: Float64Array.from(latency),
    },
  };
}
