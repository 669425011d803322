// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Roles} from "./Roles.sol";

/// @notice Renewable energy certificates on ERC-1155, one token id per (generator, interval)
/// issuance, amount in kWh (1 MWh = 1,000 units); the ERC-1888 shape: issue, transfer, claim.
contract RenewableCertificate is ERC1155, AccessControl, Pausable {
    error ZeroAmount();
    error InsufficientCertificates(address holder, uint256 id, uint256 balance, uint256 required);

    struct Issuance {
        address generator;
        uint64 intervalId;
        uint256 energyKwh;
    }

    uint256 public nextId = 1;
    mapping(uint256 => Issuance) public issuances;
    mapping(uint256 => mapping(address => uint256)) public claimedBy;

    event Issued(uint256 indexed id, address indexed generator, uint64 intervalId, uint256 energyKwh);
    event Claimed(uint256 indexed id, address indexed claimant, uint256 energyKwh);

    constructor(address admin) ERC1155("") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(Roles.OPERATOR, admin);
    }

    function issue(address generator, uint64 intervalId, uint256 energyKwh)
        external
        onlyRole(Roles.METER)
        whenNotPaused
        returns (uint256 id)
    {
        if (energyKwh == 0) revert ZeroAmount();
        id = nextId++;
        issuances[id] = Issuance(generator, intervalId, energyKwh);
        _mint(generator, id, energyKwh, "");
        emit Issued(id, generator, intervalId, energyKwh);
    }

    /// Claim (retire) certificates: burned from the holder, recorded against the claimant.
    function claim(uint256 id, uint256 energyKwh) external whenNotPaused {
        if (energyKwh == 0) revert ZeroAmount();
        uint256 bal = balanceOf(msg.sender, id);
        if (bal < energyKwh) revert InsufficientCertificates(msg.sender, id, bal, energyKwh);
        _burn(msg.sender, id, energyKwh);
        claimedBy[id][msg.sender] += energyKwh;
        emit Claimed(id, msg.sender, energyKwh);
    }

    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override
        whenNotPaused
    {
        super._update(from, to, ids, values);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    function pause() external onlyRole(Roles.OPERATOR) { _pause(); }
    function unpause() external onlyRole(Roles.OPERATOR) { _unpause(); }
}
