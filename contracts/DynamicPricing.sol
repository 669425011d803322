// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Roles} from "./Roles.sol";

/// @notice Price signal per market interval, set only by the market coordinator.
contract DynamicPricing is AccessControl, Pausable {
    error PriceAlreadySet(uint64 intervalId);
    error PriceNotSet(uint64 intervalId);
    error ZeroPrice(uint64 intervalId);

    /// price in micro-USD per MWh
    mapping(uint64 => uint256) private _price;

    event PriceSet(uint64 indexed intervalId, uint256 priceMicroUsdPerMwh);

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(Roles.OPERATOR, admin);
    }

    function setPrice(uint64 intervalId, uint256 priceMicroUsdPerMwh)
        external
        onlyRole(Roles.MARKET_COORDINATOR)
        whenNotPaused
    {
        if (priceMicroUsdPerMwh == 0) revert ZeroPrice(intervalId);
        if (_price[intervalId] != 0) revert PriceAlreadySet(intervalId);
        _price[intervalId] = priceMicroUsdPerMwh;
        emit PriceSet(intervalId, priceMicroUsdPerMwh);
    }

    function priceOf(uint64 intervalId) external view returns (uint256) {
        uint256 p = _price[intervalId];
        if (p == 0) revert PriceNotSet(intervalId);
        return p;
    }

    function pause() external onlyRole(Roles.OPERATOR) { _pause(); }
    function unpause() external onlyRole(Roles.OPERATOR) { _unpause(); }
}
