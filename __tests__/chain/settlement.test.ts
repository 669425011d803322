import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { concat, keccak256, solidityPacked } from "ethers";
import {
  ChainSettlement,
  entityAddress,
  inProcess,
  jsonRpc,
  MerkleTree,
  netInterval,
  PositionNetter,
  packTrades,
  tradeGroupLeaf,
  tradeLeaf,
  verifyProof,
  windowId,
} from "../../lib/chain";
import type { TradeLog } from "../../lib/market/tradeLog";

function log(interval: number, rows: [number, number, number, number, number][]): TradeLog {
  return {
    interval,
    count: rows.length,
    seller: Int32Array.from(rows.map((r) => r[0])),
    buyer: Int32Array.from(rows.map((r) => r[1])),
    energyMwh: Float64Array.from(rows.map((r) => r[2])),
    priceUsdPerMwh: Float64Array.from(rows.map((r) => r[3])),
    feeUsd: Float64Array.from(rows.map((r) => r[4])),
  };
}

/** Deterministic pseudo-random log (LCG; test data only). */
function bigLog(interval: number, n: number, entities: number): TradeLog {
  let x = 12345;
  const r = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const rows: [number, number, number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.floor(r() * entities);
    const b = (s + 1 + Math.floor(r() * (entities - 1))) % entities;
    rows.push([s, b, 0.001 + r() * 0.2, 35 + r() * 145, r() * 0.05]);
  }
  return log(interval, rows);
}

describe("netInterval", () => {
  test("hand-computed positions; energy and money conserved exactly", () => {
    // 0 sells 1.5 MWh to 1 at $40 (fee $0.10); 2 sells 0.5 MWh to 1 at $60 (fee $0.05)
    const b = netInterval(
      log(3, [
        [0, 1, 1.5, 40, 0.1],
        [2, 1, 0.5, 60, 0.05],
      ]),
    );
    expect(Array.from(b.entities)).toEqual([0, 1, 2]);
    expect(Array.from(b.netEnergyMicroMwh)).toEqual([1_500_000, -2_000_000, 500_000]);
    expect(Array.from(b.netPaymentMicroUsd)).toEqual([60_000_000, -90_150_000, 30_000_000]);
    expect(b.feeMicroUsd).toBe(150_000);
  });
  test("random logs: sums equal an independent BigInt netting; every trade proves into the root", () => {
    const l = bigLog(1, 300, 40);
    const b = netInterval(l);
    // independent: BigInt arithmetic per trade, as the contract would do it
    const e = new Map<number, bigint>();
    const p = new Map<number, bigint>();
    const add = (m: Map<number, bigint>, k: number, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
    let fee = 0n;
    for (let i = 0; i < l.count; i++) {
      const ei = BigInt(Math.round(l.energyMwh[i] * 1e6));
      const pi = BigInt(Math.round(l.priceUsdPerMwh[i] * 1e6));
      const fi = BigInt(Math.round(l.feeUsd[i] * 1e6));
      const v = (ei * pi + 500_000n) / 1_000_000n;
      add(e, l.seller[i], ei);
      add(e, l.buyer[i], -ei);
      add(p, l.seller[i], v);
      add(p, l.buyer[i], -v - fi);
      fee += fi;
    }
    b.entities.forEach((id, j) => {
      expect(BigInt(b.netEnergyMicroMwh[j])).toBe(e.get(id));
      expect(BigInt(b.netPaymentMicroUsd[j])).toBe(p.get(id));
    });
    expect(BigInt(b.feeMicroUsd)).toBe(fee);
    expect(b.netEnergyMicroMwh.reduce((s, v) => s + v, 0)).toBe(0);
    expect(b.netPaymentMicroUsd.reduce((s, v) => s + v, 0) + b.feeMicroUsd).toBe(0);
    const tree = b.tree as MerkleTree;
    const trade = (i: number) => ({
      intervalId: 1n,
      index: i,
      seller: l.seller[i],
      buyer: l.buyer[i],
      energyMicroMwh: Math.round(l.energyMwh[i] * 1e6),
      priceMicroUsdPerMwh: Math.round(l.priceUsdPerMwh[i] * 1e6),
    });
    expect(tree.leafCount).toBe(100); // 300 trades, 3 per leaf
    for (const j of [0, 1, 50, 99]) {
      expect(tree.leaf(j)).toBe(tradeGroupLeaf([trade(3 * j), trade(3 * j + 1), trade(3 * j + 2)]));
      expect(verifyProof(tree.leaf(j), tree.proof(j), b.tradesRoot)).toBe(true);
    }
    expect(verifyProof(tree.leaf(3), tree.proof(4), b.tradesRoot)).toBe(false);
    // 301 trades: the last leaf holds one trade
    const l2 = bigLog(1, 301, 40);
    const t2 = netInterval(l2).tree as MerkleTree;
    expect(t2.leafCount).toBe(101);
    expect(t2.leaf(100)).toBe(
      tradeLeaf({
        intervalId: 1n,
        index: 300,
        seller: l2.seller[300],
        buyer: l2.buyer[300],
        energyMicroMwh: Math.round(l2.energyMwh[300] * 1e6),
        priceMicroUsdPerMwh: Math.round(l2.priceUsdPerMwh[300] * 1e6),
      }),
    );
    expect(() => netInterval(log(2, [[0, 1, 0, 40, 0]]))).toThrow(/energyMwh\[0\] must be > 0/);
  });

  test("leaf and tree hashing match ethers' keccak256 over the packed encoding (independent path)", () => {
    const enc = (t: [number, number, number, number, number, number]) =>
      solidityPacked(["uint64", "uint32", "uint32", "uint32", "uint64", "uint64"], t);
    const rows: [number, number, number, number, number, number][] = [
      [7, 0, 1, 2, 1000, 50_000_000],
      [2 ** 40 + 3, 4_000_000_000, 38_000, 12, 2 ** 52 + 1, 180_000_000],
      [0, 1, 0, 0, 1, 0],
    ];
    const leaves = rows.map((t) =>
      tradeLeaf({
        intervalId: t[0],
        index: t[1],
        seller: t[2],
        buyer: t[3],
        energyMicroMwh: t[4],
        priceMicroUsdPerMwh: t[5],
      }),
    );
    rows.forEach((t, i) => {
      expect(leaves[i]).toBe(keccak256(enc(t)));
    });
    const asInput = (t: number[]) => ({
      intervalId: t[0],
      index: t[1],
      seller: t[2],
      buyer: t[3],
      energyMicroMwh: t[4],
      priceMicroUsdPerMwh: t[5],
    });
    const group = rows.map(asInput);
    expect(tradeGroupLeaf(group)).toBe(keccak256(concat(rows.map(enc))));
    expect(packTrades(group)).toBe(concat(rows.map(enc)));
    const pair = (a: string, b: string) =>
      keccak256(concat(a.toLowerCase() < b.toLowerCase() ? [a, b] : [b, a]));
    const root = pair(pair(leaves[0], leaves[1]), leaves[2]);
    expect(new MerkleTree(leaves).root).toBe(root);
  });

  test("a window nets several intervals; a trade proves into the window root through its interval root", () => {
    const netter = new PositionNetter();
    const logs = [bigLog(10, 50, 20), bigLog(11, 70, 20), bigLog(12, 30, 20)];
    const singles = logs.map((l) => netInterval(l));
    logs.forEach((l, i) => {
      expect(netter.add(l, i === 1)).toBe(singles[i].tradesRoot);
    });
    const w = netter.take(windowId(10, 3));
    expect(w.tradeCount).toBe(150);
    expect(w.intervals).toBe(3);
    const sum = new Map<number, number>();
    for (const s of singles)
      s.entities.forEach((id, j) => {
        sum.set(id, (sum.get(id) ?? 0) + s.netEnergyMicroMwh[j]);
      });
    w.entities.forEach((id, j) => {
      expect(w.netEnergyMicroMwh[j]).toBe(sum.get(id));
    });
    const top = new MerkleTree(singles.map((s) => s.tradesRoot));
    expect(w.tradesRoot).toBe(top.root);
    const t1 = singles[1].tree as MerkleTree;
    expect(verifyProof(t1.leaf(5), [...t1.proof(5), ...top.proof(1)], w.tradesRoot)).toBe(true);
    expect(verifyProof(t1.leaf(5), [...t1.proof(5), ...top.proof(0)], w.tradesRoot)).toBe(false);
    expect(windowId(10, 1)).toBe(10n);
    expect(windowId(10, 96)).toBe((96n << 32n) | 10n);
  });
});

describe("ChainSettlement in process", () => {
  test("a 2,000-trade interval settles in one tx; second settlement reverts", async () => {
    const chain = await ChainSettlement.deploy(await inProcess());
    const l = bigLog(42, 2000, 300);
    await chain.fund(
      Array.from({ length: 300 }, (_, i) => i),
      10n ** 12n,
    );
    const r = await chain.settle(l);
    expect(r.tradeCount).toBe(2000);
    expect(r.accounts).toBeLessThanOrEqual(300);
    expect(r.gasUsed).toBeGreaterThan(21_000n);
    expect(await chain.contract.getFunction("isSettled")(42)).toBe(true);
    expect(r.chunks).toBe(1);
    await expect(chain.settle(l)).rejects.toThrow(/AlreadySettled/);
  }, 60_000);

  test("a batch of 3,000 new accounts is cut into chunks by gas budget and settles; value conserved", async () => {
    const a = await inProcess();
    const chain = await ChainSettlement.deploy(a, { maxGasPerTx: 10_000_000 });
    const n = 3000;
    await chain.fund(
      Array.from({ length: n }, (_, i) => i),
      10n ** 12n,
    );
    const l = bigLog(77, 6000, n);
    const b = netInterval(l, { keepTree: false });
    const c = chain.contract;
    const bal0 = (await a.provider.getBalance(await c.getAddress())) as bigint;
    const r = await chain.settle(l);
    expect(r.accounts).toBe(b.entities.length);
    expect(r.accounts).toBeGreaterThan(2000);
    expect(r.chunks).toBeGreaterThan(1);
    expect(Number(r.gasUsed) / r.chunks).toBeLessThan(10_500_000);
    expect(await c.getFunction("isSettled")(77)).toBe(true);
    // spot checks against the netted positions: a seller's credit and a buyer's debit
    const js = b.netPaymentMicroUsd.findIndex((v) => v > 0);
    const jb = b.netPaymentMicroUsd.findIndex((v) => v < 0);
    expect(await c.getFunction("withdrawable")(entityAddress(b.entities[js]))).toBe(
      BigInt(b.netPaymentMicroUsd[js]),
    );
    expect(10n ** 12n - (await c.getFunction("deposits")(entityAddress(b.entities[jb])))).toBe(
      BigInt(-b.netPaymentMicroUsd[jb]),
    );
    expect(await a.provider.getBalance(await c.getAddress())).toBe(bal0);
    await expect(chain.settle(l)).rejects.toThrow(/AlreadySettled/);
  }, 120_000);
});

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

describe("jsonRpc adapter against `hardhat node`", () => {
  let node: ChildProcess | undefined;
  let url = "";
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const root = path.resolve(__dirname, "../..");
    node = spawn(
      path.join(root, "node_modules/.bin/hardhat"),
      ["node", "--hostname", "127.0.0.1", "--port", String(port)],
      {
        cwd: root,
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "HARDHAT_NETWORK")),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    node.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("hardhat node did not start in 60 s")), 60_000);
      node?.stdout?.on("data", (d: Buffer) => {
        if (d.toString().includes("Started HTTP")) {
          clearTimeout(t);
          resolve();
        }
      });
      node?.on("exit", (c) => {
        clearTimeout(t);
        reject(new Error(`hardhat node exited ${c}: ${err}`));
      });
    });
  }, 90_000);
  afterAll(() => {
    node?.kill("SIGTERM");
  });

  test("settles an interval over JSON-RPC", async () => {
    const a = await jsonRpc(url);
    try {
      const chain = await ChainSettlement.deploy(a);
      await chain.fund([0, 1, 2], 10n ** 9n);
      const r = await chain.settle(
        log(5, [
          [0, 1, 1.5, 40, 0.1],
          [2, 1, 0.5, 60, 0.05],
        ]),
      );
      expect(r.accounts).toBe(3);
      expect(r.blockNumber).toBeGreaterThan(0);
    } finally {
      await a.close();
    }
  }, 60_000);
});

test("jsonRpc errors name the URL and the RPC method", async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  await expect(jsonRpc(dead)).rejects.toThrow(new RegExp(`${dead.replace(/[.]/g, "\\.")}.*eth_accounts`));
}, 30_000);
