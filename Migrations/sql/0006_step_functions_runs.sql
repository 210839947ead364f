-- 0006 step_functions_runs: runs imported from Step Functions executions.
--
-- `irun sfn import` records an execution of a compiled runbook as a run of mode
-- `step-functions`: the same events, hash chain and evidence as a local run, so `irun report`
-- and `irun audit verify` treat it the same way. SQLite cannot change a CHECK constraint in
-- place, so `runs` is rebuilt with the new mode allowed, its rows and indexes kept. The tables
-- that reference `runs (id)` keep pointing at it by name: their references are checked at the
-- end of this transaction (`defer_foreign_keys`), by which time `runs` holds every row again
-- (each row put back settles the references the drop left open).
--
-- Never edit this file once shipped: add a new numbered migration instead.

PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE runs_before AS SELECT * FROM runs;

DROP TABLE runs;

CREATE TABLE runs (
    id                    TEXT PRIMARY KEY NOT NULL,
    runbook_name          TEXT NOT NULL,
    runbook_path          TEXT NOT NULL,
    runbook_sha256        TEXT NOT NULL,
    runbook_text          TEXT NOT NULL,
    parameters            TEXT NOT NULL,     -- JSON object; secret values already redacted
    mode                  TEXT NOT NULL CHECK (mode IN ('live', 'dry-run', 'gameday', 'step-functions')),
    provider              TEXT NOT NULL,
    actor                 TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN
                              ('running', 'waiting-approval', 'interrupted', 'succeeded', 'failed', 'compensated', 'denied')),
    started_at            TEXT NOT NULL,
    finished_at           TEXT,
    parent_run_id         TEXT,              -- the fleet run, if any (not a foreign key: it may be recorded later)
    acting_as             TEXT,
    changes_need_approval INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO runs (id, runbook_name, runbook_path, runbook_sha256, runbook_text, parameters, mode, provider, actor,
                  status, started_at, finished_at, parent_run_id, acting_as, changes_need_approval)
SELECT id, runbook_name, runbook_path, runbook_sha256, runbook_text, parameters, mode, provider, actor,
       status, started_at, finished_at, parent_run_id, acting_as, changes_need_approval
FROM runs_before;

DROP TABLE runs_before;

CREATE INDEX runs_by_started_at ON runs (started_at);
CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
