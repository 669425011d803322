import { type ContractRunner, JsonRpcProvider, type Signer } from "ethers";
import type { ChainAdapter } from "../adapter";

/** Tuning of the JSON-RPC connection (ethers JsonRpcProvider options). */
export interface JsonRpcOptions {
  /** Milliseconds ethers waits between polls for receipts; default 4000 is far too slow for a local node. */
  readonly pollingIntervalMs: number;
  /** Requests batched into one HTTP call (ethers batchMaxCount). */
  readonly batchMaxCount: number;
}

export const DEFAULT_JSON_RPC_OPTIONS: JsonRpcOptions = { pollingIntervalMs: 50, batchMaxCount: 100 };

/** Wraps an RPC failure so that the message names the URL and the method. */
export function rpcError(url: string, method: string, err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(`chain.jsonRpc ${url}: RPC ${method} failed: ${msg}. Is the node running and reachable?`);
}

/** Any EVM node by URL (e.g. `hardhat node`, Besu QBFT). Uses the node's unlocked accounts. */
export async function jsonRpc(url: string, options: Partial<JsonRpcOptions> = {}): Promise<ChainAdapter> {
  const o = { ...DEFAULT_JSON_RPC_OPTIONS, ...options };
  const provider = new JsonRpcProvider(url, undefined, {
    staticNetwork: true,
    batchMaxCount: o.batchMaxCount,
    pollingInterval: o.pollingIntervalMs,
  });
  let accounts: string[];
  try {
    accounts = await provider.send("eth_accounts", []);
  } catch (e) {
    provider.destroy();
    throw rpcError(url, "eth_accounts", e);
  }
  return {
    kind: "jsonRpc",
    endpoint: url,
    provider,
    async signer(i: number) {
      if (i >= accounts.length)
        throw rpcError(
          url,
          "eth_accounts",
          `signer ${i} requested, node has ${accounts.length} unlocked accounts`,
        );
      return (await provider.getSigner(accounts[i])) as Signer & ContractRunner;
    },
    async close() {
      provider.destroy();
    },
  };
}
