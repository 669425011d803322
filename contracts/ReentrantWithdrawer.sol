// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface ISettlement {
    function withdraw() external;
}

/// @notice Test helper: tries to re-enter Settlement.withdraw from its receive hook.
contract ReentrantWithdrawer {
    ISettlement public immutable target;
    uint256 public reentryAttempts;
    bool public reentrySucceeded;

    constructor(address target_) {
        target = ISettlement(target_);
    }

    function attack() external {
        target.withdraw();
    }

    receive() external payable {
        if (reentryAttempts == 0) {
            reentryAttempts = 1;
            try target.withdraw() {
                reentrySucceeded = true;
            } catch {}
        }
    }
}
