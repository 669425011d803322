import type { ContractRunner, Provider, Signer } from "ethers";

/** A connection to an EVM chain: where contracts are deployed and settlement transactions sent. */
export interface ChainAdapter {
  /** "inProcess" (Hardhat network in this process) or "jsonRpc" (any node by URL). */
  readonly kind: "inProcess" | "jsonRpc";
  /** Human-readable endpoint, named in errors. */
  readonly endpoint: string;
  readonly provider: Provider;
  /** Signer i (0 = admin/coordinator). */
  signer(index: number): Promise<Signer & ContractRunner>;
  /** A raw JSON-RPC request (no ethers encoding or polling): the settlement fast path. */
  rpc(method: string, params: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}
