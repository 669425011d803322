/**
 * EVM bench: simple tx/s in process (through ethers, through Hardhat's provider directly, with
 * and without automine), batch settlement end to end (netting + Merkle + calldata + transactions),
 * a chunked batch of 20,000 new accounts, and writes data/calibration/evm.json (read by the PoA
 * model). Run: npx tsx bench/chain-evm.ts
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
  const from = await signer.getAddress();
  const to = await (await a.signer(1)).getAddress();
  const runs = 5;
  const n = 300;
  // Simple transactions, five variants measured round-robin (run 1 of each, run 2 of each, ...) so
  // that drifting load from other jobs hits every variant alike:
  //  ethers: signer.sendTransaction + wait, one by one (automine);
  //  provider*: Hardhat's provider directly, the node signs (unlocked account), explicit gas (no
  //  eth_estimateGas) or not, receipt read once or not;
  //  automineOff: n transactions, then one evm_mine (block production amortised).
  const ethersRuns: number[] = [];
  const directReceipt: number[] = [];
  const directNoReceipt: number[] = [];
  const directEstimate: number[] = [];
  const batchedRuns: number[] = [];
  let simpleGas = 0;
  const tx = { from, to, value: "0x1", gas: "0x5208" };
  const timeIt = async (out: number[], body: () => Promise<void>) => {
    const t0 = performance.now();
    await body();
    out.push(n / ((performance.now() - t0) / 1000));
  };
  for (let run = 0; run < runs; run++) {
    await timeIt(ethersRuns, async () => {
      for (let i = 0; i < n; i++) {
        const r = await (await signer.sendTransaction({ to, value: 1n })).wait();
        if (run === 0 && i === 0) simpleGas = Number(r?.gasUsed);
      }
    });
    for (const [out, withReceipt, gas] of [
      [directReceipt, true, true],
      [directNoReceipt, false, true],
      [directEstimate, true, false],
    ] as const) {
      await timeIt(out, async () => {
        for (let i = 0; i < n; i++) {
          const h = await a.rpc("eth_sendTransaction", [gas ? tx : { from, to, value: "0x1" }]);
          if (withReceipt) {
            const r = (await a.rpc("eth_getTransactionReceipt", [h])) as { status: string } | null;
            if (r?.status !== "0x1") throw new Error("simple tx failed");
          }
        }
      });
    }
    await a.rpc("evm_setAutomine", [false]);
    const hs: unknown[] = [];
    await timeIt(batchedRuns, async () => {
      for (let i = 0; i < n; i++) hs.push(await a.rpc("eth_sendTransaction", [tx]));
      await a.rpc("evm_mine", []);
      const r = (await a.rpc("eth_getTransactionReceipt", [hs[n - 1]])) as { status: string } | null;
      if (r?.status !== "0x1") throw new Error("batched simple tx failed");
    });
    await a.rpc("evm_setAutomine", [true]);
  }

  // batch settlement, end to end: netting + Merkle + calldata + transaction(s) + receipt(s)
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
  const warm = bigLog(999, trades, entities); // first use credits every seller's slot (cold); not timed
  await chain.settle(warm);
  for (let run = 0; run < runs; run++) {
    const l = bigLog(run + 1, trades, entities);
    const t0 = performance.now();
    netInterval(l, { keepTree: false }); // off-chain netting + Merkle root alone (timed separately)
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
  // many new accounts: 100,000 trades among 20,000 entities never credited before (chunked by gas)
  const big = { trades: 100_000, entities: 20_000 } as const;
  const bigChain = await ChainSettlement.deploy(a);
  await bigChain.fund(
    Array.from({ length: big.entities }, (_, i) => i),
    10n ** 15n,
  );
  const bigRuns: { ms: number; chunks: number; accounts: number; gas: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const l = bigLog(100 + run, big.trades, big.entities);
    const t0 = performance.now();
    const r = await bigChain.settle(l);
    bigRuns.push({
      ms: performance.now() - t0,
      chunks: r.chunks,
      accounts: r.accounts,
      gas: Number(r.gasUsed),
    });
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
    simpleTx: {
      txPerRun: n,
      ethers_sendTransaction_wait: summarise(ethersRuns),
      provider_explicitGas_receipt: summarise(directReceipt),
      provider_explicitGas_noReceipt: summarise(directNoReceipt),
      provider_estimateGas_receipt: summarise(directEstimate),
      provider_automineOff_oneBlock: summarise(batchedRuns),
    },
    simpleTxPerS: summarise(directReceipt),
    simpleTxGas: simpleGas,
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
    batchNewAccounts: {
      trades: big.trades,
      entities: big.entities,
      note: "first settlement credits most sellers for the first time (zero-to-nonzero slots); later runs are warm",
      runs: bigRuns.map((r) => ({
        ...r,
        tradesPerS: big.trades / (r.ms / 1000),
        gasPerAccount: r.gas / r.accounts,
      })),
    },
  };
  console.log(JSON.stringify(out));
  const calib = {
    version: 1,
    measuredAt: out.date,
    machine: out.machine,
    versions: out.versions,
    note: "Measured by bench/chain-evm.ts on Hardhat's in-process EVM; read by lib/chain/poa.ts. simpleTxExecMs = 1 / (simple tx/s through the provider, explicit gas, receipt read); settlement* from warm 10,000-trade / 1,000-entity batches.",
    simpleTxGas: out.simpleTxGas,
    simpleTxExecMs: 1000 / out.simpleTxPerS.median,
    settlementGasPerAccount: out.batch.gasPerAccount.median,
    settlementGasPerTrade: out.batch.gasPerTrade.median,
    settlementGasFixed: Math.max(
      0,
      out.batch.gasPerBatch.median - out.batch.gasPerAccount.median * out.batch.accountsPerBatch.median,
    ),
    settlementExecMsPerAccount: out.batch.settleTxLatencyMs.median / out.batch.accountsPerBatch.median,
    /** EVM execution speed of a settlement transaction (gas / wall time of send-to-receipt). */
    evmGasPerS: out.batch.gasPerBatch.median / (out.batch.settleTxLatencyMs.median / 1000),
    settlementGasPerNewAccount: out.batchNewAccounts.runs[0].gasPerAccount,
    settlementEndToEndTradesPerS: out.batch.tradesSettledPerS_endToEnd_inclNettingAndMerkle.median,
    nettingAndMerkleMsPer10kTrades: out.batch.nettingAndMerkleMs.median,
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
