import { type Contract, ContractFactory, keccak256, toUtf8Bytes } from "ethers";
import type { ChainAdapter } from "../../lib/chain/adapter";
import { type ContractName, loadArtifact } from "../../lib/chain/artifacts";

export const ROLE = {
  OPERATOR: keccak256(toUtf8Bytes("OPERATOR_ROLE")),
  METER: keccak256(toUtf8Bytes("METER_ROLE")),
  MARKET_COORDINATOR: keccak256(toUtf8Bytes("MARKET_COORDINATOR_ROLE")),
  PARTICIPANT: keccak256(toUtf8Bytes("PARTICIPANT_ROLE")),
};

export async function deploy(
  adapter: ChainAdapter,
  name: ContractName,
  args: unknown[],
  signerIndex = 0,
): Promise<Contract> {
  const art = loadArtifact(name);
  const f = new ContractFactory(art.abi as never, art.bytecode, await adapter.signer(signerIndex));
  const c = (await f.deploy(...args)) as unknown as Contract;
  await c.waitForDeployment();
  return c;
}

/** Resolves to the custom error name a call reverted with (or "" if it did not revert). */
export async function revertName(c: Contract, p: Promise<unknown>): Promise<string> {
  try {
    const tx = (await p) as { wait?: () => Promise<unknown> };
    if (tx && typeof tx.wait === "function") await tx.wait();
    return "";
  } catch (e) {
    const data =
      (e as { data?: string; info?: { error?: { data?: string } } }).data ??
      (e as { info?: { error?: { data?: { data?: string } | string } } }).info?.error?.data;
    const hex = typeof data === "string" ? data : (data as { data?: string } | undefined)?.data;
    if (hex) {
      const parsed = c.interface.parseError(hex);
      if (parsed) return parsed.name;
    }
    const r = (e as { revert?: { name?: string } }).revert;
    if (r?.name) return r.name;
    throw e;
  }
}
