import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ChainSettlement, inProcess, jsonRpc, netInterval, verifyProof } from "../../lib/chain";
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
    expect(b.netEnergyMicroMwh).toEqual([1_500_000n, -2_000_000n, 500_000n]);
    expect(b.netPaymentMicroUsd).toEqual([60_000_000n, -90_150_000n, 30_000_000n]);
    expect(b.feeMicroUsd).toBe(150_000n);
  });
  test("random logs: sums are exact; every trade proves into the root", () => {
    const b = netInterval(bigLog(1, 300, 40));
    expect(b.netEnergyMicroMwh.reduce((s, v) => s + v, 0n)).toBe(0n);
    expect(b.netPaymentMicroUsd.reduce((s, v) => s + v, 0n) + b.feeMicroUsd).toBe(0n);
    for (const i of [0, 1, 150, 299]) {
      expect(verifyProof(b.tree["layers" as never][0][i], b.tree.proof(i), b.tradesRoot)).toBe(true);
    }
    expect(() => netInterval(log(2, [[0, 1, 0, 40, 0]]))).toThrow(/energyMwh\[0\] must be > 0/);
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
    await expect(chain.settle(l)).rejects.toThrow(/AlreadySettled|reverted/);
  }, 60_000);
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
