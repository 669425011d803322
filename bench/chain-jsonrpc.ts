/**
 * JSON-RPC throughput against a `hardhat node` this bench starts on 127.0.0.1 (a free port) and stops
 * after: simple transactions through ethers with default options, with tuned options (fast polling,
 * explicit gas, raw eth_sendTransaction + one receipt read), and batch settlement of 10,000-trade
 * intervals over HTTP. Run: npx tsx bench/chain-jsonrpc.ts
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { ChainSettlement, jsonRpc } from "../lib/chain";
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
}

async function startNode(port: number): Promise<ChildProcess> {
  const root = path.resolve(__dirname, "..");
  const node = spawn(
    path.join(root, "node_modules/.bin/hardhat"),
    ["node", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: root,
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "HARDHAT_NETWORK")),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("hardhat node did not start in 120 s")), 120_000);
    node.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("Started HTTP")) {
        clearTimeout(t);
        resolve();
      }
    });
    node.on("exit", (c) => {
      clearTimeout(t);
      reject(new Error(`hardhat node exited ${c}`));
    });
  });
  return node;
}

async function main() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const node = await startNode(port);
  try {
    const runs = 3;
    // (1) ethers defaults: JsonRpcProvider(url) (4 s polling), signer.sendTransaction + wait
    const defaults: number[] = [];
    {
      const p = new JsonRpcProvider(url);
      const s = await p.getSigner(0);
      const to = await (await p.getSigner(1)).getAddress();
      for (let run = 0; run < runs; run++) {
        const n = 10;
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await (await s.sendTransaction({ to, value: 1n })).wait();
        defaults.push(n / ((performance.now() - t0) / 1000));
      }
      p.destroy();
    }
    // (2) tuned ethers: the adapter's options (50 ms polling, static network)
    const a = await jsonRpc(url);
    const tuned: number[] = [];
    const raw: number[] = [];
    const from = await (await a.signer(0)).getAddress();
    const to = await (await a.signer(1)).getAddress();
    {
      const s = await a.signer(0);
      for (let run = 0; run < runs; run++) {
        const n = 100;
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await (await s.sendTransaction({ to, value: 1n })).wait();
        tuned.push(n / ((performance.now() - t0) / 1000));
      }
    }
    // (3) raw: eth_sendTransaction with explicit gas (automine: mined on return) + one receipt read
    for (let run = 0; run < runs; run++) {
      const n = 300;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const h = await a.rpc("eth_sendTransaction", [{ from, to, value: "0x1", gas: "0x5208" }]);
        const r = (await a.rpc("eth_getTransactionReceipt", [h])) as { status: string } | null;
        if (r?.status !== "0x1") throw new Error("simple tx failed");
      }
      raw.push(n / ((performance.now() - t0) / 1000));
    }
    // (4) batch settlement over JSON-RPC: 10,000 trades / 1,000 entities per interval, end to end
    const chain = await ChainSettlement.deploy(a);
    await chain.fund(
      Array.from({ length: 1000 }, (_, i) => i),
      10n ** 15n,
    );
    await chain.settle(bigLog(999, 10_000, 1000));
    const batch: number[] = [];
    const gas: number[] = [];
    for (let run = 0; run < runs; run++) {
      const t0 = performance.now();
      const r = await chain.settle(bigLog(run + 1, 10_000, 1000));
      batch.push(10_000 / ((performance.now() - t0) / 1000));
      gas.push(Number(r.gasUsed) / 10_000);
    }
    await a.close();
    console.log(
      JSON.stringify({
        bench: "chain-jsonrpc",
        date: new Date().toISOString(),
        machine: machine(),
        node: `hardhat node ${require("hardhat/package.json").version} on ${url}`,
        simpleTxPerS: {
          ethersDefaults_sendTransaction_wait: summarise(defaults),
          ethersTuned_polling50ms: summarise(tuned),
          raw_explicitGas_receipt: summarise(raw),
        },
        batchSettlement: {
          tradesPerInterval: 10_000,
          entities: 1000,
          tradesSettledPerS_endToEnd: summarise(batch),
          gasPerTrade: summarise(gas),
        },
      }),
    );
  } finally {
    node.kill("SIGTERM");
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
