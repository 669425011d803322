// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Roles} from "./Roles.sol";

/// @notice Registered participants and the cleared trades of market intervals (seed 000 §1.7).
contract EnergyTrading is AccessControl, Pausable {
    error LengthMismatch(uint256 sellers, uint256 buyers, uint256 energies, uint256 prices);
    error EmptyBatch(uint64 intervalId);
    error NotRegistered(address account);
    error SelfTrade(uint256 index, address account);
    error ZeroEnergy(uint256 index);

    event ParticipantRegistered(address indexed account);
    event Trade(
        uint64 indexed intervalId,
        address indexed seller,
        address indexed buyer,
        uint256 energyMicroMwh,
        uint256 priceMicroUsdPerMwh
    );

    mapping(uint64 => uint256) public tradeCount;

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(Roles.OPERATOR, admin);
    }

    function register(address account) external onlyRole(Roles.OPERATOR) whenNotPaused {
        _grantRole(Roles.PARTICIPANT, account);
        emit ParticipantRegistered(account);
    }

    function isParticipant(address account) public view returns (bool) {
        return hasRole(Roles.PARTICIPANT, account);
    }

    /// Records one interval's cleared trades, one event per trade.
    function recordTrades(
        uint64 intervalId,
        address[] calldata sellers,
        address[] calldata buyers,
        uint256[] calldata energyMicroMwh,
        uint256[] calldata priceMicroUsdPerMwh
    ) external onlyRole(Roles.MARKET_COORDINATOR) whenNotPaused {
        uint256 n = sellers.length;
        if (buyers.length != n || energyMicroMwh.length != n || priceMicroUsdPerMwh.length != n) {
            revert LengthMismatch(n, buyers.length, energyMicroMwh.length, priceMicroUsdPerMwh.length);
        }
        if (n == 0) revert EmptyBatch(intervalId);
        for (uint256 i = 0; i < n; ++i) {
            address s = sellers[i];
            address b = buyers[i];
            if (!isParticipant(s)) revert NotRegistered(s);
            if (!isParticipant(b)) revert NotRegistered(b);
            if (s == b) revert SelfTrade(i, s);
            if (energyMicroMwh[i] == 0) revert ZeroEnergy(i);
            emit Trade(intervalId, s, b, energyMicroMwh[i], priceMicroUsdPerMwh[i]);
        }
        tradeCount[intervalId] += n;
    }

    function pause() external onlyRole(Roles.OPERATOR) { _pause(); }
    function unpause() external onlyRole(Roles.OPERATOR) { _unpause(); }
}
