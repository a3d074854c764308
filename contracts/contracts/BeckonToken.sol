// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title BeckonToken
/// @notice ERC-20 reward token. ERC20Votes makes it usable as the governor's voting
/// token (checkpoints keyed by block number, the default clock); ERC20Permit allows
/// gasless approvals.
contract BeckonToken is ERC20, ERC20Permit, ERC20Votes, Ownable {
    constructor() ERC20("Beckon Token", "BECK") ERC20Permit("Beckon Token") Ownable(msg.sender) {}

    /// @notice Mints rewards; restricted to the owner so supply stays under the operator's control.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
