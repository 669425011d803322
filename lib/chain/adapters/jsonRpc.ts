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
export function rpcError(url: string, method: string, err: unknown): Error & { data?: unknown } {
  const msg = err instanceof Error ? err.message : String(err);
  const out: Error & { data?: unknown } = new Error(
    `chain.jsonRpc ${url}: RPC ${method} failed: ${msg}. Is the node running and reachable?`,
    { cause: err },
  );
  // keep the revert data (custom errors) for the caller to decode
  const e = err as { data?: unknown; info?: { error?: { data?: unknown } }; error?: { data?: unknown } };
  out.data = e?.data ?? e?.info?.error?.data ?? e?.error?.data;
  return out;
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
    async rpc(method: string, params: unknown[]) {
      try {
        return (await provider.send(method, params)) as unknown;
      } catch (e) {
        throw rpcError(url, method, e);
      }
    },
    async close() {
      provider.destroy();
    },
  };
}
