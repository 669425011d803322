import type { TradeLog } from "../market/tradeLog";
import { LeafHasher, MerkleTree, merkleRootInPlace, TRADES_PER_LEAF, wordsToHex } from "./merkle";

/** Fixed-point scale of energy (micro-MWh) and money (micro-USD) on chain (ADR 0500). */
export const MICRO = 1_000_000;

/** One settlement (an interval, or a window of intervals) reduced to what its transactions carry. */
export interface IntervalBatch {
  /** Settlement id: the market interval, or a window id (windowId()). */
  readonly intervalId: bigint;
  readonly tradeCount: number;
  /** Market intervals committed (1 for a single interval). */
  readonly intervals: number;
  /** Entity ids with a non-zero position, ascending. */
  readonly entities: Int32Array;
  /** Net energy delivered (micro-MWh, exact integers; + = sold). Sums to 0. */
  readonly netEnergyMicroMwh: Float64Array;
  /** Net money received (micro-USD, exact integers; + = receives). Sums to -feeMicroUsd. */
  readonly netPaymentMicroUsd: Float64Array;
  readonly feeMicroUsd: number;
  /** Root of the trades (one interval) or of the intervals' roots (a window). */
  readonly tradesRoot: string;
  /** The interval's tree with every layer, when asked for (proofs); absent for windows. */
  readonly tree?: MerkleTree;
}

/** Settlement id of a window of `steps` intervals starting at `start` (one interval: its own id). */
export function windowId(start: number, steps: number): bigint {
  return steps === 1 ? BigInt(start) : (BigInt(steps) << 32n) | BigInt(start);
}

const VALUE_FLOAT_LIMIT = 4e15; // e*p below this: the rounded value is exact in float64 (ADR 0500)

/**
 * A trade's value in micro-USD from its energy (micro-MWh) and price (micro-USD/MWh), rounded half
 * up: exact in float64 below 4e15, in BigInt above (the contract's arithmetic).
 */
export function tradeValueMicro(e: number, p: number): number {
  const x = e * p;
  return x < VALUE_FLOAT_LIMIT
    ? Math.floor((x + 500_000) / 1_000_000)
    : Number((BigInt(e) * BigInt(p) + 500_000n) / 1_000_000n);
}

/**
 * Nets the trades of one or more market intervals per entity in integer micro-units, in dense typed
 * arrays, and commits each interval's trades to a Merkle root. Each trade's energy and value are
 * rounded once (value = round(energy_micro * price_micro / 1e6)) so that seller credit equals buyer
 * debit exactly; the buyer also pays the trade's fee. All sums are integers below 2^53 (checked),
 * so float64 arithmetic is exact.
 */
export class PositionNetter {
  private energy = new Float64Array(0);
  private pay = new Float64Array(0);
  private touched = new Uint8Array(0);
  private touchedIds: number[] = [];
  private leaves = new Int32Array(0);
  private readonly hasher = new LeafHasher();
  private fee = 0;
  private trades = 0;
  private dust = 0;
  private roots: string[] = [];
  private lastTree: MerkleTree | undefined;

  /** Adds one interval's trades; returns its Merkle root. `keepTree` keeps the layers for proofs. */
  add(log: TradeLog, keepTree = false): string {
    const n = log.count;
    if (n === 0)
      throw new Error(`TradeLog interval ${log.interval}: no trades; an empty interval has no root`);
    const nLeaves = Math.ceil(n / TRADES_PER_LEAF);
    if (this.leaves.length < 8 * nLeaves || keepTree) this.leaves = new Int32Array(8 * Math.max(nLeaves, 16));
    const hasher = this.hasher;
    let leaf = 0;
    const leaves = this.leaves;
    const interval = log.interval;
    let fee = this.fee;
    for (let i = 0; i < n; i++) {
      const e = Math.round(log.energyMwh[i] * MICRO);
      const p = Math.round(log.priceUsdPerMwh[i] * MICRO);
      const f = Math.round(log.feeUsd[i] * MICRO);
      // a trade below 0.5 Wh rounds to 0 micro-MWh: still committed (leaf with energy 0), counted as dust
      if (!(log.energyMwh[i] > 0 && e <= Number.MAX_SAFE_INTEGER))
        throw new Error(
          `TradeLog interval ${interval}: energyMwh[${i}] must be > 0 (got ${log.energyMwh[i]})`,
        );
      if (!(p >= 0 && p <= Number.MAX_SAFE_INTEGER))
        throw new Error(
          `TradeLog interval ${interval}: priceUsdPerMwh[${i}] must be >= 0 (got ${log.priceUsdPerMwh[i]})`,
        );
      if (!(f >= 0))
        throw new Error(`TradeLog interval ${interval}: feeUsd[${i}] must be >= 0 (got ${log.feeUsd[i]})`);
      if (e === 0) this.dust++;
      const value = tradeValueMicro(e, p);
      const s = log.seller[i];
      const b = log.buyer[i];
      this.touch(Math.max(s, b));
      if (!this.touched[s]) this.mark(s);
      if (!this.touched[b]) this.mark(b);
      this.energy[s] += e;
      this.energy[b] -= e;
      this.pay[s] += value;
      this.pay[b] -= value + f;
      fee += f;
      hasher.put(interval, i, s, b, e, p);
      if (hasher.pending === TRADES_PER_LEAF || i === n - 1) hasher.flush(leaves, leaf++);
    }
    this.fee = fee;
    this.trades += n;
    let root: string;
    if (keepTree) {
      this.lastTree = MerkleTree.fromWords(leaves, nLeaves);
      root = this.lastTree.root;
    } else {
      this.lastTree = undefined;
      root = wordsToHex(merkleRootInPlace(leaves, nLeaves), 0);
    }
    this.roots.push(root);
    return root;
  }

  private touch(maxId: number): void {
    if (maxId < this.touched.length) return;
    if (maxId < 0) throw new Error(`TradeLog: negative entity id ${maxId}`);
    const c = Math.max(maxId + 1, 2 * this.touched.length, 1024);
    const grow = (a: Float64Array) => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    this.energy = grow(this.energy);
    this.pay = grow(this.pay);
    const t = new Uint8Array(c);
    t.set(this.touched);
    this.touched = t;
  }

  private mark(id: number): void {
    this.touched[id] = 1;
    this.touchedIds.push(id);
  }

  /** Trades below the on-chain energy unit (0.5 Wh) seen so far: committed with energy 0. */
  get dustTrades(): number {
    return this.dust;
  }

  get pendingTrades(): number {
    return this.trades;
  }
  get pendingIntervals(): number {
    return this.roots.length;
  }

  /** Closes the settlement: positions of everyone touched, root over the intervals; resets. */
  take(settlementId: bigint): IntervalBatch {
    if (this.roots.length === 0) throw new Error("PositionNetter.take: no interval added");
    const ids = Int32Array.from(this.touchedIds).sort();
    let k = 0;
    for (const id of ids) if (this.energy[id] !== 0 || this.pay[id] !== 0) k++;
    const entities = new Int32Array(k);
    const en = new Float64Array(k);
    const pa = new Float64Array(k);
    let j = 0;
    let se = 0;
    let sp = 0;
    for (const id of ids) {
      const e = this.energy[id];
      const p = this.pay[id];
      if (e !== 0 || p !== 0) {
        entities[j] = id;
        en[j] = e;
        pa[j] = p;
        j++;
        se += e;
        sp += p;
      }
      if (!(Math.abs(e) <= Number.MAX_SAFE_INTEGER && Math.abs(p) <= Number.MAX_SAFE_INTEGER))
        throw new Error(
          `PositionNetter: entity ${id}'s position exceeds 2^53 micro-units; settle shorter windows`,
        );
      this.energy[id] = 0;
      this.pay[id] = 0;
      this.touched[id] = 0;
    }
    if (se !== 0 || sp + this.fee !== 0)
      throw new Error(`PositionNetter: sums do not balance (energy ${se}, payments ${sp} + fee ${this.fee})`);
    const single = this.roots.length === 1;
    const batch: IntervalBatch = {
      intervalId: settlementId,
      tradeCount: this.trades,
      intervals: this.roots.length,
      entities,
      netEnergyMicroMwh: en,
      netPaymentMicroUsd: pa,
      feeMicroUsd: this.fee,
      tradesRoot: single ? this.roots[0] : new MerkleTree(this.roots).root,
      tree: single ? this.lastTree : undefined,
    };
    this.touchedIds = [];
    this.roots = [];
    this.fee = 0;
    this.trades = 0;
    this.lastTree = undefined;
    return batch;
  }
}

/** Nets one interval (settlement id = the interval) and keeps its tree for proofs. */
export function netInterval(log: TradeLog, opts: { keepTree?: boolean } = {}): IntervalBatch {
  const n = new PositionNetter();
  n.add(log, opts.keepTree ?? true);
  return n.take(BigInt(log.interval));
}
