import { ConfigError, DataError } from "../core/errors";

/**
 * Centralised clearing (docs/adr/0703-centralised-clearing.md): a pool / single-buyer market in which
 * every participant trades only with the market operator. The operator buys every metered surplus and
 * sells every metered need of a settlement period at ONE uniform price for that period, and settles
 * each participant's net position for the period in a batch after the period closes.
 *
 *  - Settlement period: `periodSteps` market intervals (2 x 15 min = 30 min, Great Britain's
 *    Settlement Period under the Balancing and Settlement Code).
 *  - Position: a participant's metered net energy over the period (+ = sold to the pool, - = bought),
 *    i.e. the sum of its per-interval nets; positions below the meter's resolution are zero.
 *  - Transaction: one participant's non-zero net position in one settlement period (one settlement
 *    line between the participant and the operator). A participant settles at most once per period.
 *  - Price: marginal pricing. When the pool as a whole imports in the period the marginal unit is
 *    grid energy, so the price is the period's mean import (retail) price; when it exports, the mean
 *    export (feed-in) price. The operator trades the pool's net position with the grid at that same
 *    price, so money balances exactly: what participants pay net = what the operator pays the grid.
 *
 * Pure bookkeeping over columns; knows nothing of the env (the caller feeds per-entity nets).
 */
export interface PoolClearingConfig {
  /** Market intervals per settlement period (integer >= 1). */
  readonly periodSteps: number;
  /** Smallest non-zero metered position (MWh): 1e-6 MWh = 1 Wh, a meter register's resolution. */
  readonly meterResolutionMwh: number;
  /** Keep each closed period's per-participant positions and payments (tests, small cities). */
  readonly recordPositions: boolean;
}

export const DEFAULT_POOL_CLEARING: PoolClearingConfig = {
  periodSteps: 2,
  meterResolutionMwh: 1e-6,
  recordPositions: false,
};

/** One settled period. */
export interface PoolPeriod {
  /** Period index (0, 1, ...) and its first interval. */
  readonly period: number;
  readonly firstInterval: number;
  /** Intervals fed (the last period of a run may be short). */
  readonly intervals: number;
  /** Settlement lines: participants with a non-zero net position. */
  readonly transactions: number;
  readonly sellers: number;
  readonly buyers: number;
  /** Energy sold to / bought from the pool (MWh, >= 0). */
  readonly soldMwh: number;
  readonly boughtMwh: number;
  /** Uniform price of the period (USD/MWh) and which side set it. */
  readonly priceUsdPerMwh: number;
  readonly marginal: "import" | "export";
  /** Participants' payments to the operator (USD) minus the operator's payments to participants. */
  readonly participantsNetPayUsd: number;
  /** What the operator pays the grid for the pool's net import (negative: receives for export). */
  readonly operatorGridPayUsd: number;
  /** With recordPositions: the settled participants, their positions (MWh, + sold) and receipts (USD, + received). */
  readonly entities?: Int32Array;
  readonly positionMwh?: Float64Array;
  readonly receiptUsd?: Float64Array;
}

/** Accumulates per-participant nets interval by interval and settles each period at its close. */
export class PoolClearing {
  readonly config: PoolClearingConfig;
  private readonly pos: Float64Array;
  private readonly touched: Uint8Array;
  private touchedIds: number[] = [];
  private inPeriod = 0;
  private firstInterval = 0;
  private interval = 0;
  private period = 0;
  private importSum = 0;
  private exportSum = 0;
  /** Run totals. */
  transactions = 0;
  periods = 0;

  constructor(
    readonly entityCount: number,
    config: Partial<PoolClearingConfig> = {},
  ) {
    this.config = { ...DEFAULT_POOL_CLEARING, ...config };
    const c = this.config;
    if (!(Number.isInteger(c.periodSteps) && c.periodSteps >= 1))
      throw new ConfigError(
        `must be an integer >= 1, got ${c.periodSteps}`,
        "PoolClearingConfig.periodSteps",
        "use 2 for 30-min settlement periods on 15-min market intervals",
      );
    if (!(c.meterResolutionMwh > 0))
      throw new ConfigError(
        `must be > 0, got ${c.meterResolutionMwh}`,
        "PoolClearingConfig.meterResolutionMwh",
        "use 1e-6 (1 Wh)",
      );
    if (!(Number.isInteger(entityCount) && entityCount >= 0))
      throw new ConfigError(`must be an integer >= 0, got ${entityCount}`, "PoolClearing.entityCount");
    this.pos = new Float64Array(entityCount);
    this.touched = new Uint8Array(entityCount);
  }

  /**
   * Feeds one market interval: `netMwh[i]` is participant i's metered net (+ surplus, - need); `null`
   * for an interval with no positions (e.g. the local market closed). Prices are the interval's grid
   * import and export prices. Returns the period it closed, if any.
   */
  addInterval(
    netMwh: ArrayLike<number> | null,
    importUsdPerMwh: number,
    exportUsdPerMwh: number,
  ): PoolPeriod | null {
    if (this.inPeriod === 0) this.firstInterval = this.interval;
    if (netMwh) {
      const n = this.entityCount;
      if (netMwh.length < n)
        throw new DataError(`netMwh has ${netMwh.length} entries, the pool has ${n} participants`);
      const pos = this.pos;
      const touched = this.touched;
      for (let i = 0; i < n; i++) {
        const v = netMwh[i];
        if (v !== 0) {
          pos[i] += v;
          if (touched[i] === 0) {
            touched[i] = 1;
            this.touchedIds.push(i);
          }
        }
      }
    }
    this.importSum += importUsdPerMwh;
    this.exportSum += exportUsdPerMwh;
    this.interval++;
    this.inPeriod++;
    return this.inPeriod === this.config.periodSteps ? this.close() : null;
  }

  /** Settles a partly filled last period (null if none is open). */
  flush(): PoolPeriod | null {
    return this.inPeriod > 0 ? this.close() : null;
  }

  private close(): PoolPeriod {
    const res = this.config.meterResolutionMwh;
    const pos = this.pos;
    const ids = this.touchedIds;
    let sold = 0;
    let bought = 0;
    let sellers = 0;
    let buyers = 0;
    // metered positions: rounded to the register's resolution
    for (const i of ids) {
      const q = Math.round(pos[i] / res) * res;
      pos[i] = q;
      if (q > 0) {
        sold += q;
        sellers++;
      } else if (q < 0) {
        bought -= q;
        buyers++;
      }
    }
    const k = this.inPeriod;
    const netImport = bought - sold;
    const marginal: "import" | "export" = netImport >= 0 ? "import" : "export";
    const price = (marginal === "import" ? this.importSum : this.exportSum) / k;
    const record = this.config.recordPositions;
    const m = sellers + buyers;
    const entities = record ? new Int32Array(m) : undefined;
    const positionMwh = record ? new Float64Array(m) : undefined;
    const receiptUsd = record ? new Float64Array(m) : undefined;
    let netPay = 0;
    let j = 0;
    if (record) ids.sort((a, b) => a - b);
    for (const i of ids) {
      const q = pos[i];
      if (q !== 0) {
        const r = q * price;
        netPay -= r;
        if (entities && positionMwh && receiptUsd) {
          entities[j] = i;
          positionMwh[j] = q;
          receiptUsd[j] = r;
          j++;
        }
      }
      pos[i] = 0;
      this.touched[i] = 0;
    }
    const out: PoolPeriod = {
      period: this.period,
      firstInterval: this.firstInterval,
      intervals: k,
      transactions: m,
      sellers,
      buyers,
      soldMwh: sold,
      boughtMwh: bought,
      priceUsdPerMwh: price,
      marginal,
      participantsNetPayUsd: netPay,
      operatorGridPayUsd: netImport * price,
      entities,
      positionMwh,
      receiptUsd,
    };
    this.touchedIds = [];
    this.inPeriod = 0;
    this.importSum = 0;
    this.exportSum = 0;
    this.period++;
    this.periods++;
    this.transactions += m;
    return out;
  }
}

/** One stage of the operator's settlement cycle after a period closes. */
export interface PoolSettlementStage {
  readonly stage: string;
  readonly minutes: number;
  /** Where the duration comes from ("assumption: ..." when nothing better exists). */
  readonly basis: string;
}

/**
 * The pool's settlement time, "market interval close -> positions final" (minutes, modelled):
 * the mean wait of an interval for its settlement period to close ((periodSteps - 1) / 2 intervals:
 * the last interval of a period waits 0, the first periodSteps - 1) plus the operator's stages.
 */
export function poolSettlementMinutes(
  periodSteps: number,
  intervalMinutes: number,
  stages: readonly PoolSettlementStage[],
): { waitForPeriodCloseMin: number; stagesMin: number; totalMin: number } {
  if (!(Number.isInteger(periodSteps) && periodSteps >= 1))
    throw new ConfigError(`must be an integer >= 1, got ${periodSteps}`, "periodSteps");
  for (const s of stages)
    if (!(s.minutes >= 0))
      throw new ConfigError(`stage "${s.stage}": minutes must be >= 0, got ${s.minutes}`, "stages.minutes");
  const wait = ((periodSteps - 1) / 2) * intervalMinutes;
  const st = stages.reduce((a, s) => a + s.minutes, 0);
  return { waitForPeriodCloseMin: wait, stagesMin: st, totalMin: wait + st };
}
