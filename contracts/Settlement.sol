// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Roles} from "./Roles.sol";

/// @notice Settles one interval's netted positions in one transaction (ADR 0500).
/// Money unit: 1 wei of deposit = 1 micro-USD (a stand-in for a stable token). Energy: micro-MWh.
/// Buyers pre-fund deposits; settlement moves value between internal balances; sellers and the
/// fee collector withdraw (pull payments).
contract Settlement is AccessControl, Pausable, ReentrancyGuard {
    error AlreadySettled(uint64 intervalId);
    error LengthMismatch(uint256 accounts, uint256 energies, uint256 payments);
    error EmptyBatch(uint64 intervalId);
    error ZeroRoot(uint64 intervalId);
    error EnergyNotBalanced(uint64 intervalId, int256 netEnergyMicroMwh);
    error PaymentsNotBalanced(uint64 intervalId, int256 netPaymentMicroUsd, uint256 feeMicroUsd);
    error InsufficientDeposit(address account, uint256 available, uint256 required);
    error NothingToWithdraw(address account);
    error TransferFailed(address account, uint256 amount);
    error UnknownInterval(uint64 intervalId);
    error ChunkOutOfOrder(uint64 intervalId, uint256 expected, uint256 got);
    error ChunkMismatch(uint64 intervalId);
    error BadChunkCount(uint64 intervalId, uint256 chunk, uint256 chunks);
    error CreditBeforeDebit(uint64 intervalId, int256 runningPaymentMicroUsd);

    struct IntervalRecord {
        bytes32 tradesRoot;
        uint32 tradeCount;
        uint64 settledAtBlock;
    }

    /// An interval being settled in several transactions (chunks); deleted when the last one lands.
    struct ChunkProgress {
        bytes32 tradesRoot;
        uint32 tradeCount;
        uint16 nextChunk;
        uint16 chunks;
        int128 energySum;
        int128 paySum;
        uint128 feeSum;
    }

    address public feeCollector;
    mapping(uint64 => ChunkProgress) public inProgress;
    mapping(uint64 => IntervalRecord) public intervals;
    mapping(address => uint256) public deposits;
    mapping(address => uint256) public withdrawable;

    event Deposited(address indexed account, uint256 amount);
    event IntervalSettled(uint64 indexed intervalId, bytes32 tradesRoot, uint32 tradeCount, uint256 accounts, uint256 feeMicroUsd);
    event Withdrawn(address indexed account, uint256 amount);

    constructor(address admin, address feeCollector_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(Roles.OPERATOR, admin);
        feeCollector = feeCollector_;
    }

    function deposit() external payable whenNotPaused {
        deposits[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    error DepositMismatch(uint256 sent, uint256 listed);

    /// Funds deposits of many accounts in one transaction (the settlement stage pre-funds buyers).
    function depositBatch(address[] calldata accounts, uint256[] calldata amounts) external payable whenNotPaused {
        if (accounts.length != amounts.length) revert LengthMismatch(accounts.length, amounts.length, amounts.length);
        uint256 total;
        for (uint256 i = 0; i < accounts.length; ++i) {
            deposits[accounts[i]] += amounts[i];
            total += amounts[i];
            emit Deposited(accounts[i], amounts[i]);
        }
        if (total != msg.value) revert DepositMismatch(msg.value, total);
    }

    /// Settles interval `intervalId`: `netEnergyMicroMwh[i]` > 0 means account i delivered energy,
    /// `netPaymentMicroUsd[i]` > 0 means it receives money. Energy nets to zero; payments net to
    /// minus the fee (buyers pay sellers plus the grid fee). One transaction (chunk 0 of 1).
    function settleInterval(
        uint64 intervalId,
        bytes32 tradesRoot,
        uint32 tradeCount,
        address[] calldata accounts,
        int256[] calldata netEnergyMicroMwh,
        int256[] calldata netPaymentMicroUsd,
        uint256 feeMicroUsd
    ) external onlyRole(Roles.MARKET_COORDINATOR) whenNotPaused {
        _settleChunk(
            ChunkHeader(tradesRoot, feeMicroUsd, intervalId, tradeCount, 0, 1), accounts, netEnergyMicroMwh, netPaymentMicroUsd
        );
    }

    /// Settles an interval too large for one block in `header.chunks` transactions, in order. Each chunk
    /// repeats the root and trade count; the running payment sum may never be positive (buyers'
    /// debits are collected before sellers are credited, so no chunk pays out money not yet taken
    /// in); the last chunk checks that energy nets to zero and payments to minus the total fee,
    /// then credits the fee and marks the interval settled.
    function settleIntervalChunk(
        ChunkHeader calldata header,
        address[] calldata accounts,
        int256[] calldata netEnergyMicroMwh,
        int256[] calldata netPaymentMicroUsd
    ) external onlyRole(Roles.MARKET_COORDINATOR) whenNotPaused {
        _settleChunk(header, accounts, netEnergyMicroMwh, netPaymentMicroUsd);
    }

    /// Scalars of a chunk (a calldata struct keeps the ABI decoder within the stack limit).
    struct ChunkHeader {
        bytes32 tradesRoot;
        uint256 fee;
        uint64 intervalId;
        uint32 tradeCount;
        uint16 chunk;
        uint16 chunks;
    }

    function _settleChunk(
        ChunkHeader memory h,
        address[] calldata accounts,
        int256[] calldata netEnergyMicroMwh,
        int256[] calldata netPaymentMicroUsd
    ) private {
        uint64 id = h.intervalId;
        if (intervals[id].settledAtBlock != 0) revert AlreadySettled(id);
        uint256 n = accounts.length;
        if (netEnergyMicroMwh.length != n || netPaymentMicroUsd.length != n) {
            revert LengthMismatch(n, netEnergyMicroMwh.length, netPaymentMicroUsd.length);
        }
        if (n == 0) revert EmptyBatch(id);
        if (h.tradesRoot == bytes32(0)) revert ZeroRoot(id);
        if (h.chunks == 0 || h.chunk >= h.chunks) revert BadChunkCount(id, h.chunk, h.chunks);
        (int256 e, int256 pay) = _sums(netEnergyMicroMwh, netPaymentMicroUsd);
        bool last = _advance(h, e, pay);
        _applyPayments(accounts, netPaymentMicroUsd);
        if (last) _finish(h, n);
    }

    function _finish(ChunkHeader memory h, uint256 n) private {
        withdrawable[feeCollector] += h.fee;
        intervals[h.intervalId] = IntervalRecord(h.tradesRoot, h.tradeCount, uint64(block.number));
        emit IntervalSettled(h.intervalId, h.tradesRoot, h.tradeCount, n, h.fee);
    }

    /// Checks the chunk against the interval's progress and updates it; on the last chunk checks the
    /// balance and leaves the interval's total fee in h.fee. Returns whether this is the last chunk.
    function _advance(ChunkHeader memory h, int256 e, int256 pay) private returns (bool last) {
        ChunkProgress memory p = inProgress[h.intervalId];
        if (h.chunk != p.nextChunk) revert ChunkOutOfOrder(h.intervalId, p.nextChunk, h.chunk);
        if (h.chunk > 0 && (p.tradesRoot != h.tradesRoot || p.tradeCount != h.tradeCount || p.chunks != h.chunks)) {
            revert ChunkMismatch(h.intervalId);
        }
        int256 energySum = int256(p.energySum) + e;
        int256 paySum = int256(p.paySum) + pay;
        uint256 feeSum = uint256(p.feeSum) + h.fee;
        last = h.chunk + 1 == h.chunks;
        if (last) {
            if (energySum != 0) revert EnergyNotBalanced(h.intervalId, energySum);
            if (paySum + int256(feeSum) != 0) revert PaymentsNotBalanced(h.intervalId, paySum, feeSum);
            if (h.chunks > 1) delete inProgress[h.intervalId];
            h.fee = feeSum;
        } else {
            if (paySum > 0) revert CreditBeforeDebit(h.intervalId, paySum);
            inProgress[h.intervalId] = ChunkProgress(
                h.tradesRoot, h.tradeCount, h.chunk + 1, h.chunks, int128(energySum), int128(paySum), uint128(feeSum)
            );
        }
    }

    function _sums(int256[] calldata netEnergyMicroMwh, int256[] calldata netPaymentMicroUsd)
        private
        pure
        returns (int256 energySum, int256 paySum)
    {
        for (uint256 i = 0; i < netEnergyMicroMwh.length; ++i) {
            energySum += netEnergyMicroMwh[i];
            paySum += netPaymentMicroUsd[i];
        }
    }

    function _applyPayments(address[] calldata accounts, int256[] calldata netPaymentMicroUsd) private {
        for (uint256 i = 0; i < accounts.length; ++i) {
            int256 p = netPaymentMicroUsd[i];
            address a = accounts[i];
            if (p > 0) {
                withdrawable[a] += uint256(p);
            } else if (p < 0) {
                uint256 owed = uint256(-p);
                uint256 have = deposits[a];
                if (have < owed) revert InsufficientDeposit(a, have, owed);
                deposits[a] = have - owed;
            }
        }
    }

    /// Pull payment: checks-effects-interactions plus a reentrancy guard.
    function withdraw() external nonReentrant whenNotPaused {
        uint256 amount = withdrawable[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        withdrawable[msg.sender] = 0;
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    /// Size of one trade in a leaf: abi.encodePacked(uint64 intervalId, uint32 index, uint32 seller,
    /// uint32 buyer, uint64 energyMicroMwh, uint64 priceMicroUsdPerMwh).
    uint256 public constant TRADE_BYTES = 36;
    /// Trades per leaf: consecutive trades 3j, 3j+1, 3j+2 of an interval share leaf j (the last leaf
    /// may hold 1 or 2). A leaf preimage is 36, 72 or 108 bytes, never 64, so it cannot pass for an
    /// inner node; a group fits one Keccak block, which keeps off-chain hashing cheap (ADR 0500).
    uint256 public constant TRADES_PER_LEAF = 3;

    error BadTradeGroup(uint256 length);
    error TradeOutOfGroup(uint256 k, uint256 tradesInGroup);

    /// Leaf of a group of 1-3 packed trades.
    function groupLeaf(bytes calldata group) public pure returns (bytes32) {
        uint256 len = group.length;
        if (len == 0 || len > TRADE_BYTES * TRADES_PER_LEAF || len % TRADE_BYTES != 0) revert BadTradeGroup(len);
        return keccak256(group);
    }

    /// True when the leaf `group` is part of settlement `settlementId`'s root (for a window: the
    /// proof is the leaf's interval proof followed by the interval root's proof in the window).
    function verifyTradeGroup(uint64 settlementId, bytes calldata group, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        IntervalRecord storage r = intervals[settlementId];
        if (r.settledAtBlock == 0) revert UnknownInterval(settlementId);
        return MerkleProof.verifyCalldata(proof, r.tradesRoot, groupLeaf(group));
    }

    struct PackedTrade {
        uint64 intervalId;
        uint32 index;
        uint32 seller;
        uint32 buyer;
        uint64 energyMicroMwh;
        uint64 priceMicroUsdPerMwh;
    }

    /// Trade `k` of a leaf group: a trade is proven by verifyTradeGroup on its group plus this decoding.
    function decodeTrade(bytes calldata group, uint256 k) external pure returns (PackedTrade memory t) {
        uint256 n = group.length / TRADE_BYTES;
        if (group.length % TRADE_BYTES != 0 || k >= n) revert TradeOutOfGroup(k, n);
        bytes calldata b = group[k * TRADE_BYTES:(k + 1) * TRADE_BYTES];
        t.intervalId = uint64(bytes8(b[0:8]));
        t.index = uint32(bytes4(b[8:12]));
        t.seller = uint32(bytes4(b[12:16]));
        t.buyer = uint32(bytes4(b[16:20]));
        t.energyMicroMwh = uint64(bytes8(b[20:28]));
        t.priceMicroUsdPerMwh = uint64(bytes8(b[28:36]));
    }

    function isSettled(uint64 intervalId) external view returns (bool) {
        return intervals[intervalId].settledAtBlock != 0;
    }

    function pause() external onlyRole(Roles.OPERATOR) { _pause(); }
    function unpause() external onlyRole(Roles.OPERATOR) { _unpause(); }
}
