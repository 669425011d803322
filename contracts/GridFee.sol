// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Roles} from "./Roles.sol";

/// @notice Grid-usage fee: a fixed part per trade plus a part per MWh, set by the operator.
contract GridFee is AccessControl, Pausable {
    error FeeTooHigh(uint256 perMwhMicroUsd, uint256 maxPerMwhMicroUsd);

    /// Upper bound on the per-MWh fee (micro-USD), a guard against fat-finger settings: $1,000/MWh.
    uint256 public constant MAX_FEE_PER_MWH = 1_000e6;

    uint256 public feePerTradeMicroUsd;
    uint256 public feePerMwhMicroUsd;

    event FeeSet(uint256 perTradeMicroUsd, uint256 perMwhMicroUsd);

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(Roles.OPERATOR, admin);
    }

    function setFee(uint256 perTradeMicroUsd, uint256 perMwhMicroUsd) external onlyRole(Roles.OPERATOR) whenNotPaused {
        if (perMwhMicroUsd > MAX_FEE_PER_MWH) revert FeeTooHigh(perMwhMicroUsd, MAX_FEE_PER_MWH);
        feePerTradeMicroUsd = perTradeMicroUsd;
        feePerMwhMicroUsd = perMwhMicroUsd;
        emit FeeSet(perTradeMicroUsd, perMwhMicroUsd);
    }

    /// Fee in micro-USD for `trades` trades totalling `energyMilliWh`... energy given in micro-MWh.
    function feeFor(uint256 trades, uint256 energyMicroMwh) external view returns (uint256) {
        return trades * feePerTradeMicroUsd + (energyMicroMwh * feePerMwhMicroUsd) / 1e6;
    }

    function pause() external onlyRole(Roles.OPERATOR) { _pause(); }
    function unpause() external onlyRole(Roles.OPERATOR) { _unpause(); }
}
