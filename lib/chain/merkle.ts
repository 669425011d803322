import { AbiCoder, concat, keccak256 } from "ethers";

/** One trade as committed on chain (integer units: micro-MWh, micro-USD/MWh). */
export interface TradeLeafInput {
  readonly intervalId: bigint;
  readonly index: number;
  readonly seller: number;
  readonly buyer: number;
  readonly energyMicroMwh: bigint;
  readonly priceMicroUsdPerMwh: bigint;
}

const coder = AbiCoder.defaultAbiCoder();

/** Leaf hash, identical to Settlement.tradeLeaf (double keccak, as OpenZeppelin StandardMerkleTree). */
export function tradeLeaf(t: TradeLeafInput): string {
  const inner = keccak256(
    coder.encode(
      ["uint64", "uint32", "uint32", "uint32", "uint256", "uint256"],
      [t.intervalId, t.index, t.seller, t.buyer, t.energyMicroMwh, t.priceMicroUsdPerMwh],
    ),
  );
  return keccak256(inner);
}

function hashPair(a: string, b: string): string {
  return a.toLowerCase() < b.toLowerCase() ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

/** Merkle tree over leaves in the given order; sorted-pair hashing as OpenZeppelin MerkleProof. */
export class MerkleTree {
  private readonly layers: string[][];

  constructor(leaves: readonly string[]) {
    if (leaves.length === 0) throw new Error("MerkleTree: no leaves; an interval with no trades has no root");
    const layers: string[][] = [leaves.slice()];
    while (layers[layers.length - 1].length > 1) {
      const prev = layers[layers.length - 1];
      const next: string[] = [];
      for (let i = 0; i < prev.length; i += 2)
        next.push(i + 1 < prev.length ? hashPair(prev[i], prev[i + 1]) : prev[i]);
      layers.push(next);
    }
    this.layers = layers;
  }

  get root(): string {
    return this.layers[this.layers.length - 1][0];
  }

  /** Sibling hashes from leaf `index` up to the root. */
  proof(index: number): string[] {
    const out: string[] = [];
    let i = index;
    for (let l = 0; l < this.layers.length - 1; l++) {
      const layer = this.layers[l];
      const sib = i ^ 1;
      if (sib < layer.length) out.push(layer[sib]);
      i >>= 1;
    }
    return out;
  }
}

/** Verifies a proof off chain (same rule as MerkleProof.verify). */
export function verifyProof(leaf: string, proof: readonly string[], root: string): boolean {
  let h = leaf;
  for (const p of proof) h = hashPair(h, p);
  return h.toLowerCase() === root.toLowerCase();
}
