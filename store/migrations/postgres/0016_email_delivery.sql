-- Email deliverability: the suppression list every send checks, and the
-- double opt-in state of each address.
CREATE TABLE email_suppressions (
    email      TEXT PRIMARY KEY,
    reason     TEXT   NOT NULL, -- unsubscribed, bounced, complained
    source     TEXT   NOT NULL DEFAULT '',
    detail     TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- One row per address that was asked to confirm (requested_at) or has
-- confirmed (confirmed_at). An address without a confirmed row gets no
-- marketing email.
CREATE TABLE email_optins (
    email        TEXT PRIMARY KEY,
    requested_at BIGINT,
    confirmed_at BIGINT,
    source       TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);

-- Addresses known before double opt-in existed keep receiving mail.
INSERT INTO email_optins (email, confirmed_at, source, created_at)
SELECT DISTINCT value, (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT, 'existing', (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT FROM identities WHERE kind = 'email';

INSERT INTO email_suppressions (email, reason, source, created_at)
SELECT DISTINCT email, 'unsubscribed', 'existing', unsubscribed_at FROM contacts
WHERE email IS NOT NULL AND unsubscribed_at IS NOT NULL AND merged_into IS NULL;
