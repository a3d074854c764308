-- Quests: each contact's progress per condition, as computed at its last
-- event, and its completions (one per contact and quest).
CREATE TABLE quest_progress (
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    quest      TEXT   NOT NULL,
    cond       BIGINT NOT NULL,
    label      TEXT   NOT NULL,
    done       BIGINT NOT NULL,
    needed     BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (contact_id, quest, cond)
);

CREATE TABLE quest_completions (
    id           INTEGER PRIMARY KEY,
    contact_id   BIGINT NOT NULL REFERENCES contacts (id),
    quest        TEXT   NOT NULL,
    source       TEXT   NOT NULL,
    award_key    TEXT   NOT NULL DEFAULT '',
    bonus        BIGINT NOT NULL,
    badge        TEXT   NOT NULL DEFAULT '',
    completed_at BIGINT NOT NULL,
    UNIQUE (contact_id, quest)
);
CREATE INDEX quest_completions_badge ON quest_completions (id) WHERE badge <> '';
