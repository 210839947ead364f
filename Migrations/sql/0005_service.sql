-- 0005 service: what `irun serve` keeps besides the chain.
--
-- `api_tokens`: one per person or EventBridge connection, with its role. Only the SHA-256 of a
-- token is kept: the token itself is printed once, when it is made.
--
-- `finding_deliveries`: each EventBridge event accepted, by its `id` (unique per event, the same
-- on a redelivery), so a redelivery is answered 202 and changes nothing.
--
-- `findings`: one row per finding (GuardDuty's finding ARN — which is also the `Id` Security Hub
-- gives a GuardDuty finding it imported — else Security Hub's `Id`), with what was decided and
-- the run started for it. A later delivery of the same finding updates `updated_at`, `count` and
-- `deliveries`, never starts a second containment.
--
-- Both are projections: every delivery is also a `finding-received` event (its raw event stored
-- as an evidence artifact with its SHA-256) and every decision a `finding-decided` event, in the
-- chain, on the run of the `irun serve` process that took them — written in the same
-- transaction, before the 202.
--
-- Never edit this file once shipped: add a new numbered migration instead.

-- A run whose changes wait for a responder (started in approval mode, or past a breaker).
ALTER TABLE runs ADD COLUMN changes_need_approval INTEGER NOT NULL DEFAULT 0;

CREATE TABLE api_tokens (
    name         TEXT PRIMARY KEY NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('ingest', 'viewer', 'responder')),
    token_sha256 TEXT NOT NULL UNIQUE,        -- lowercase hex of SHA-256(token)
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;

CREATE TABLE findings (
    key           TEXT PRIMARY KEY NOT NULL,
    source        TEXT NOT NULL,              -- guardduty, securityhub
    type          TEXT NOT NULL,
    severity      TEXT NOT NULL,              -- INFORMATIONAL … CRITICAL
    score         REAL,
    account       TEXT NOT NULL,
    region        TEXT NOT NULL,
    instance      TEXT,
    resource_role TEXT,
    updated_at    TEXT,                       -- the reporting service's, ISO-8601 UTC
    count         INTEGER,
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    deliveries    INTEGER NOT NULL,
    decision      TEXT NOT NULL,              -- started, deduplicated, capped, exempt, paused, ignored, no-rule, sample, closed, notified, no-instance
    rule          TEXT,
    runbook       TEXT,                       -- what the rule runs for it
    run_id        TEXT,                       -- the run started for it (or the one already running for its target)
    intake_run_id TEXT NOT NULL REFERENCES runs (id)
) STRICT;

CREATE INDEX findings_by_last_seen ON findings (last_seen_at);
CREATE INDEX findings_by_target ON findings (account, region, instance) WHERE instance IS NOT NULL;
CREATE INDEX findings_by_run ON findings (run_id) WHERE run_id IS NOT NULL;

-- Switches a responder sets while serving, kept across restarts: `paused` (intake answers 429).
CREATE TABLE service_state (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL
) STRICT;

CREATE TABLE finding_deliveries (
    event_id    TEXT PRIMARY KEY NOT NULL,
    received_at TEXT NOT NULL,
    sha256      TEXT NOT NULL,                -- of the raw event, as stored in evidence
    finding_keys TEXT NOT NULL                -- JSON list
) STRICT;
