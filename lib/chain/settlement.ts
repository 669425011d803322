import {
  type Contract,
  ContractFactory,
  getAddress,
  type Interface,
  keccak256,
  toBeHex,
  toUtf8Bytes,
  zeroPadValue,
} from "ethers";
import type { TradeLog } from "../market/tradeLog";
import type { ChainAdapter } from "./adapter";
import { loadArtifact } from "./artifacts";
import { type IntervalBatch, netInterval } from "./netPositions";

/** What one settlement (an interval or a window, in one or more chunk transactions) cost on chain (measured). */
export interface SettlementReceipt {
  /** Settlement id (the market interval, or windowId()). */
  readonly intervalId: number;
  readonly tradeCount: number;
  readonly accounts: number;
  /** Transactions it took (accounts split by gas budget). */
  readonly chunks: number;
  /** Gas of all chunk transactions. */
  readonly gasUsed: bigint;
  /** Block of the last chunk. */
  readonly blockNumber: number;
  /** Wall time from the first submission to the last receipt (ms). */
  readonly latencyMs: number;
  /** Hash of the last chunk transaction. */
  readonly txHash: string;
  readonly tradesRoot: string;
}

/** How settlement transactions are cut and sent. */
export interface SettlementOptions {
  /** Gas one chunk transaction may use (accounts are split so each chunk's estimate stays below it). */
  readonly maxGasPerTx: number;
  /** Gas estimate per account credited for the first time (its withdrawable slot goes zero to non-zero). */
  readonly gasPerNewAccount: number;
  /** Gas estimate per other account (a debit, or a credit to a non-zero slot). */
  readonly gasPerKnownAccount: number;
  /** Fixed gas of one chunk transaction (base cost, checks, event, progress record). */
  readonly gasPerChunk: number;
}

/**
 * Defaults: chunks of at most 15 M gas (half the 30 M Ethereum-style block limit, so a chunk fits a
 * block beside other traffic); per-account estimates above the measured ~8,100 (warm) and ~27,000
 * (new slot) gas per account (bench chain-evm) so a chunk never runs out of gas.
 */
export const DEFAULT_SETTLEMENT_OPTIONS: SettlementOptions = {
  maxGasPerTx: 15_000_000,
  gasPerNewAccount: 32_000,
  gasPerKnownAccount: 12_000,
  gasPerChunk: 120_000,
};

/** On-chain address standing for market entity `id` (deterministic; no key behind it). */
/**
 * Where a settlement's accounts (in settlement order, `gasPerAccount` each) are cut into chunk
 * transactions so that each chunk's estimate (gasPerChunk + its accounts) stays within maxGasPerTx:
 * [0, cut1, ..., n]; a chunk holds at least one account.
 */
export function chunkCuts(
  gasPerAccount: ArrayLike<number>,
  o: Pick<SettlementOptions, "gasPerChunk" | "maxGasPerTx">,
): number[] {
  const n = gasPerAccount.length;
  const cuts: number[] = [0];
  let gas = o.gasPerChunk;
  for (let i = 0; i < n; i++) {
    const g = gasPerAccount[i];
    if (gas + g > o.maxGasPerTx && i > cuts[cuts.length - 1]) {
      cuts.push(i);
      gas = o.gasPerChunk;
    }
    gas += g;
  }
  cuts.push(n);
  return cuts;
}

export function entityAddress(id: number): string {
  return getAddress(zeroPadValue(toBeHex(0x10000 + id), 20));
}

const ENTITY_ADDRESS_BASE = 0x10000;

/** Writes `v` (an integer, |v| < 2^53) as a two's-complement int256 word at `off`. */
function writeInt256(buf: Buffer, off: number, v: number): void {
  const neg = v < 0;
  buf.fill(neg ? 0xff : 0, off, off + 24);
  const hi = Math.floor(v / 4294967296);
  const lo = v - hi * 4294967296;
  buf.writeInt32BE(hi | 0, off + 24);
  buf.writeUInt32BE(lo >>> 0, off + 28);
}

function writeUint(buf: Buffer, off: number, v: number | bigint): void {
  const b = BigInt(v);
  buf.writeBigUInt64BE(b >> 192n, off);
  buf.writeBigUInt64BE((b >> 128n) & 0xffffffffffffffffn, off + 8);
  buf.writeBigUInt64BE((b >> 64n) & 0xffffffffffffffffn, off + 16);
  buf.writeBigUInt64BE(b & 0xffffffffffffffffn, off + 24);
}

/**
 * Calldata of settleIntervalChunk((bytes32,uint256,uint64,uint32,uint16,uint16),address[],int256[],int256[])
 * for accounts order[from..to), encoded directly into a buffer (ethers' AbiCoder is the slow path).
 */
export function encodeChunk(
  selector: string,
  b: IntervalBatch,
  order: Int32Array,
  from: number,
  to: number,
  chunk: number,
  chunks: number,
  feeMicroUsd: number,
): string {
  const n = to - from;
  const words = 9 + 3 * (n + 1);
  const buf = Buffer.alloc(4 + 32 * words);
  buf.write(selector.slice(2), 0, "hex");
  const o = 4;
  // ChunkHeader (a static struct, encoded inline): root, fee, id, trade count, chunk, chunks
  buf.write(b.tradesRoot.slice(2), o, "hex");
  writeUint(buf, o + 32, feeMicroUsd);
  writeUint(buf, o + 64, b.intervalId);
  writeUint(buf, o + 96, b.tradeCount);
  writeUint(buf, o + 128, chunk);
  writeUint(buf, o + 160, chunks);
  const offA = 9 * 32;
  const offE = offA + 32 * (n + 1);
  const offP = offE + 32 * (n + 1);
  writeUint(buf, o + 192, offA);
  writeUint(buf, o + 224, offE);
  writeUint(buf, o + 256, offP);
  writeUint(buf, o + offA, n);
  writeUint(buf, o + offE, n);
  writeUint(buf, o + offP, n);
  for (let k = 0; k < n; k++) {
    const j = order[from + k];
    const w = 32 * (k + 1);
    // entity address = 0x10000 + id, right-aligned in the word (the buffer is zero-filled)
    buf.writeUInt32BE(ENTITY_ADDRESS_BASE + b.entities[j], o + offA + w + 28);
    writeInt256(buf, o + offE + w, b.netEnergyMicroMwh[j]);
    writeInt256(buf, o + offP + w, b.netPaymentMicroUsd[j]);
  }
  return `0x${buf.toString("hex")}`;
}

interface RpcReceipt {
  status: string;
  gasUsed: string;
  blockNumber: string;
  transactionHash: string;
}

/** Deployed settlement contract and the one API the settlement stage uses. */
export class ChainSettlement {
  /** Entities credited before: their withdrawable slot is non-zero (a warm, cheaper write). */
  private readonly credited = new Set<number>();
  private readonly iface: Interface;
  private readonly selector: string;
  private from = "";
  private to = "";

  private constructor(
    readonly adapter: ChainAdapter,
    readonly contract: Contract,
    readonly options: SettlementOptions,
  ) {
    this.iface = contract.interface;
    const f = this.iface.getFunction("settleIntervalChunk");
    if (!f)
      throw new Error(
        "chain: Settlement artifact has no settleIntervalChunk; run `npm run compile:contracts`",
      );
    this.selector = f.selector;
  }

  /** Deploys Settlement (signer 0 = admin, coordinator and fee collector). */
  static async deploy(
    adapter: ChainAdapter,
    options: Partial<SettlementOptions> = {},
  ): Promise<ChainSettlement> {
    const admin = await adapter.signer(0);
    const art = loadArtifact("Settlement");
    const adminAddr = await admin.getAddress();
    const factory = new ContractFactory(art.abi as never, art.bytecode, admin);
    const c = (await factory.deploy(adminAddr, adminAddr)) as unknown as Contract;
    await c.waitForDeployment();
    await (
      await c.getFunction("grantRole")(keccak256(toUtf8Bytes("MARKET_COORDINATOR_ROLE")), adminAddr)
    ).wait();
    const s = new ChainSettlement(adapter, c, { ...DEFAULT_SETTLEMENT_OPTIONS, ...options });
    s.from = adminAddr;
    s.to = await c.getAddress();
    return s;
  }

  /** Pre-funds buyers' deposits (micro-USD, 1 wei each) for entities `ids`. */
  async fund(ids: ArrayLike<number>, amountMicroUsd: bigint): Promise<void> {
    const chunk = 500;
    for (let s = 0; s < ids.length; s += chunk) {
      const addrs: string[] = [];
      for (let i = s; i < Math.min(ids.length, s + chunk); i++) addrs.push(entityAddress(ids[i]));
      const amounts = addrs.map(() => amountMicroUsd);
      await (
        await this.contract.getFunction("depositBatch")(addrs, amounts, {
          value: amountMicroUsd * BigInt(addrs.length),
        })
      ).wait();
    }
  }

  /** Settles one interval's cleared trades (one or more transactions). Throws on an empty log. */
  async settle(log: TradeLog): Promise<SettlementReceipt> {
    return this.settleBatch(netInterval(log, { keepTree: false }));
  }

  /**
   * Settles a netted batch (an interval or a window). Accounts are ordered debits first (so no chunk
   * credits money not yet collected) and cut into chunks whose estimated gas stays below the budget.
   */
  async settleBatch(b: IntervalBatch): Promise<SettlementReceipt> {
    const o = this.options;
    const n = b.entities.length;
    const order = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if (b.netPaymentMicroUsd[i] < 0) order[k++] = i;
    for (let i = 0; i < n; i++) if (!(b.netPaymentMicroUsd[i] < 0)) order[k++] = i;
    const gasOf = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = order[i];
      gasOf[i] =
        b.netPaymentMicroUsd[j] > 0 && !this.credited.has(b.entities[j])
          ? o.gasPerNewAccount
          : o.gasPerKnownAccount;
    }
    const cuts = chunkCuts(gasOf, o);
    const chunks = cuts.length - 1;
    if (chunks > 65535) throw new Error(`chain: ${chunks} chunks exceed the contract's uint16 chunk count`);
    const t0 = performance.now();
    let gasUsed = 0n;
    let last: RpcReceipt | undefined;
    for (let c = 0; c < chunks; c++) {
      // the whole fee rides on the last chunk (credited when the interval closes)
      const data = encodeChunk(
        this.selector,
        b,
        order,
        cuts[c],
        cuts[c + 1],
        c,
        chunks,
        c === chunks - 1 ? b.feeMicroUsd : 0,
      );
      const hash = await this.send(data, o.maxGasPerTx + 2 * o.gasPerChunk);
      last = await this.receipt(hash);
      gasUsed += BigInt(last.gasUsed);
    }
    for (let i = 0; i < n; i++) if (b.netPaymentMicroUsd[i] > 0) this.credited.add(b.entities[i]);
    const latencyMs = performance.now() - t0;
    const r = last as RpcReceipt;
    return {
      intervalId: Number(b.intervalId),
      tradeCount: b.tradeCount,
      accounts: n,
      chunks,
      gasUsed,
      blockNumber: Number(r.blockNumber),
      latencyMs,
      txHash: r.transactionHash,
      tradesRoot: b.tradesRoot,
    };
  }

  private async send(data: string, gas: number): Promise<string> {
    try {
      return (await this.adapter.rpc("eth_sendTransaction", [
        { from: this.from, to: this.to, data, gas: `0x${gas.toString(16)}` },
      ])) as string;
    } catch (e) {
      throw this.decodeRevert(e);
    }
  }

  private async receipt(hash: string): Promise<RpcReceipt> {
    for (let i = 0; ; i++) {
      const r = (await this.adapter.rpc("eth_getTransactionReceipt", [hash])) as RpcReceipt | null;
      if (r) {
        if (r.status !== "0x1")
          throw new Error(`chain ${this.adapter.endpoint}: settlement tx ${hash} reverted`);
        return r;
      }
      if (i > 6000) throw new Error(`chain ${this.adapter.endpoint}: no receipt for ${hash} after 60 s`);
      await new Promise((res) => setTimeout(res, 10));
    }
  }

  /** An RPC failure with the contract's custom error named when the node returned revert data. */
  private decodeRevert(e: unknown): Error {
    const find = (x: unknown, depth = 0): string | undefined => {
      if (!x || typeof x !== "object" || depth > 4) return undefined;
      const o = x as Record<string, unknown>;
      if (typeof o.data === "string" && o.data.startsWith("0x") && o.data.length >= 10) return o.data;
      for (const k of ["data", "error", "info", "cause"]) {
        const r = find(o[k], depth + 1);
        if (r) return r;
      }
      return undefined;
    };
    const data = find(e);
    const msg = e instanceof Error ? e.message : String(e);
    if (data) {
      try {
        const p = this.iface.parseError(data);
        if (p)
          return new Error(
            `chain ${this.adapter.endpoint}: settlement reverted with ${p.name}(${p.args.join(", ")})`,
            { cause: e },
          );
      } catch {
        // not one of ours
      }
    }
    return new Error(`chain ${this.adapter.endpoint}: settlement failed: ${msg}`, { cause: e });
  }
}
