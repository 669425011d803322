/**
 * Hardhat 2 config. Compiles offline: the solc-build subtask is overridden to use the `solc` npm
 * package's soljson.js instead of downloading a compiler (DESIGN.md §6; ADR 0500).
 */
import path from "node:path";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import { subtask } from "hardhat/config";
import type { HardhatUserConfig } from "hardhat/types";
import "@nomicfoundation/hardhat-ethers";
import "solidity-coverage";

const SOLC_VERSION = "0.8.30";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  const compilerPath = path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js");
  // biome-ignore lint/suspicious/noExplicitAny: solc has no typed version() export here
  const longVersion = (require("solc") as any).version().replace(/\.Emscripten.*$/, "");
  return { compilerPath, isSolcJs: true, version: args.solcVersion, longVersion };
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
  },
  paths: { sources: "./contracts", artifacts: "./artifacts", cache: "./cache" },
  networks: {
    hardhat: { allowUnlimitedContractSize: false, blockGasLimit: 60_000_000 },
  },
};

export default config;
