// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title TestDelegateRegistry
/// @notice The part of the delegate.xyz v2 registry interface Beckon reads
/// (wallet-wide and per-contract delegations, getIncomingDelegations), with
/// the same types, selectors and events, for tests on a local chain. In
/// production Beckon reads the canonical registry at
/// 0x00000000000000447e69651d841bD8D104Bed493.
contract TestDelegateRegistry {
    enum DelegationType {
        NONE,
        ALL,
        CONTRACT,
        ERC721,
        ERC20,
        ERC1155
    }

    struct Delegation {
        DelegationType type_;
        address to;
        address from;
        bytes32 rights;
        address contract_;
        uint256 tokenId;
        uint256 amount;
    }

    event DelegateAll(address indexed from, address indexed to, bytes32 rights, bool enable);
    event DelegateContract(address indexed from, address indexed to, address indexed contract_, bytes32 rights, bool enable);

    Delegation[] private _delegations;

    function delegateAll(address to, bytes32 rights, bool enable) external payable returns (bytes32 delegationHash) {
        delegationHash = _set(Delegation(DelegationType.ALL, to, msg.sender, rights, address(0), 0, 0), enable);
        emit DelegateAll(msg.sender, to, rights, enable);
    }

    function delegateContract(address to, address contract_, bytes32 rights, bool enable)
        external
        payable
        returns (bytes32 delegationHash)
    {
        delegationHash = _set(Delegation(DelegationType.CONTRACT, to, msg.sender, rights, contract_, 0, 0), enable);
        emit DelegateContract(msg.sender, to, contract_, rights, enable);
    }

    function getIncomingDelegations(address to) external view returns (Delegation[] memory delegations) {
        uint256 n;
        for (uint256 i; i < _delegations.length; i++) {
            if (_delegations[i].to == to) n++;
        }
        delegations = new Delegation[](n);
        n = 0;
        for (uint256 i; i < _delegations.length; i++) {
            if (_delegations[i].to == to) delegations[n++] = _delegations[i];
        }
    }

    function _set(Delegation memory d, bool enable) private returns (bytes32 h) {
        h = keccak256(abi.encode(d.type_, d.to, d.from, d.rights, d.contract_));
        for (uint256 i; i < _delegations.length; i++) {
            Delegation storage e = _delegations[i];
            if (keccak256(abi.encode(e.type_, e.to, e.from, e.rights, e.contract_)) == h) {
                if (!enable) {
                    _delegations[i] = _delegations[_delegations.length - 1];
                    _delegations.pop();
                }
                return h;
            }
        }
        if (enable) _delegations.push(d);
    }
}
