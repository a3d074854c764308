// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title StakingVault
/// @notice Holds staked reward tokens. It pays no yield: it exists so that stake and
/// unstake events can drive triggers and loyalty rules.
contract StakingVault is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The token being staked.
    IERC20 public immutable token;

    mapping(address user => uint256) private _staked;
    uint256 private _totalStaked;

    event Staked(address indexed user, uint256 amount);
    event Unstaked(address indexed user, uint256 amount);

    error ZeroAmount();
    error InsufficientStake(uint256 staked, uint256 requested);

    constructor(IERC20 token_) {
        token = token_;
    }

    /// @notice Pulls amount tokens from the caller (approve first) and records the stake.
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _staked[msg.sender] += amount;
        _totalStaked += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Staked(msg.sender, amount);
    }

    /// @notice Returns amount previously staked tokens to the caller.
    function unstake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 staked = _staked[msg.sender];
        if (amount > staked) revert InsufficientStake(staked, amount);
        unchecked {
            _staked[msg.sender] = staked - amount;
            _totalStaked -= amount;
        }
        token.safeTransfer(msg.sender, amount);
        emit Unstaked(msg.sender, amount);
    }

    /// @notice Amount currently staked by user.
    function stakedOf(address user) external view returns (uint256) {
        return _staked[user];
    }

    /// @notice Sum of all stakes.
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }
}
