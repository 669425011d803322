/** Blockchain layer. No top-level Hardhat import: `inProcess` loads it lazily (DESIGN.md §2). */
export type { ChainAdapter } from "./adapter";
export { inProcess } from "./adapters/inProcess";
export { DEFAULT_JSON_RPC_OPTIONS, type JsonRpcOptions, jsonRpc, rpcError } from "./adapters/jsonRpc";
export { type Artifact, type ContractName, loadArtifact } from "./artifacts";
export {
  LeafHasher,
  MerkleTree,
  merkleRootInPlace,
  packTrades,
  TRADES_PER_LEAF,
  type TradeLeafInput,
  tradeGroupLeaf,
  tradeLeaf,
  verifyProof,
  wordsToHex,
} from "./merkle";
export { type IntervalBatch, MICRO, netInterval, PositionNetter, windowId } from "./netPositions";
export {
  DEFAULT_POA_CONFIG,
  type EvmCalibration,
  loadEvmCalibration,
  type PoaConfig,
  type PoaResult,
  simulatePoa,
} from "./poa";
export {
  ChainSettlement,
  DEFAULT_SETTLEMENT_OPTIONS,
  encodeChunk,
  entityAddress,
  type SettlementOptions,
  type SettlementReceipt,
} from "./settlement";
