-- Ledger entries carry the season they count towards, an optional expiry,
-- the operator behind a manual award and the rule behind a rule award.
ALTER TABLE points_ledger ADD COLUMN season TEXT NOT NULL DEFAULT '';
ALTER TABLE points_ledger ADD COLUMN expires_at BIGINT;
ALTER TABLE points_ledger ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE points_ledger ADD COLUMN rule TEXT NOT NULL DEFAULT '';
-- Balances are read from this index alone (it replaces the contact index):
-- a lookup touches no table pages once they are all-visible.
DROP INDEX points_ledger_contact;
CREATE INDEX points_ledger_balance ON points_ledger (contact_id, season, expires_at, amount);
-- Rule caps, cooldowns and first-time bonuses read a contact's entries of one rule.
CREATE INDEX points_ledger_contact_rule ON points_ledger (contact_id, rule, created_at) WHERE rule <> '';
CREATE INDEX points_ledger_expiry ON points_ledger (expires_at) WHERE expires_at IS NOT NULL;

-- Entries whose expiry has been taken out of point_balances (or that were
-- already expired when written, and so never went in).
CREATE TABLE ledger_expired (
    entry_id   BIGINT PRIMARY KEY REFERENCES points_ledger (id),
    settled_at BIGINT NOT NULL
);

-- Balances per contact and season ('' is all seasons), maintained with every
-- entry: the sum of the contact's entries not in ledger_expired.
CREATE TABLE point_balances (
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    season     TEXT   NOT NULL,
    points     BIGINT NOT NULL,
    PRIMARY KEY (contact_id, season)
);
CREATE INDEX point_balances_rank ON point_balances (season, points DESC, contact_id);

INSERT INTO point_balances (contact_id, season, points)
    SELECT contact_id, '', SUM(amount) FROM points_ledger GROUP BY contact_id;

-- How many contacts of a season hold each points value: a rank sums the
-- counts above a contact's points instead of counting every contact above.
CREATE TABLE point_counts (
    season TEXT   NOT NULL,
    points BIGINT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (season, points)
);

INSERT INTO point_counts (season, points, n)
    SELECT season, points, COUNT(*) FROM point_balances GROUP BY season, points;

-- The tier each contact holds and every change of it.
CREATE TABLE contact_tiers (
    contact_id BIGINT PRIMARY KEY REFERENCES contacts (id),
    tier       TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE tier_changes (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    from_tier  TEXT   NOT NULL,
    to_tier    TEXT   NOT NULL,
    reason     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX tier_changes_contact ON tier_changes (contact_id, id);
