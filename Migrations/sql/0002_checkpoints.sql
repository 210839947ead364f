-- 0002 checkpoints: signed statements of the chain head, for `irun audit checkpoint` and
-- `irun audit verify --pubkey`.
--
-- The hash chain alone shows a changed row, but not a chain rewritten from that row on with
-- every hash recomputed. A checkpoint is an Ed25519 signature over the head (seq and hash)
-- at one moment, made with a private key kept outside the database: a rewrite of any event
-- up to `seq` changes the chain's hash at `seq`, which no longer matches the signed one, and
-- the signature cannot be redone without the key.
--
-- Never edit this file once shipped: add a new numbered migration instead.

CREATE TABLE checkpoints (
    id         INTEGER PRIMARY KEY,
    seq        INTEGER NOT NULL,           -- the head event signed
    hash       TEXT NOT NULL,              -- its hash, lowercase hex
    created_at TEXT NOT NULL,              -- ISO-8601 UTC with milliseconds; part of the signed statement
    key_id     TEXT NOT NULL,              -- SHA-256 of the raw 32-byte public key, lowercase hex
    public_key TEXT NOT NULL,              -- the raw 32-byte Ed25519 public key, base64
    signature  TEXT NOT NULL               -- the 64-byte Ed25519 signature of the statement, base64
) STRICT;

CREATE INDEX checkpoints_by_seq ON checkpoints (seq);

-- Checkpoints are append-only like the events they sign.
CREATE TRIGGER checkpoints_refuse_update BEFORE UPDATE ON checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE is refused');
END;

CREATE TRIGGER checkpoints_refuse_delete BEFORE DELETE ON checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE is refused');
END;
