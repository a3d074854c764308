-- Which chain and contract address a wallet's holdings are of, so that a
-- vault's holdings count for a delegate only under a delegation that
-- covers them (wallet-wide on the chain, or for that one contract).
ALTER TABLE wallet_holdings ADD COLUMN chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE wallet_holdings ADD COLUMN address TEXT NOT NULL DEFAULT '';
UPDATE wallet_holdings SET
    chain_id = COALESCE((SELECT e.chain_id FROM chain_events e WHERE e.source = wallet_holdings.contract LIMIT 1), 0),
    address = COALESCE((SELECT e.contract FROM chain_events e WHERE e.source = wallet_holdings.contract LIMIT 1), '');

-- Holdings and facts read the vaults delegating to a contact's wallets.
CREATE INDEX wallet_delegations_delegate ON wallet_delegations (delegate);
