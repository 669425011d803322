// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Role ids shared by the energy-market contracts (issue 7; seed 000 §1.8 access control).
library Roles {
    bytes32 internal constant OPERATOR = keccak256("OPERATOR_ROLE");
    bytes32 internal constant METER = keccak256("METER_ROLE");
    bytes32 internal constant MARKET_COORDINATOR = keccak256("MARKET_COORDINATOR_ROLE");
    bytes32 internal constant PARTICIPANT = keccak256("PARTICIPANT_ROLE");
}
