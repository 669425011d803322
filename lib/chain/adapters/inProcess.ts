import type { ContractRunner, Provider, Signer } from "ethers";
import type { ChainAdapter } from "../adapter";

/**
 * Hardhat's network in this process. Hardhat is loaded lazily here (never at import time of
 * lib/chain), so the simulation never starts it (DESIGN.md §2). Compiles the contracts if needed.
 */
export async function inProcess(opts: { compile?: boolean } = {}): Promise<ChainAdapter> {
  if (process.env.HARDHAT_NETWORK && process.env.HARDHAT_NETWORK !== "hardhat") {
    throw new Error(
      `chain.inProcess: HARDHAT_NETWORK=${process.env.HARDHAT_NETWORK}; unset it to use the in-process network`,
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: hardhat's runtime environment is typed by its plugins
  const hre: any = require("hardhat");
  if ((opts.compile ?? true) && !process.env.CHAIN_ARTIFACTS_DIR) await hre.run("compile", { quiet: true });
  const provider = hre.ethers.provider as Provider;
  const signers = (await hre.ethers.getSigners()) as (Signer & ContractRunner)[];
  return {
    kind: "inProcess",
    endpoint: "hardhat (in process)",
    provider,
    async signer(i: number) {
      if (i >= signers.length)
        throw new Error(`chain.inProcess: signer ${i} requested, only ${signers.length} accounts`);
      return signers[i];
    },
    rpc(method: string, params: unknown[]) {
      return hre.network.provider.request({ method, params }) as Promise<unknown>;
    },
    async close() {},
  };
}
