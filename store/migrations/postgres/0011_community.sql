-- Community bots: single-use tokens that link a Discord or Telegram account
-- to the contact who signs in with a wallet, and the roles and gated-chat
-- memberships Beckon granted, so changes are diffed and drift is found.
CREATE TABLE community_link_tokens (
    token_hash TEXT PRIMARY KEY,
    platform   TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE community_grants (
    platform      TEXT   NOT NULL,
    scope         TEXT   NOT NULL,
    user_id       TEXT   NOT NULL,
    grant_name    TEXT   NOT NULL,
    contact_id    BIGINT NOT NULL,
    failing_since BIGINT,
    granted_at    BIGINT NOT NULL,
    PRIMARY KEY (platform, scope, user_id, grant_name)
);
CREATE INDEX community_grants_contact ON community_grants (contact_id);
