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

    struct IntervalRecord {
        bytes32 tradesRoot;
        uint32 tradeCount;
        uint64 settledAtBlock;
    }

    address public feeCollector;
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
    /// minus the fee (buyers pay sellers plus the grid fee).
    function settleInterval(
        uint64 intervalId,
        bytes32 tradesRoot,
        uint32 tradeCount,
        address[] calldata accounts,
        int256[] calldata netEnergyMicroMwh,
        int256[] calldata netPaymentMicroUsd,
        uint256 feeMicroUsd
    ) external onlyRole(Roles.MARKET_COORDINATOR) whenNotPaused {
        if (intervals[intervalId].settledAtBlock != 0) revert AlreadySettled(intervalId);
        uint256 n = accounts.length;
        if (netEnergyMicroMwh.length != n || netPaymentMicroUsd.length != n) {
            revert LengthMismatch(n, netEnergyMicroMwh.length, netPaymentMicroUsd.length);
        }
        if (n == 0) revert EmptyBatch(intervalId);
        if (tradesRoot == bytes32(0)) revert ZeroRoot(intervalId);
        _checkBalanced(intervalId, netEnergyMicroMwh, netPaymentMicroUsd, feeMicroUsd);
        _applyPayments(accounts, netPaymentMicroUsd);
        withdrawable[feeCollector] += feeMicroUsd;
        intervals[intervalId] = IntervalRecord(tradesRoot, tradeCount, uint64(block.number));
        emit IntervalSettled(intervalId, tradesRoot, tradeCount, n, feeMicroUsd);
    }

    function _checkBalanced(
        uint64 intervalId,
        int256[] calldata netEnergyMicroMwh,
        int256[] calldata netPaymentMicroUsd,
        uint256 feeMicroUsd
    ) private pure {
        int256 energySum;
        int256 paySum;
        for (uint256 i = 0; i < netEnergyMicroMwh.length; ++i) {
            energySum += netEnergyMicroMwh[i];
            paySum += netPaymentMicroUsd[i];
        }
        if (energySum != 0) revert EnergyNotBalanced(intervalId, energySum);
        if (paySum + int256(feeMicroUsd) != 0) revert PaymentsNotBalanced(intervalId, paySum, feeMicroUsd);
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

    /// Leaf of trade `index` of an interval (double-hashed, as OpenZeppelin's StandardMerkleTree).
    function tradeLeaf(
        uint64 intervalId,
        uint32 index,
        uint32 seller,
        uint32 buyer,
        uint256 energyMicroMwh,
        uint256 priceMicroUsdPerMwh
    ) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(intervalId, index, seller, buyer, energyMicroMwh, priceMicroUsdPerMwh))));
    }

    /// True when the trade is part of the settled interval's Merkle root.
    function verifyTrade(
        uint64 intervalId,
        uint32 index,
        uint32 seller,
        uint32 buyer,
        uint256 energyMicroMwh,
        uint256 priceMicroUsdPerMwh,
        bytes32[] calldata proof
    ) external view returns (bool) {
        IntervalRecord storage r = intervals[intervalId];
        if (r.settledAtBlock == 0) revert UnknownInterval(intervalId);
        return MerkleProof.verifyCalldata(proof, r.tradesRoot, tradeLeaf(intervalId, index, seller, buyer, energyMicroMwh, priceMicroUsdPerMwh));
    }

    function isSettled(uint64 intervalId) external view returns (bool) {
        return intervals[intervalId].settledAtBlock != 0;
    }

    function pause() external onlyRole(Roles.OPERATOR) { _pause(); }
    function unpause() external onlyRole(Roles.OPERATOR) { _unpause(); }
}
