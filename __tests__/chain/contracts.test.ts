import type { Contract } from "ethers";
import { type ChainAdapter, inProcess } from "../../lib/chain";
import { MerkleTree, packTrades, type TradeLeafInput, tradeGroupLeaf } from "../../lib/chain/merkle";
import { deploy, ROLE, revertName } from "./helpers";

let a: ChainAdapter;
let admin: string;
let user: string;
let other: string;

beforeAll(async () => {
  a = await inProcess();
  admin = await (await a.signer(0)).getAddress();
  user = await (await a.signer(1)).getAddress();
  other = await (await a.signer(2)).getAddress();
}, 120_000);

const as = async (c: Contract, i: number) => c.connect(await a.signer(i)) as Contract;

describe("DynamicPricing", () => {
  test("only the market coordinator sets prices; once per interval; paused refuses", async () => {
    const p = await deploy(a, "DynamicPricing", [admin]);
    expect(await revertName(p, (await as(p, 1)).getFunction("setPrice")(1, 50_000_000))).toBe(
      "AccessControlUnauthorizedAccount",
    );
    await (await p.getFunction("grantRole")(ROLE.MARKET_COORDINATOR, user)).wait();
    await (await (await as(p, 1)).getFunction("setPrice")(1, 50_000_000)).wait();
    expect(await p.getFunction("priceOf")(1)).toBe(50_000_000n);
    expect(await revertName(p, (await as(p, 1)).getFunction("setPrice")(1, 60_000_000))).toBe(
      "PriceAlreadySet",
    );
    expect(await revertName(p, (await as(p, 1)).getFunction("setPrice")(2, 0))).toBe("ZeroPrice");
    expect(await revertName(p, p.getFunction("priceOf").staticCall(9))).toBe("PriceNotSet");
    expect(await revertName(p, (await as(p, 1)).getFunction("pause")())).toBe(
      "AccessControlUnauthorizedAccount",
    );
    await (await p.getFunction("pause")()).wait();
    expect(await revertName(p, (await as(p, 1)).getFunction("setPrice")(3, 1))).toBe("EnforcedPause");
    await (await p.getFunction("unpause")()).wait();
    await (await (await as(p, 1)).getFunction("setPrice")(3, 1)).wait();
  });
});

describe("GridFee", () => {
  test("only the operator sets fees; bound enforced; feeFor arithmetic", async () => {
    const g = await deploy(a, "GridFee", [admin]);
    expect(await revertName(g, (await as(g, 1)).getFunction("setFee")(1, 1))).toBe(
      "AccessControlUnauthorizedAccount",
    );
    expect(await revertName(g, g.getFunction("setFee")(1, 1_000_000_001n))).toBe("FeeTooHigh");
    await (await g.getFunction("setFee")(10_000, 2_000_000)).wait();
    // 3 trades x 0.01 USD + 2.5 MWh x 2 USD/MWh = 5.03 USD
    expect(await g.getFunction("feeFor")(3, 2_500_000)).toBe(5_030_000n);
    await (await g.getFunction("pause")()).wait();
    expect(await revertName(g, g.getFunction("setFee")(1, 1))).toBe("EnforcedPause");
  });
});

describe("EnergyTrading", () => {
  test("registered participants only; malformed batches revert with named errors", async () => {
    const t = await deploy(a, "EnergyTrading", [admin]);
    await (await t.getFunction("grantRole")(ROLE.MARKET_COORDINATOR, admin)).wait();
    expect(await revertName(t, (await as(t, 1)).getFunction("register")(user))).toBe(
      "AccessControlUnauthorizedAccount",
    );
    await (await t.getFunction("register")(user)).wait();
    await (await t.getFunction("register")(other)).wait();
    const rec = t.getFunction("recordTrades");
    expect(await revertName(t, rec(1, [user], [other, user], [1], [1]))).toBe("LengthMismatch");
    expect(await revertName(t, rec(1, [], [], [], []))).toBe("EmptyBatch");
    expect(await revertName(t, rec(1, [admin], [other], [1], [1]))).toBe("NotRegistered");
    expect(await revertName(t, rec(1, [user], [admin], [1], [1]))).toBe("NotRegistered");
    expect(await revertName(t, rec(1, [user], [user], [1], [1]))).toBe("SelfTrade");
    expect(await revertName(t, rec(1, [user], [other], [0], [1]))).toBe("ZeroEnergy");
    const r = await (await rec(1, [user, other], [other, user], [5, 7], [1, 2])).wait();
    expect(r.logs.length).toBe(2);
    expect(await t.getFunction("tradeCount")(1)).toBe(2n);
    expect(await t.getFunction("isParticipant")(user)).toBe(true);
    await (await t.getFunction("pause")()).wait();
    expect(await revertName(t, rec(2, [user], [other], [1], [1]))).toBe("EnforcedPause");
  });
});

describe("RenewableCertificate", () => {
  test("only the meter issues; transfer; claim burns and records", async () => {
    const c = await deploy(a, "RenewableCertificate", [admin]);
    expect(await revertName(c, c.getFunction("issue")(user, 1, 1000))).toBe(
      "AccessControlUnauthorizedAccount",
    );
    await (await c.getFunction("grantRole")(ROLE.METER, admin)).wait();
    expect(await revertName(c, c.getFunction("issue")(user, 1, 0))).toBe("ZeroAmount");
    await (await c.getFunction("issue")(user, 1, 1000)).wait();
    const cu = await as(c, 1);
    await (await cu.getFunction("safeTransferFrom")(user, other, 1, 400, "0x")).wait();
    expect(await revertName(cu, cu.getFunction("claim")(1, 700))).toBe("InsufficientCertificates");
    expect(await revertName(cu, cu.getFunction("claim")(1, 0))).toBe("ZeroAmount");
    await (await cu.getFunction("claim")(1, 600)).wait();
    expect(await c.getFunction("balanceOf")(user, 1)).toBe(0n);
    expect(await c.getFunction("claimedBy")(1, user)).toBe(600n);
    expect(await c.getFunction("balanceOf")(other, 1)).toBe(400n);
    expect(await c.getFunction("supportsInterface")("0xd9b67a26")).toBe(true); // ERC-1155
    await (await c.getFunction("pause")()).wait();
    expect(
      await revertName(c, (await as(c, 2)).getFunction("safeTransferFrom")(other, user, 1, 1, "0x")),
    ).toBe("EnforcedPause");
    await (await c.getFunction("unpause")()).wait();
  });
});

describe("Settlement", () => {
  let s: Contract;
  const tradeArgs = (i: number) => ({
    intervalId: 7n,
    index: i,
    seller: i,
    buyer: i + 1,
    energyMicroMwh: BigInt(1000 + i),
    priceMicroUsdPerMwh: 50_000_000n,
  });
  // 5 trades -> leaves {0,1,2} and {3,4}
  const groups: TradeLeafInput[][] = [[0, 1, 2].map(tradeArgs), [3, 4].map(tradeArgs)];
  const tree = new MerkleTree(groups.map(tradeGroupLeaf));

  beforeAll(async () => {
    s = await deploy(a, "Settlement", [admin, other]);
    await (await s.getFunction("grantRole")(ROLE.MARKET_COORDINATOR, admin)).wait();
    await (await (await as(s, 1)).getFunction("deposit")({ value: 1_000n })).wait();
  });

  const settle = (
    c: Contract,
    id: number,
    root: string,
    accs: string[],
    e: bigint[],
    p: bigint[],
    fee: bigint,
  ) => c.getFunction("settleInterval")(id, root, 5, accs, e, p, fee);

  test("role, balance and input checks revert with named errors", async () => {
    const r = tree.root;
    expect(
      await revertName(s, settle(await as(s, 1), 7, r, [admin, user], [1n, -1n], [600n, -600n], 0n)),
    ).toBe("AccessControlUnauthorizedAccount");
    expect(await revertName(s, settle(s, 7, r, [admin, user], [1n], [600n, -600n], 0n))).toBe(
      "LengthMismatch",
    );
    expect(await revertName(s, settle(s, 7, r, [], [], [], 0n))).toBe("EmptyBatch");
    expect(
      await revertName(s, settle(s, 7, `0x${"00".repeat(32)}`, [admin, user], [1n, -1n], [600n, -600n], 0n)),
    ).toBe("ZeroRoot");
    expect(await revertName(s, settle(s, 7, r, [admin, user], [2n, -1n], [600n, -600n], 0n))).toBe(
      "EnergyNotBalanced",
    );
    expect(await revertName(s, settle(s, 7, r, [admin, user], [1n, -1n], [600n, -650n], 0n))).toBe(
      "PaymentsNotBalanced",
    );
    expect(await revertName(s, settle(s, 7, r, [admin, user], [1n, -1n], [600n, -2000n], 1400n))).toBe(
      "InsufficientDeposit",
    );
  });

  test("value conserved exactly; second settlement of the interval reverts; Merkle proofs", async () => {
    const before = (await s.getFunction("deposits")(user)) as bigint;
    await (await settle(s, 7, tree.root, [admin, user], [1n, -1n], [600n, -650n], 50n)).wait();
    expect(before - (await s.getFunction("deposits")(user))).toBe(650n);
    expect(await s.getFunction("withdrawable")(admin)).toBe(600n);
    expect(await s.getFunction("withdrawable")(other)).toBe(50n);
    expect(await s.getFunction("isSettled")(7)).toBe(true);
    expect(await revertName(s, settle(s, 7, tree.root, [admin, user], [1n, -1n], [1n, -1n], 0n))).toBe(
      "AlreadySettled",
    );
    const v = s.getFunction("verifyTradeGroup");
    const dec = s.getFunction("decodeTrade");
    for (let j = 0; j < 2; j++) {
      expect(await v(7, packTrades(groups[j]), tree.proof(j))).toBe(true);
      for (let k = 0; k < groups[j].length; k++) {
        const t = groups[j][k];
        expect(Array.from(await dec(packTrades(groups[j]), k))).toEqual([
          t.intervalId,
          BigInt(t.index),
          BigInt(t.seller),
          BigInt(t.buyer),
          t.energyMicroMwh,
          t.priceMicroUsdPerMwh,
        ]);
      }
    }
    // forged: energy altered, and a proof of another leaf
    const forged = [tradeArgs(0), { ...tradeArgs(1), energyMicroMwh: 1002n }, tradeArgs(2)];
    expect(await v(7, packTrades(forged), tree.proof(0))).toBe(false);
    expect(await v(7, packTrades(groups[0]), tree.proof(1))).toBe(false);
    expect(await revertName(s, v.staticCall(8, packTrades(groups[0]), []))).toBe("UnknownInterval");
    expect(await revertName(s, v.staticCall(7, "0x1234", []))).toBe("BadTradeGroup");
    expect(await revertName(s, v.staticCall(7, `0x${"00".repeat(144)}`, []))).toBe("BadTradeGroup");
    expect(await revertName(s, dec.staticCall(packTrades(groups[1]), 2))).toBe("TradeOutOfGroup");
  });

  test("pull payments: withdraw pays once; reentrancy is blocked; paused refuses", async () => {
    const so = await as(s, 2);
    await (await so.getFunction("withdraw")()).wait();
    expect(await s.getFunction("withdrawable")(other)).toBe(0n);
    expect(await revertName(so, so.getFunction("withdraw")())).toBe("NothingToWithdraw");
    // reentrancy: an attacker contract credited via settlement tries to re-enter withdraw
    const atk = await deploy(a, "ReentrantWithdrawer", [await s.getAddress()]);
    const atkAddr = await atk.getAddress();
    await (await s.getFunction("depositBatch")([user], [500n], { value: 500n })).wait();
    expect(await revertName(s, s.getFunction("depositBatch")([user], [500n], { value: 1n }))).toBe(
      "DepositMismatch",
    );
    expect(await revertName(s, s.getFunction("depositBatch")([user], [], { value: 0n }))).toBe(
      "LengthMismatch",
    );
    await (await settle(s, 9, tree.root, [atkAddr, user], [1n, -1n], [300n, -300n], 0n)).wait();
    const bal0 = await a.provider.getBalance(await s.getAddress());
    await (await atk.getFunction("attack")()).wait();
    expect(await atk.getFunction("reentryAttempts")()).toBe(1n);
    expect(await atk.getFunction("reentrySucceeded")()).toBe(false);
    expect(bal0 - (await a.provider.getBalance(await s.getAddress()))).toBe(300n);
    expect(await a.provider.getBalance(atkAddr)).toBe(300n);
    await (await s.getFunction("pause")()).wait();
    expect(await revertName(s, (await as(s, 1)).getFunction("deposit")({ value: 1n }))).toBe("EnforcedPause");
    expect(await revertName(s, settle(s, 10, tree.root, [admin, user], [1n, -1n], [1n, -1n], 0n))).toBe(
      "EnforcedPause",
    );
    expect(await revertName(s, s.getFunction("withdraw")())).toBe("EnforcedPause");
    expect(await revertName(s, s.getFunction("depositBatch")([], [], { value: 0n }))).toBe("EnforcedPause");
    await (await s.getFunction("unpause")()).wait();
  });
});

describe("Settlement in chunks", () => {
  let s: Contract;
  const root = `0x${"ab".repeat(32)}`;
  const chunk = (
    c: Contract,
    id: number,
    k: number,
    n: number,
    accs: string[],
    e: bigint[],
    p: bigint[],
    fee = 0n,
    r = root,
  ) => c.getFunction("settleIntervalChunk")([r, fee, id, 4, k, n], accs, e, p);

  beforeAll(async () => {
    s = await deploy(a, "Settlement", [admin, other]);
    await (await s.getFunction("grantRole")(ROLE.MARKET_COORDINATOR, admin)).wait();
    await (await (await as(s, 1)).getFunction("deposit")({ value: 10_000n })).wait();
  });

  test("on-chain leaf equals the off-chain packed leaf", async () => {
    const t = {
      intervalId: 2n ** 40n + 5n,
      index: 9,
      seller: 38_000,
      buyer: 3,
      energyMicroMwh: 123_456n,
      priceMicroUsdPerMwh: 99_000_000n,
    };
    const u = { ...t, index: 10, seller: 4 };
    expect(await s.getFunction("groupLeaf")(packTrades([t, u]))).toBe(tradeGroupLeaf([t, u]));
  });

  test("chunks land in order; debits before credits; balance checked on the last; idempotent", async () => {
    // user (buyer) pays 700 + fee 100; admin receives 400, other receives 300
    expect(await revertName(s, chunk(s, 1, 0, 0, [user], [-3n], [-800n]))).toBe("BadChunkCount");
    expect(await revertName(s, chunk(s, 1, 1, 2, [user], [-3n], [-800n]))).toBe("ChunkOutOfOrder");
    expect(await revertName(s, chunk(s, 1, 0, 2, [admin], [1n], [400n]))).toBe("CreditBeforeDebit");
    await (await chunk(s, 1, 0, 2, [user], [-3n], [-800n])).wait();
    expect(await s.getFunction("isSettled")(1)).toBe(false);
    expect(await revertName(s, chunk(s, 1, 0, 2, [user], [-3n], [-800n]))).toBe("ChunkOutOfOrder");
    expect(
      await revertName(
        s,
        chunk(s, 1, 1, 2, [admin, other], [1n, 2n], [400n, 300n], 100n, `0x${"cd".repeat(32)}`),
      ),
    ).toBe("ChunkMismatch");
    expect(await revertName(s, chunk(s, 1, 1, 2, [admin, other], [1n, 1n], [400n, 300n], 100n))).toBe(
      "EnergyNotBalanced",
    );
    expect(await revertName(s, chunk(s, 1, 1, 2, [admin, other], [1n, 2n], [400n, 300n], 0n))).toBe(
      "PaymentsNotBalanced",
    );
    await (await chunk(s, 1, 1, 2, [admin, other], [1n, 2n], [400n, 300n], 100n)).wait();
    expect(await s.getFunction("isSettled")(1)).toBe(true);
    expect(await s.getFunction("deposits")(user)).toBe(10_000n - 800n);
    expect(await s.getFunction("withdrawable")(admin)).toBe(400n);
    expect(await s.getFunction("withdrawable")(other)).toBe(400n); // 300 + fee 100 (fee collector)
    expect((await s.getFunction("inProgress")(1)).nextChunk).toBe(0n);
    expect(await revertName(s, chunk(s, 1, 0, 1, [user], [-1n], [-1n], 1n))).toBe("AlreadySettled");
  });

  test("a window's trade verifies through its interval root", async () => {
    const mk = (iv: bigint, i: number) => ({
      intervalId: iv,
      index: i,
      seller: i,
      buyer: i + 1,
      energyMicroMwh: 10n + BigInt(i),
      priceMicroUsdPerMwh: 7n,
    });
    const g5 = [[0, 1, 2].map((i) => mk(5n, i)), [mk(5n, 3)]];
    const t5 = new MerkleTree(g5.map(tradeGroupLeaf));
    const t6 = new MerkleTree([tradeGroupLeaf([0, 1].map((i) => mk(6n, i)))]);
    const top = new MerkleTree([t5.root, t6.root]);
    const sid = (2n << 32n) | 5n;
    await (
      await s.getFunction("settleInterval")(sid, top.root, 6, [user, admin], [-1n, 1n], [-5n, 5n], 0n)
    ).wait();
    const v = s.getFunction("verifyTradeGroup");
    expect(await v(sid, packTrades(g5[1]), [...t5.proof(1), ...top.proof(0)])).toBe(true);
    expect(await v(sid, packTrades(g5[1]), [...t5.proof(1), ...top.proof(1)])).toBe(false);
    expect(await v(sid, packTrades([mk(6n, 3)]), [...t5.proof(1), ...top.proof(0)])).toBe(false);
  });
});
