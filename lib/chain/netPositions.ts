import type { TradeLog } from "../market/tradeLog";
import { MerkleTree, tradeLeaf } from "./merkle";

/** Fixed-point scale of energy (micro-MWh) and money (micro-USD) on chain (ADR 0500). */
export const MICRO = 1_000_000;

/** One interval reduced to what one settlement transaction carries. */
export interface IntervalBatch {
  readonly intervalId: bigint;
  readonly tradeCount: number;
  /** Entity ids with a non-zero position, ascending. */
  readonly entities: Int32Array;
  /** Net energy delivered (micro-MWh; + = sold). Sums to 0. */
  readonly netEnergyMicroMwh: bigint[];
  /** Net money received (micro-USD; + = receives). Sums to -feeMicroUsd. */
  readonly netPaymentMicroUsd: bigint[];
  readonly feeMicroUsd: bigint;
  readonly tradesRoot: string;
  readonly tree: MerkleTree;
}

/**
 * Nets one interval's trades per entity in integer micro-units. Each trade's energy and value are
 * rounded once (value = round(energy_micro * price_micro / 1e6)) so that seller credit equals
 * buyer debit exactly; the buyer also pays the trade's fee.
 */
export function netInterval(log: TradeLog): IntervalBatch {
  const energy = new Map<number, bigint>();
  const pay = new Map<number, bigint>();
  const add = (m: Map<number, bigint>, k: number, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  let fee = 0n;
  const leaves: string[] = new Array(log.count);
  const intervalId = BigInt(log.interval);
  for (let i = 0; i < log.count; i++) {
    const e = BigInt(Math.round(log.energyMwh[i] * MICRO));
    const p = BigInt(Math.round(log.priceUsdPerMwh[i] * MICRO));
    const f = BigInt(Math.round(log.feeUsd[i] * MICRO));
    if (e <= 0n)
      throw new Error(
        `TradeLog interval ${log.interval}: energyMwh[${i}] must be > 0 (got ${log.energyMwh[i]})`,
      );
    if (f < 0n)
      throw new Error(`TradeLog interval ${log.interval}: feeUsd[${i}] must be >= 0 (got ${log.feeUsd[i]})`);
    const value = (e * p + 500_000n) / 1_000_000n;
    const s = log.seller[i];
    const b = log.buyer[i];
    add(energy, s, e);
    add(energy, b, -e);
    add(pay, s, value);
    add(pay, b, -value - f);
    fee += f;
    leaves[i] = tradeLeaf({
      intervalId,
      index: i,
      seller: s,
      buyer: b,
      energyMicroMwh: e,
      priceMicroUsdPerMwh: p,
    });
  }
  const ids = Array.from(new Set([...energy.keys(), ...pay.keys()])).sort((a, b) => a - b);
  const keep = ids.filter((k) => (energy.get(k) ?? 0n) !== 0n || (pay.get(k) ?? 0n) !== 0n);
  const tree = new MerkleTree(leaves);
  return {
    intervalId,
    tradeCount: log.count,
    entities: Int32Array.from(keep),
    netEnergyMicroMwh: keep.map((k) => energy.get(k) ?? 0n),
    netPaymentMicroUsd: keep.map((k) => pay.get(k) ?? 0n),
    feeMicroUsd: fee,
    tradesRoot: tree.root,
    tree,
  };
}
