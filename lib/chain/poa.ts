import { readFileSync } from "node:fs";
import path from "node:path";
import { createRng } from "../core/rng";
import { quantile } from "../core/series";

/** Measured EVM costs (data/calibration/evm.json, written by bench/chain-evm.ts). */
export interface EvmCalibration {
  readonly simpleTxGas: number;
  readonly simpleTxExecMs: number;
  readonly settlementGasPerAccount: number;
  readonly settlementExecMsPerAccount: number;
  /** Settlement gas per trade in a warm 10 k-trade batch (optional in older files). */
  readonly settlementGasPerTrade?: number;
  /** EVM execution speed measured on a settlement transaction (gas/s; optional in older files). */
  readonly evmGasPerS?: number;
}

export function loadEvmCalibration(
  file = path.resolve(__dirname, "../../data/calibration/evm.json"),
): EvmCalibration {
  const j = JSON.parse(readFileSync(file, "utf8")) as EvmCalibration;
  for (const k of [
    "simpleTxGas",
    "simpleTxExecMs",
    "settlementGasPerAccount",
    "settlementExecMsPerAccount",
  ] as const) {
    if (!(typeof j[k] === "number" && j[k] > 0))
      throw new Error(`${file}: ${k} must be a positive number; re-run \`npx tsx bench/chain-evm.ts\``);
  }
  return j;
}

export interface PoaConfig {
  readonly validators: number;
  readonly blockIntervalS: number;
  readonly blockGasLimit: number;
  /** Share of validators down for the whole run. */
  readonly failureShare: number;
  /** One-way message latency between validators: log-normal, median and log-sd. */
  readonly latencyMedianMs: number;
  readonly latencyLogSd: number;
  readonly prosumers: number;
  /** Transactions each prosumer submits per second (bids, meter readings, settlements). */
  readonly txPerProsumerPerS: number;
  readonly durationS: number;
  /** Gas of one transaction (default: the measured simple transfer). */
  readonly txGas?: number;
  /** Time a validator needs to execute one transaction (ms; default: txGas / measured EVM gas/s). */
  readonly txValidateMs?: number;
}

/**
 * Defaults: 50 validators and 15 % down (issue 7; seed 000 §1.8 / Fig. 7), 5 s block interval
 * (Clique/QBFT default), 30 M gas (Ethereum mainnet-style limit), WAN latency median 50 ms
 * (log-sd 0.5), one transaction per prosumer per 15-min interval (a bid) -> 1/900 tx/s.
 */
export const DEFAULT_POA_CONFIG: PoaConfig = {
  validators: 50,
  blockIntervalS: 5,
  blockGasLimit: 30_000_000,
  failureShare: 0.15,
  latencyMedianMs: 50,
  latencyLogSd: 0.5,
  prosumers: 2000,
  txPerProsumerPerS: 1 / 900,
  durationS: 3600,
};

export interface PoaResult {
  /** From the real EVM (data/calibration/evm.json): gas and validation time per transaction. */
  readonly measured: { readonly gasPerTx: number; readonly execMsPerTx: number };
  /** From the discrete-event model (validators, slots, latency draws) fed with the measured costs. */
  readonly modelled: {
    readonly offeredTps: number;
    readonly throughputTps: number;
    readonly blockCapacityTps: number;
    readonly latencyMeanS: number;
    readonly latencyP50S: number;
    readonly latencyP95S: number;
    readonly consensusTimeMeanMs: number;
    readonly consensusTimeP95Ms: number;
    readonly meanTxPerBlock: number;
    readonly verificationSuccess: number;
    readonly ledgerConsistency: number;
    readonly blocks: number;
    readonly skippedSlots: number;
  };
}

/**
 * Discrete-event PoA: round-robin proposers, one slot per block interval; a down proposer's slot is
 * skipped; a block holds up to blockGasLimit/gasPerTx queued transactions (FIFO) and is final
 * when a 2/3 quorum of all validators has received it (the k-th smallest latency). Verification
 * succeeds when the quorum is reached within the block interval; ledger consistency = share of
 * live validators that hold the block before the next slot.
 */
export function simulatePoa(cfg: PoaConfig, cal: EvmCalibration, seed: number): PoaResult {
  const rng = createRng(seed, "chain", "poa");
  const gasPerTx = cfg.txGas ?? cal.simpleTxGas;
  const execMs =
    cfg.txValidateMs ?? (cal.evmGasPerS ? (1000 * gasPerTx) / cal.evmGasPerS : cal.simpleTxExecMs);
  const down = new Uint8Array(cfg.validators);
  const order = Array.from({ length: cfg.validators }, (_, i) => i);
  rng.fork("down").shuffle(order);
  const nDown = Math.round(cfg.failureShare * cfg.validators);
  for (let i = 0; i < nDown; i++) down[order[i]] = 1;
  const live = cfg.validators - nDown;
  const quorum = Math.floor((2 * cfg.validators) / 3) + 1;
  const perBlock = Math.floor(cfg.blockGasLimit / gasPerTx);
  // arrivals (Poisson)
  const rate = cfg.prosumers * cfg.txPerProsumerPerS;
  const arr = rng.fork("arrivals");
  const arrivals: number[] = [];
  for (let t = arr.exponential(rate); t < cfg.durationS; t += arr.exponential(rate)) arrivals.push(t);
  const lat = rng.fork("latency");
  const latencies: number[] = [];
  let head = 0;
  let blocks = 0;
  let skipped = 0;
  let consensusSum = 0;
  const consensus: number[] = [];
  let txInBlocks = 0;
  let verified = 0;
  let consistentSum = 0;
  const slots = Math.floor(cfg.durationS / cfg.blockIntervalS);
  const recv = new Float64Array(cfg.validators);
  for (let s = 1; s <= slots; s++) {
    const t = s * cfg.blockIntervalS;
    const proposer = s % cfg.validators;
    if (down[proposer]) {
      skipped++;
      continue;
    }
    let n = 0;
    while (head < arrivals.length && arrivals[head] <= t && n < perBlock) {
      n++;
      head++;
    }
    const execS = (n * execMs) / 1000;
    let reached = 0;
    let k = 0;
    for (let v = 0; v < cfg.validators; v++) {
      if (down[v]) continue;
      const ms =
        v === proposer ? 0 : lat.logNormal(Math.log(cfg.latencyMedianMs), cfg.latencyLogSd) + execMs * n;
      recv[k++] = ms;
      if (ms / 1000 < cfg.blockIntervalS) reached++;
    }
    const sorted = Array.from(recv.subarray(0, k)).sort((a, b) => a - b);
    const quorumMs = k >= quorum ? sorted[quorum - 1] : Number.POSITIVE_INFINITY;
    blocks++;
    txInBlocks += n;
    consistentSum += reached / live;
    if (quorumMs / 1000 <= cfg.blockIntervalS) {
      verified++;
      consensusSum += quorumMs;
      consensus.push(quorumMs);
      for (let i = head - n; i < head; i++) latencies.push(t + execS + quorumMs / 1000 - arrivals[i]);
    }
  }
  const committed = latencies.length;
  return {
    measured: { gasPerTx, execMsPerTx: execMs },
    modelled: {
      offeredTps: rate,
      throughputTps: committed / cfg.durationS,
      blockCapacityTps: perBlock / cfg.blockIntervalS,
      latencyMeanS: committed ? latencies.reduce((a, b) => a + b, 0) / committed : Number.NaN,
      latencyP50S: committed ? quantile(latencies, 0.5) : Number.NaN,
      latencyP95S: committed ? quantile(latencies, 0.95) : Number.NaN,
      consensusTimeMeanMs: verified ? consensusSum / verified : Number.NaN,
      consensusTimeP95Ms: verified ? quantile(consensus, 0.95) : Number.NaN,
      meanTxPerBlock: blocks ? txInBlocks / blocks : 0,
      verificationSuccess: blocks ? verified / blocks : 0,
      ledgerConsistency: blocks ? consistentSum / blocks : 0,
      blocks,
      skippedSlots: skipped,
    },
  };
}
