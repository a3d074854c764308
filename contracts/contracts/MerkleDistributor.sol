// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title MerkleDistributor
/// @notice Cumulative merkle distributor. Each root commits to every account's total
/// entitlement so far, so publishing a new root never invalidates earlier rewards and an
/// account claims the difference between its cumulative amount and what it already got.
/// Leaves use the OpenZeppelin StandardMerkleTree encoding of (address, uint256).
contract MerkleDistributor is Ownable {
    using SafeERC20 for IERC20;

    /// @notice The token paid out; the contract must hold enough of it.
    IERC20 public immutable token;
    /// @notice Current merkle root of (account, cumulativeAmount) leaves.
    bytes32 public merkleRoot;
    /// @notice Number of roots published so far.
    uint256 public epoch;
    /// @notice Total already paid to each account.
    mapping(address account => uint256) public claimed;

    event MerkleRootUpdated(bytes32 indexed root, uint256 epoch);
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount);

    error InvalidProof();
    error NothingToClaim();

    /// @dev The deployer becomes the owner who publishes roots.
    constructor(IERC20 token_) Ownable(msg.sender) {
        token = token_;
    }

    /// @notice Publishes a new root of cumulative entitlements.
    function setMerkleRoot(bytes32 root) external onlyOwner {
        merkleRoot = root;
        uint256 newEpoch = ++epoch;
        emit MerkleRootUpdated(root, newEpoch);
    }

    /// @notice Pays account whatever its cumulative entitlement exceeds what it has claimed.
    /// Anyone may submit it: the tokens always go to account, which lets a relayer pay gas.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, merkleRoot, leaf)) revert InvalidProof();
        uint256 already = claimed[account];
        if (cumulativeAmount <= already) revert NothingToClaim();
        uint256 amount = cumulativeAmount - already;
        claimed[account] = cumulativeAmount;
        token.safeTransfer(account, amount);
        emit Claimed(account, amount, cumulativeAmount);
    }
}
