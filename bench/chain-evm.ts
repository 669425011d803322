/**
 * EVM bench: simple tx/s in process, batch settlement (trades/s committed, gas per trade), and
 * writes data/calibration/evm.json (read by the PoA model). Run: npx tsx bench/chain-evm.ts
 */
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ChainSettlement, inProcess, netInterval } from "../lib/chain";
import type { TradeLog } from "../lib/market/tradeLog";
import { machine, summarise } from "./util";

function bigLog(interval: number, n: number, entities: number): TradeLog {
  let x = 777 + interval;
  const r = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const l = {
    interval,
    count: n,
    seller: new Int32Array(n),
    buyer: new Int32Array(n),
    energyMwh: new Float64Array(n),
    priceUsdPerMwh: new Float64Array(n),
    feeUsd: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = Math.floor(r() * entities);
    l.seller[i] = s;
    l.buyer[i] = (s + 1 + Math.floor(r() * (entities - 1))) % entities;
    l.energyMwh[i] = 0.001 + r() * 0.2;
    l.priceUsdPerMwh[i] = 35 + r() * 145;
    l.feeUsd[i] = r() * 0.05;
  }
  return l;
}

async function main() {
  const a = await inProcess();
  const signer = await a.signer(0);
  const to = await (await a.signer(1)).getAddress();
  // simple transactions: value transfers, sent and awaited one by one
  const simpleRuns: number[] = [];
  const simpleGas: number[] = [];
  for (let run = 0; run < 5; run++) {
    const n = 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await (await signer.sendTransaction({ to, value: 1n })).wait();
      if (run === 0 && i === 0) simpleGas.push(Number(r?.gasUsed));
    }
    simpleRuns.push(n / ((performance.now() - t0) / 1000));
  }
  const chain = await ChainSettlement.deploy(a);
  const entities = 1000;
  await chain.fund(
    Array.from({ length: entities }, (_, i) => i),
    10n ** 15n,
  );
  const trades = 10_000;
  const onChainTps: number[] = [];
  const endToEndTps: number[] = [];
  const gasPerTrade: number[] = [];
  const gasPerAccount: number[] = [];
  const netMs: number[] = [];
  const txMs: number[] = [];
  const gasTotal: number[] = [];
  const accounts: number[] = [];
  for (let run = 0; run < 5; run++) {
    const l = bigLog(run + 1, trades, entities);
    const t0 = performance.now();
    netInterval(l); // off-chain netting + Merkle tree (timed separately)
    const tNet = performance.now() - t0;
    const t1 = performance.now();
    const r = await chain.settle(l);
    const tAll = performance.now() - t1;
    netMs.push(tNet);
    txMs.push(r.latencyMs);
    onChainTps.push(trades / (r.latencyMs / 1000));
    endToEndTps.push(trades / (tAll / 1000));
    gasPerTrade.push(Number(r.gasUsed) / trades);
    gasPerAccount.push(Number(r.gasUsed) / r.accounts);
    gasTotal.push(Number(r.gasUsed));
    accounts.push(r.accounts);
  }
  const out = {
    bench: "chain-evm",
    date: new Date().toISOString(),
    machine: machine(),
    versions: {
      hardhat: require("hardhat/package.json").version,
      ethers: require("ethers").version,
      solc: require("solc/package.json").version,
    },
    simpleTxPerS: summarise(simpleRuns),
    simpleTxGas: simpleGas[0],
    batch: {
      tradesPerInterval: trades,
      entities,
      accountsPerBatch: summarise(accounts),
      tradesCommittedPerS_onChainTx: summarise(onChainTps),
      tradesSettledPerS_endToEnd_inclNettingAndMerkle: summarise(endToEndTps),
      nettingAndMerkleMs: summarise(netMs),
      settleTxLatencyMs: summarise(txMs),
      gasPerTrade: summarise(gasPerTrade),
      gasPerAccount: summarise(gasPerAccount),
      gasPerBatch: summarise(gasTotal),
    },
  };
  console.log(JSON.stringify(out));
  const calib = {
    version: 1,
    measuredAt: out.date,
    machine: out.machine,
    versions: out.versions,
    note: "Measured by bench/chain-evm.ts on Hardhat's in-process EVM; read by lib/chain/poa.ts.",
    simpleTxGas: out.simpleTxGas,
    simpleTxExecMs: 1000 / out.simpleTxPerS.median,
    settlementGasPerAccount: out.batch.gasPerAccount.median,
    settlementGasPerTrade: out.batch.gasPerTrade.median,
    settlementGasFixed: Math.max(
      0,
      out.batch.gasPerBatch.median - out.batch.gasPerAccount.median * out.batch.accountsPerBatch.median,
    ),
    settlementExecMsPerAccount: out.batch.settleTxLatencyMs.median / out.batch.accountsPerBatch.median,
  };
  const file = path.resolve(__dirname, "../data/calibration/evm.json");
  writeFileSync(`${file}.tmp`, `${JSON.stringify(calib, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  await a.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
