// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title BeckonPass
/// @notice Demo ERC-721 collection: anyone may mint the next token id to themselves,
/// so a demo can produce NFT Transfer events without any setup.
contract BeckonPass is ERC721, Ownable {
    /// @notice Id the next call to mint() will assign.
    uint256 public nextTokenId;

    constructor() ERC721("Beckon Pass", "BPASS") Ownable(msg.sender) {}

    /// @notice Mints the next token id to the caller.
    /// @return tokenId The id that was minted.
    function mint() external returns (uint256 tokenId) {
        tokenId = nextTokenId++;
        _safeMint(msg.sender, tokenId);
    }
}
