import {
  type Contract,
  ContractFactory,
  getAddress,
  keccak256,
  toBeHex,
  toUtf8Bytes,
  zeroPadValue,
} from "ethers";
import type { TradeLog } from "../market/tradeLog";
import type { ChainAdapter } from "./adapter";
import { loadArtifact } from "./artifacts";
import { netInterval } from "./netPositions";

/** What one settled interval cost on chain (measured). */
export interface SettlementReceipt {
  readonly intervalId: number;
  readonly tradeCount: number;
  readonly accounts: number;
  readonly gasUsed: bigint;
  readonly blockNumber: number;
  /** Wall time from submission to receipt (ms). */
  readonly latencyMs: number;
  readonly txHash: string;
  readonly tradesRoot: string;
}

/** On-chain address standing for market entity `id` (deterministic; no key behind it). */
export function entityAddress(id: number): string {
  return getAddress(zeroPadValue(toBeHex(0x10000 + id), 20));
}

/** Deployed settlement contract and the one API the settlement stage uses. */
export class ChainSettlement {
  private constructor(
    readonly adapter: ChainAdapter,
    readonly contract: Contract,
  ) {}

  /** Deploys Settlement (signer 0 = admin, coordinator and fee collector). */
  static async deploy(adapter: ChainAdapter): Promise<ChainSettlement> {
    const admin = await adapter.signer(0);
    const art = loadArtifact("Settlement");
    const adminAddr = await admin.getAddress();
    const factory = new ContractFactory(art.abi as never, art.bytecode, admin);
    const c = (await factory.deploy(adminAddr, adminAddr)) as unknown as Contract;
    await c.waitForDeployment();

    await (
      await c.getFunction("grantRole")(keccak256(toUtf8Bytes("MARKET_COORDINATOR_ROLE")), adminAddr)
    ).wait();
    return new ChainSettlement(adapter, c);
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

  /** Settles one interval's cleared trades in one transaction. Throws on an empty log. */
  async settle(log: TradeLog): Promise<SettlementReceipt> {
    const b = netInterval(log);
    const accounts = Array.from(b.entities, entityAddress);
    const t0 = performance.now();
    const tx = await this.contract.getFunction("settleInterval")(
      b.intervalId,
      b.tradesRoot,
      b.tradeCount,
      accounts,
      b.netEnergyMicroMwh,
      b.netPaymentMicroUsd,
      b.feeMicroUsd,
    );
    const r = await tx.wait();
    const latencyMs = performance.now() - t0;
    return {
      intervalId: log.interval,
      tradeCount: b.tradeCount,
      accounts: accounts.length,
      gasUsed: r.gasUsed as bigint,
      blockNumber: Number(r.blockNumber),
      latencyMs,
      txHash: r.hash as string,
      tradesRoot: b.tradesRoot,
    };
  }
}
