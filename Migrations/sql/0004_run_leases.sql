-- 0004 run_leases: which process drives each open run.
--
-- A run is driven by at most one process at a time. `execute` takes the lease of the run it
-- begins in the same transaction; `resume`, `approve` and `deny` take it before driving. A
-- process keeps its leases alive with a heartbeat and gives one up in the transaction that
-- records the run finished, interrupted or waiting for approval. A lease whose process is gone
-- (its pid no longer exists on the same host) or whose heartbeat is older than 30 seconds may
-- be taken over; the takeover is recorded as a `run-taken-over` event in the chain.
--
-- The table is mutable state, not history: the chain records what happened to runs; this
-- says who may write to them now.
--
-- Never edit this file once shipped: add a new numbered migration instead.

CREATE TABLE run_leases (
    run_id       TEXT PRIMARY KEY NOT NULL REFERENCES runs (id),
    token        TEXT NOT NULL,        -- random per process; only its holder renews or gives up the lease
    host         TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    acquired_at  TEXT NOT NULL,        -- ISO-8601 UTC with milliseconds
    heartbeat_at TEXT NOT NULL
) STRICT;

CREATE INDEX run_leases_by_token ON run_leases (token);
