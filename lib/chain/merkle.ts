import { keccakOneBlock } from "./keccakF";

/**
 * Trade Merkle trees in typed arrays (ADR 0500). A hash is 8 little-endian 32-bit words (32 bytes);
 * a layer of n hashes is an Int32Array of 8n words. Leaves and nodes are each one Keccak-f block and
 * no hash allocates.
 *
 * A trade packs to 36 bytes: abi.encodePacked(uint64 interval, uint32 index, uint32 seller,
 * uint32 buyer, uint64 energyMicroMwh, uint64 priceMicroUsdPerMwh). Consecutive trades 3j..3j+2 of
 * an interval share leaf j = keccak256(their packed bytes) (36, 72 or 108 bytes: one Keccak block,
 * never 64 bytes, so a leaf preimage cannot pass for an inner node). Nodes hash their two children
 * in sorted byte order, as OpenZeppelin's MerkleProof. A tree of n trades costs about 2n/3
 * permutations. Identical to Settlement.groupLeaf.
 */

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1)
  throw new Error("chain/merkle: the typed-array hashing assumes a little-endian host");

/** Trades per Merkle leaf (Settlement.TRADES_PER_LEAF). */
export const TRADES_PER_LEAF = 3;

/** One trade as committed on chain (integer units: micro-MWh, micro-USD/MWh). */
export interface TradeLeafInput {
  readonly intervalId: bigint | number;
  readonly index: number;
  readonly seller: number;
  readonly buyer: number;
  readonly energyMicroMwh: bigint | number;
  readonly priceMicroUsdPerMwh: bigint | number;
}

const TWO32 = 4294967296;
const bswap = (x: number) =>
  ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff);

const nodeBlk = new Int32Array(34);
nodeBlk[16] = 1; // 0x01 padding in byte 64
nodeBlk[33] = -2147483648; // 0x80 in byte 135

function checkU64(name: string, v: number): void {
  if (!(Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER))
    throw new Error(`chain/merkle: ${name} must be an integer in [0, 2^53), got ${v}`);
}

/** Accumulates up to three trades into one leaf block, then hashes it (no allocation). */
export class LeafHasher {
  private readonly blk = new Int32Array(34);
  private k = 0;

  /** Trades in the open leaf. */
  get pending(): number {
    return this.k;
  }

  /** Adds a trade (integers; energy and price below 2^53, checked by the caller). */
  put(
    interval: number,
    index: number,
    seller: number,
    buyer: number,
    energyMicro: number,
    priceMicro: number,
  ): void {
    const b = this.blk;
    const o = 9 * this.k;
    b[o] = bswap(Math.floor(interval / TWO32));
    b[o + 1] = bswap(interval >>> 0);
    b[o + 2] = bswap(index);
    b[o + 3] = bswap(seller);
    b[o + 4] = bswap(buyer);
    b[o + 5] = bswap(Math.floor(energyMicro / TWO32));
    b[o + 6] = bswap(energyMicro >>> 0);
    b[o + 7] = bswap(Math.floor(priceMicro / TWO32));
    b[o + 8] = bswap(priceMicro >>> 0);
    this.k++;
  }

  /** Hashes the open leaf (1-3 trades) into out[8*slot ..] and clears it. */
  flush(out: Int32Array, slot: number): void {
    const b = this.blk;
    const end = 9 * this.k;
    if (end === 0) throw new Error("LeafHasher.flush: empty leaf");
    b[end] = 1;
    b[33] = -2147483648;
    keccakOneBlock(b, out, 8 * slot);
    for (let i = 0; i <= end; i++) b[i] = 0;
    this.k = 0;
  }
}

function tradeNumbers(t: TradeLeafInput): number[] {
  const v = [
    Number(t.intervalId),
    t.index,
    t.seller,
    t.buyer,
    Number(t.energyMicroMwh),
    Number(t.priceMicroUsdPerMwh),
  ];
  checkU64("intervalId", v[0]);
  checkU64("energyMicroMwh", v[4]);
  checkU64("priceMicroUsdPerMwh", v[5]);
  for (const [k, x] of [
    ["index", v[1]],
    ["seller", v[2]],
    ["buyer", v[3]],
  ] as const)
    if (!(Number.isInteger(x) && x >= 0 && x < TWO32))
      throw new Error(`chain/merkle: ${k} must be a uint32, got ${x}`);
  return v;
}

/** Leaf hash (0x hex) of a group of 1-3 trades, identical to Settlement.groupLeaf(packTrades(ts)). */
export function tradeGroupLeaf(ts: readonly TradeLeafInput[]): string {
  if (ts.length < 1 || ts.length > TRADES_PER_LEAF)
    throw new Error(`chain/merkle: a leaf holds 1-${TRADES_PER_LEAF} trades, got ${ts.length}`);
  const h = new LeafHasher();
  for (const t of ts) {
    const v = tradeNumbers(t);
    h.put(v[0], v[1], v[2], v[3], v[4], v[5]);
  }
  const out = new Int32Array(8);
  h.flush(out, 0);
  return wordsToHex(out, 0);
}

/** Leaf of a single trade (a group of one). */
export function tradeLeaf(t: TradeLeafInput): string {
  return tradeGroupLeaf([t]);
}

/** The packed bytes (0x hex) of a group of trades, as Settlement.verifyTradeGroup / decodeTrade take them. */
export function packTrades(ts: readonly TradeLeafInput[]): string {
  const buf = Buffer.alloc(36 * ts.length);
  ts.forEach((t, k) => {
    const v = tradeNumbers(t);
    const o = 36 * k;
    buf.writeUInt32BE(Math.floor(v[0] / TWO32), o);
    buf.writeUInt32BE(v[0] >>> 0, o + 4);
    buf.writeUInt32BE(v[1], o + 8);
    buf.writeUInt32BE(v[2], o + 12);
    buf.writeUInt32BE(v[3], o + 16);
    buf.writeUInt32BE(Math.floor(v[4] / TWO32), o + 20);
    buf.writeUInt32BE(v[4] >>> 0, o + 24);
    buf.writeUInt32BE(Math.floor(v[5] / TWO32), o + 28);
    buf.writeUInt32BE(v[5] >>> 0, o + 32);
  });
  return `0x${buf.toString("hex")}`;
}

/** 0x hex of the hash at out[8*slot ..]. */
export function wordsToHex(words: Int32Array, slot: number): string {
  return `0x${Buffer.from(words.buffer, words.byteOffset + 32 * slot, 32).toString("hex")}`;
}

function hexToWords(hex: string, out: Int32Array, slot: number): void {
  const h = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]{64}$/.test(h)) throw new Error(`chain/merkle: not a 32-byte hash: ${hex}`);
  new Uint8Array(out.buffer, out.byteOffset + 32 * slot, 32).set(Buffer.from(h, "hex"));
}

/** Hashes the sorted pair (a, b) of slots of `src` into slot `d` of `dst` (no allocation). */
function hashPairInto(src: Int32Array, a: number, b: number, dst: Int32Array, d: number): void {
  let pa = 8 * a;
  let pb = 8 * b;
  for (let k = 0; k < 8; k++) {
    const x = src[pa + k];
    const y = src[pb + k];
    if (x !== y) {
      // byte order = big-endian order of the byte-swapped little-endian words
      if (bswap(x) >>> 0 > bswap(y) >>> 0) {
        pa = 8 * b;
        pb = 8 * a;
      }
      break;
    }
  }
  const blk = nodeBlk;
  for (let k = 0; k < 8; k++) {
    blk[k] = src[pa + k];
    blk[8 + k] = src[pb + k];
  }
  keccakOneBlock(blk, dst, 8 * d);
}

/** Next layer up (an odd last node is carried up unhashed, as OpenZeppelin's MerkleProof expects). */
function nextLayer(prev: Int32Array, n: number, dst: Int32Array): number {
  const m = (n + 1) >> 1;
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    if (i + 1 < n) hashPairInto(prev, i, i + 1, dst, j);
    else for (let k = 0; k < 8; k++) dst[8 * j + k] = prev[8 * i + k];
  }
  return m;
}

/**
 * Root of `n` leaves held in `leaves` (8 words each), computed in place (the leaves are overwritten).
 * The allocation-free path used when no proofs are needed (e.g. a year of intervals).
 */
export function merkleRootInPlace(leaves: Int32Array, n: number): Int32Array {
  if (n <= 0) throw new Error("MerkleTree: no leaves; an interval with no trades has no root");
  let m = n;
  while (m > 1) m = nextLayer(leaves, m, leaves);
  return leaves.subarray(0, 8);
}

/** Merkle tree that keeps every layer (for proofs); sorted-pair hashing as OpenZeppelin MerkleProof. */
export class MerkleTree {
  private readonly layers: Int32Array[];
  private readonly sizes: number[];

  /** From 0x hex leaves. */
  constructor(leaves: readonly string[]) {
    const w = new Int32Array(8 * leaves.length);
    leaves.forEach((h, i) => {
      hexToWords(h, w, i);
    });
    const t = MerkleTree.fromWords(w, leaves.length);
    this.layers = t.layers;
    this.sizes = t.sizes;
  }

  /** From leaf words (8 per leaf; the array is kept, not copied). */
  static fromWords(leaves: Int32Array, n: number): MerkleTree {
    if (n === 0) throw new Error("MerkleTree: no leaves; an interval with no trades has no root");
    const t = Object.create(MerkleTree.prototype) as { layers: Int32Array[]; sizes: number[] };
    t.layers = [leaves];
    t.sizes = [n];
    let cur = leaves;
    let m = n;
    while (m > 1) {
      const next = new Int32Array(8 * ((m + 1) >> 1));
      m = nextLayer(cur, m, next);
      t.layers.push(next);
      t.sizes.push(m);
      cur = next;
    }
    return t as unknown as MerkleTree;
  }

  get root(): string {
    return wordsToHex(this.layers[this.layers.length - 1], 0);
  }

  get leafCount(): number {
    return this.sizes[0];
  }

  leaf(index: number): string {
    return wordsToHex(this.layers[0], index);
  }

  /** Sibling hashes from leaf `index` up to the root. */
  proof(index: number): string[] {
    const out: string[] = [];
    let i = index;
    for (let l = 0; l < this.layers.length - 1; l++) {
      const sib = i ^ 1;
      if (sib < this.sizes[l]) out.push(wordsToHex(this.layers[l], sib));
      i >>= 1;
    }
    return out;
  }
}

/** Root over roots (e.g. the intervals of a settlement window); a leaf's proof is its interval proof followed by this tree's. */
export function rootOfRoots(roots: readonly string[]): MerkleTree {
  return new MerkleTree(roots);
}

/** Verifies a proof off chain (same rule as MerkleProof.verify). */
export function verifyProof(leaf: string, proof: readonly string[], root: string): boolean {
  const w = new Int32Array(8 * 3);
  hexToWords(leaf, w, 0);
  for (const p of proof) {
    hexToWords(p, w, 1);
    hashPairInto(w, 0, 1, w, 2);
    w.copyWithin(0, 16, 24);
  }
  return wordsToHex(w, 0).toLowerCase() === root.toLowerCase();
}
