import { MICRO, tradeValueMicro } from "../../../chain/netPositions";
import { chunkCuts, DEFAULT_SETTLEMENT_OPTIONS, type SettlementOptions } from "../../../chain/settlement";
import { seriesCodec } from "../../../core/cache";
import { moduleFingerprint } from "../../../core/fingerprint";
import type { ExperimentContext } from "../../../experiments/types";
import { PoolClearing } from "../../../market/poolClearing";
import type { TradeLog } from "../../../market/tradeLog";
import { createRbemsCityPolicy, DEFAULT_CITY_RBEMS } from "../agents/cityPolicies";
import { runCityStrategyEpisode } from "../agents/cityStrategies";
import { CityEnv } from "../env/cityEnv";
import { runEpisode } from "../env/runEpisode";
import { withHorizon } from "../world/cityConfig";
import { generateScenario } from "../world/scenario";
import { paretoRewardWeights, trainingProfileOf } from "./cityRuns";
import { cityOf } from "./cityWorld";

/**
 * The market activity of Fig. 5(e), counted from re-runs of the same city episodes as the cached
 * strategy runs (cityRuns.ts; the cached runs keep only totals, not per-entity positions):
 *  - the centralised pool (lib/market/poolClearing.ts) fed with every participant's metered net
 *    position of the RBEMS dispatch (conventional operation, no P2P market);
 *  - the blockchain markets' on-chain settlement records: positions netted per entity over a
 *    settlement window exactly as lib/chain's PositionNetter nets them (micro-units, rounding per
 *    trade), and the chunk transactions ChainSettlement would cut them into.
 * Deterministic counts only (no wall times): the settlement-time model in fig5e.ts turns them into
 * minutes with the measured EVM costs of data/calibration/evm.json.
 */

/** Bumped when the counting below changes (the cache key also holds every layer the runs touch). */
const ACTIVITY_VERSION = "market-activity-1";

function activityVersion(): string {
  return `${moduleFingerprint(__filename)}|${ACTIVITY_VERSION}`;
}

/** Per settlement (a window of env steps), what ChainSettlement would settle. */
export interface WindowSeries {
  readonly windowSteps: number;
  /** One entry per settlement (window with trades). */
  readonly trades: Float64Array;
  /** Accounts with a non-zero position (settlement records), and those credited for the first time. */
  readonly accounts: Float64Array;
  readonly newAccounts: Float64Array;
  /** Chunk transactions by ChainSettlement's gas-budget cut. */
  readonly chunks: Float64Array;
}

export interface ChainActivity {
  readonly strategy: "BT-Only" | "MADRL-MOO";
  readonly steps: number;
  readonly marketIntervals: number;
  readonly trades: number;
  readonly windows: readonly WindowSeries[];
}

export interface PoolActivity {
  readonly dispatch: "RBEMS";
  readonly steps: number;
  readonly periodSteps: number;
  readonly periods: number;
  /** Settlement lines (non-zero net positions) over the run, and per period. */
  readonly transactions: number;
  readonly perPeriod: Float64Array;
  /** Participants with a metered position in at least one period. */
  readonly participants: number;
  readonly soldMwh: number;
  readonly boughtMwh: number;
  /** Max |participants' net payment - operator's grid payment| over periods (USD): the money balance. */
  readonly maxImbalanceUsd: number;
}

/**
 * Nets trades per entity over a window in integer micro-units, as PositionNetter does (without the
 * Merkle hashing, which does not change the counts), and cuts the settlement into chunks as
 * ChainSettlement.settleBatch does (debits first, then credits, ascending entity ids within each;
 * an account credited for the first time in the run is estimated at gasPerNewAccount).
 */
export class SettlementCounter {
  private readonly energy: Float64Array;
  private readonly pay: Float64Array;
  private readonly touched: Uint8Array;
  private readonly credited: Uint8Array;
  private readonly ids: Int32Array;
  private nIds = 0;
  private trades = 0;
  readonly out = {
    trades: [] as number[],
    accounts: [] as number[],
    newAccounts: [] as number[],
    chunks: [] as number[],
  };

  constructor(
    readonly entityCount: number,
    readonly options: SettlementOptions = DEFAULT_SETTLEMENT_OPTIONS,
  ) {
    this.energy = new Float64Array(entityCount);
    this.pay = new Float64Array(entityCount);
    this.touched = new Uint8Array(entityCount);
    this.credited = new Uint8Array(entityCount);
    this.ids = new Int32Array(entityCount);
  }

  get pendingTrades(): number {
    return this.trades;
  }

  add(log: TradeLog): void {
    const { energy, pay, touched, ids } = this;
    for (let i = 0; i < log.count; i++) {
      const e = Math.round(log.energyMwh[i] * MICRO);
      const p = Math.round(log.priceUsdPerMwh[i] * MICRO);
      const f = Math.round(log.feeUsd[i] * MICRO);
      const value = tradeValueMicro(e, p);
      const s = log.seller[i];
      const b = log.buyer[i];
      if (!touched[s]) {
        touched[s] = 1;
        ids[this.nIds++] = s;
      }
      if (!touched[b]) {
        touched[b] = 1;
        ids[this.nIds++] = b;
      }
      energy[s] += e;
      energy[b] -= e;
      pay[s] += value;
      pay[b] -= value + f;
    }
    this.trades += log.count;
  }

  /** Closes the window (no-op without trades). */
  take(): void {
    if (this.trades === 0) return;
    const { energy, pay, touched, credited, options: o } = this;
    const ids = this.ids.subarray(0, this.nIds).sort();
    let fresh = 0;
    // debits first, then the rest (ChainSettlement's order), ascending ids within each
    const gas: number[] = [];
    for (const id of ids) if (pay[id] < 0) gas.push(o.gasPerKnownAccount);
    for (const id of ids) {
      if ((energy[id] === 0 && pay[id] === 0) || pay[id] < 0) continue;
      const isNew = pay[id] > 0 && !credited[id];
      if (isNew) fresh++;
      gas.push(isNew ? o.gasPerNewAccount : o.gasPerKnownAccount);
    }
    const accounts = gas.length;
    const chunks = chunkCuts(gas, o).length - 1;
    for (const id of ids) {
      if (pay[id] > 0) credited[id] = 1;
      energy[id] = 0;
      pay[id] = 0;
      touched[id] = 0;
    }
    this.out.trades.push(this.trades);
    this.out.accounts.push(accounts);
    this.out.newAccounts.push(fresh);
    this.out.chunks.push(accounts > 0 ? chunks : 0);
    this.nIds = 0;
    this.trades = 0;
  }
}

/**
 * Re-runs `strategy`'s episode (the same seed, horizon and, for MADRL-MOO, the same cached training
 * as cityRuns.ts) and counts its settlements for each window size (cached).
 */
export async function chainActivity(
  ctx: ExperimentContext,
  strategy: "BT-Only" | "MADRL-MOO",
  opts: { days: number; startDay: number; windowSteps: readonly number[] },
): Promise<ChainActivity> {
  const training = strategy === "MADRL-MOO" ? trainingProfileOf(ctx.profile) : null;
  const rewardWeights = training ? await paretoRewardWeights(ctx, training) : undefined;
  const parts = {
    component: "experiment.fig5e.chainActivity",
    version: activityVersion(),
    params: { strategy, ...opts, training, rewardWeights, city: withHorizon(cityOf(ctx), 1, 0) },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, seriesCodec, async () => {
    const sc = generateScenario(withHorizon(cityOf(ctx), opts.days, opts.startDay), ctx.seed);
    const env = new CityEnv(sc);
    const counters = opts.windowSteps.map(() => new SettlementCounter(sc.entities.n));
    const progress = ctx.progress(`count settlements ${strategy}`, sc.time.length, "steps");
    const run = await runCityStrategyEpisode(strategy, env, ctx.seed, {
      cache: ctx.cache,
      trainingProfile: training ?? undefined,
      rewardWeights,
      rewardScaling: "raw",
      episode: {
        onTrades: (log) => {
          for (const c of counters) c.add(log);
        },
        onStep: (s) => {
          const t = s.info.t;
          const done = s.truncated || s.terminated;
          opts.windowSteps.forEach((w, k) => {
            if ((t + 1) % w === 0 || done) counters[k].take();
          });
          if (t % 96 === 0) progress.set(t);
        },
      },
    });
    progress.finish();
    const series: Record<string, Float64Array> = {};
    opts.windowSteps.forEach((w, k) => {
      const o = counters[k].out;
      series[`w${w}.trades`] = Float64Array.from(o.trades);
      series[`w${w}.accounts`] = Float64Array.from(o.accounts);
      series[`w${w}.newAccounts`] = Float64Array.from(o.newAccounts);
      series[`w${w}.chunks`] = Float64Array.from(o.chunks);
    });
    return {
      json: { steps: run.result.steps, marketIntervals: run.result.marketSteps, trades: run.result.trades },
      series,
    };
  });
  const j = value.json as { steps: number; marketIntervals: number; trades: number };
  return {
    strategy,
    ...j,
    windows: opts.windowSteps.map((w) => ({
      windowSteps: w,
      trades: value.series[`w${w}.trades`],
      accounts: value.series[`w${w}.accounts`],
      newAccounts: value.series[`w${w}.newAccounts`],
      chunks: value.series[`w${w}.chunks`],
    })),
  };
}

/**
 * Re-runs the RBEMS episode and settles every participant's metered net of each interval in which
 * the local market is open (some PV exists: the P2P market's own opening rule) through the pool
 * (cached). The metered net is the env's per-entity observation (PV - load of the step, EV stations
 * at their as-soon-as-possible charging, before the step's demand-response deferral).
 */
export async function poolActivity(
  ctx: ExperimentContext,
  opts: { days: number; startDay: number; periodSteps: number; meterResolutionMwh: number },
): Promise<PoolActivity> {
  const parts = {
    component: "experiment.fig5e.poolActivity",
    version: activityVersion(),
    params: { dispatch: "RBEMS", ...opts, city: withHorizon(cityOf(ctx), 1, 0) },
    seed: ctx.seed,
  };
  const { value } = await ctx.cache.getOrCompute(parts, seriesCodec, async () => {
    const sc = generateScenario(withHorizon(cityOf(ctx), opts.days, opts.startDay), ctx.seed);
    const env = new CityEnv(sc);
    env.reset(ctx.seed);
    const n = env.entityCount;
    const pool = new PoolClearing(n, {
      periodSteps: opts.periodSteps,
      meterResolutionMwh: opts.meterResolutionMwh,
    });
    const seen = new Uint8Array(n);
    const perPeriod: number[] = [];
    let sold = 0;
    let bought = 0;
    let maxImb = 0;
    const record = (p: ReturnType<PoolClearing["flush"]>) => {
      if (!p) return;
      perPeriod.push(p.transactions);
      sold += p.soldMwh;
      bought += p.boughtMwh;
      maxImb = Math.max(maxImb, Math.abs(p.participantsNetPayUsd - p.operatorGridPayUsd));
    };
    const rbems = createRbemsCityPolicy(env, DEFAULT_CITY_RBEMS);
    const prices = env.scenario.prices;
    const progress = ctx.progress("pool clearing (RBEMS dispatch)", env.length, "steps");
    runEpisode(
      env,
      (obs) => {
        const t = env.stepIndex;
        const tr = obs.trading;
        const net = tr.marketOpen ? tr.netMwh : null;
        if (net) for (let i = 0; i < n; i++) if (net[i] !== 0) seen[i] = 1;
        record(pool.addInterval(net, prices.importUsdPerMwh[t], prices.exportUsdPerMwh[t]));
        if (t % 96 === 0) progress.set(t);
        return rbems(obs);
      },
      ctx.seed,
    );
    record(pool.flush());
    progress.finish();
    let participants = 0;
    for (let i = 0; i < n; i++) participants += seen[i];
    return {
      json: {
        steps: env.length,
        periods: pool.periods,
        transactions: pool.transactions,
        participants,
        soldMwh: sold,
        boughtMwh: bought,
        maxImbalanceUsd: maxImb,
      },
      series: { perPeriod: Float64Array.from(perPeriod) },
    };
  });
  const j = value.json as Omit<PoolActivity, "dispatch" | "perPeriod" | "periodSteps">;
  return { dispatch: "RBEMS", periodSteps: opts.periodSteps, ...j, perPeriod: value.series.perPeriod };
}
