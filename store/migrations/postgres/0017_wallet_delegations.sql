-- Cold vaults that delegated to a linked wallet through the delegate.xyz v2
-- registry: their holdings count for the delegate's contact. contract is ''
-- for a wallet-wide delegation, else the one contract's address.
CREATE TABLE wallet_delegations (
    chain_id   BIGINT NOT NULL,
    delegate   TEXT NOT NULL,
    vault      TEXT NOT NULL,
    contract   TEXT NOT NULL DEFAULT '',
    checked_at BIGINT NOT NULL,
    PRIMARY KEY (chain_id, delegate, vault, contract)
);
CREATE INDEX wallet_delegations_vault ON wallet_delegations (vault);
