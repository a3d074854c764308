-- Email unsubscribes and the secrets Beckon generates for itself (the
-- key that signs unsubscribe links), kept in the store so links survive restarts.
ALTER TABLE contacts ADD COLUMN unsubscribed_at BIGINT;

CREATE TABLE beckon_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
