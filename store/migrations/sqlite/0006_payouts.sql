-- Direct ERC-20 payouts from a hot wallet. A payout moves planned → signed →
-- broadcast → confirmed (or failed); the signed raw transaction and its hash
-- are stored before it is broadcast, and every attempt (fee-bumped
-- replacements share the nonce) is kept, so a restart reconciles by nonce and
-- hashes instead of signing again.
CREATE TABLE payouts (
    id             INTEGER PRIMARY KEY,
    allocation_key TEXT   NOT NULL UNIQUE,
    batch          TEXT   NOT NULL,
    chain_id       BIGINT NOT NULL,
    token          TEXT   NOT NULL,
    from_address   TEXT   NOT NULL,
    recipient      TEXT   NOT NULL,
    amount         TEXT   NOT NULL, -- base units, decimal
    status         TEXT   NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'signed', 'broadcast', 'confirmed', 'failed')),
    nonce          BIGINT,
    tx_hash        TEXT   NOT NULL DEFAULT '', -- latest attempt; the mined one once confirmed
    raw_tx         TEXT   NOT NULL DEFAULT '', -- latest signed attempt, hex
    gas_tip_cap    TEXT   NOT NULL DEFAULT '', -- wei, decimal
    gas_fee_cap    TEXT   NOT NULL DEFAULT '', -- wei, decimal
    attempts       INTEGER NOT NULL DEFAULT 0,
    block_number   BIGINT,
    error          TEXT   NOT NULL DEFAULT '',
    broadcast_at   BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE INDEX payouts_wallet ON payouts (chain_id, from_address, status);
CREATE UNIQUE INDEX payouts_wallet_nonce ON payouts (chain_id, from_address, nonce)
    WHERE nonce IS NOT NULL AND status <> 'failed';

-- Every signed transaction of a payout, oldest first.
CREATE TABLE payout_attempts (
    payout_id   BIGINT  NOT NULL REFERENCES payouts (id),
    attempt     INTEGER NOT NULL,
    nonce       BIGINT  NOT NULL,
    tx_hash     TEXT    NOT NULL UNIQUE,
    raw_tx      TEXT    NOT NULL,
    gas_tip_cap TEXT    NOT NULL,
    gas_fee_cap TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (payout_id, attempt)
);

-- The next nonce to hand out per hot wallet and chain.
CREATE TABLE payout_nonces (
    chain_id   BIGINT NOT NULL,
    address    TEXT   NOT NULL,
    next_nonce BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (chain_id, address)
);
