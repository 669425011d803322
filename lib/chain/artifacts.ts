import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export type ContractName =
  | "EnergyTrading"
  | "DynamicPricing"
  | "Settlement"
  | "RenewableCertificate"
  | "GridFee"
  | "ReentrantWithdrawer";

export interface Artifact {
  readonly abi: unknown[];
  readonly bytecode: string;
}

/** Reads a compiled artifact written by `npm run compile:contracts` (artifacts/ at the repo root). */
export function loadArtifact(name: ContractName, root = path.resolve(__dirname, "../..")): Artifact {
  // CHAIN_ARTIFACTS_DIR: set by the coverage run, whose instrumented artifacts live elsewhere.
  const dir = process.env.CHAIN_ARTIFACTS_DIR ?? path.join(root, "artifacts");
  const file = path.join(dir, "contracts", `${name}.sol`, `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(`chain: artifact ${file} not found; run \`npm run compile:contracts\` first`);
  }
  const j = JSON.parse(readFileSync(file, "utf8")) as Artifact;
  return { abi: j.abi, bytecode: j.bytecode };
}
