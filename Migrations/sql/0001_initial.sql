-- 0001 initial: the audit store of irun.
--
-- `events` is the source of truth: an append-only, hash-chained log of every state change
-- of every run. `runs`, `step_executions`, `approvals` are projections of it, kept in step
-- in the same transaction as each event. `evidence` holds artifact contents with their SHA-256
-- (each artifact also has an `evidence-recorded` event carrying that hash).
--
-- Times are TEXT, ISO-8601 UTC with milliseconds (`2026-01-01T00:00:00.000Z`), so they sort
-- as text. JSON columns hold compact JSON with sorted keys.
--
-- Never edit this file once shipped: add a new numbered migration instead. The migrator
-- records each file's SHA-256 and refuses a database whose recorded hash differs.

-- What the migrator applied. Filled by the migrator after each file runs.
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE runs (
    id             TEXT PRIMARY KEY NOT NULL,
    runbook_name   TEXT NOT NULL,
    runbook_path   TEXT NOT NULL,
    runbook_sha256 TEXT NOT NULL,
    runbook_text   TEXT NOT NULL,
    parameters     TEXT NOT NULL,            -- JSON object; secret values already redacted
    mode           TEXT NOT NULL CHECK (mode IN ('live', 'dry-run', 'gameday')),
    provider       TEXT NOT NULL,
    actor          TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN
                       ('running', 'waiting-approval', 'interrupted', 'succeeded', 'failed', 'compensated', 'denied')),
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    parent_run_id  TEXT                      -- the fleet run, if any (not a foreign key: it may be recorded later)
) STRICT;

CREATE INDEX runs_by_started_at ON runs (started_at);
CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

-- One row per attempt of a step. Steps that never ran (skipped, planned) have attempt 1.
CREATE TABLE step_executions (
    run_id        TEXT NOT NULL REFERENCES runs (id),
    step          TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    status        TEXT NOT NULL,             -- running, retrying, succeeded, failed, skipped, decided, planned, not-done
    action        TEXT,
    inputs        TEXT,                      -- JSON
    outputs       TEXT,                      -- JSON
    error_code    TEXT,
    error_message TEXT,
    reason        TEXT,                      -- why skipped; `tolerated` for a tolerated failure; reconciliation outcome
    started_at    TEXT,
    finished_at   TEXT,
    undo_status   TEXT,                      -- undoing, undone, undo-failed; NULL when never undone
    PRIMARY KEY (run_id, step, attempt)
) STRICT, WITHOUT ROWID;

CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES runs (id),
    step        TEXT,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    content     BLOB NOT NULL,
    sha256      TEXT NOT NULL,               -- lowercase hex of SHA-256(content)
    size        INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (run_id, name)
) STRICT;

CREATE TABLE approvals (
    id         INTEGER PRIMARY KEY,
    run_id     TEXT NOT NULL REFERENCES runs (id),
    step       TEXT,
    actor      TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('granted', 'denied')),
    reason     TEXT,
    decided_at TEXT NOT NULL
) STRICT;

CREATE INDEX approvals_by_run ON approvals (run_id);

-- The log. `hash` = SHA-256(prev_hash bytes ‖ canonical JSON of the row), hex; the first
-- event's prev_hash is 64 zeros. `seq` has no gaps: the chain is verified in `seq` order.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,
    run_id    TEXT NOT NULL REFERENCES runs (id),
    kind      TEXT NOT NULL,
    time      TEXT NOT NULL,
    step      TEXT,
    attempt   INTEGER,
    payload   TEXT NOT NULL,                 -- JSON object
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

CREATE INDEX events_by_run ON events (run_id, seq);

CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused (the audit trail is hash-chained)');
END;

CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE is refused (the audit trail is hash-chained)');
END;

-- Evidence is write-once as well: its hash is in the chain.
CREATE TRIGGER evidence_refuse_update BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: UPDATE is refused');
END;

CREATE TRIGGER evidence_refuse_delete BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: DELETE is refused');
END;
