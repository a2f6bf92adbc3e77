-- LedgerData migration 001: the operation ledger and the checkout attempts that idempotency keys claim.
--
-- Run by hand with:  sqlite3 -bail ledger.db < 001_operation_ledger_and_checkout_attempts.sql
-- (-bail stops at the first error, and closing the database rolls the script back; without it the shell
-- would go on and record the version of a script that failed.)
-- The library applies this very file. It is one transaction and safe to run twice: every object is created
-- only when missing, and the version is recorded once.
--
-- Timestamps are UTC instants stored as fixed-width ISO-8601 text ('2026-12-03T16:29:50.123Z'): at one width
-- and one zone, text order is time order, so they sort and compare as instants. A CHECK holds every value to
-- that shape and to a real instant: the text must come back unchanged from SQLite's own day number, which
-- refuses other widths, other zones and dates such as month 13 or 30 February. It compares with IS, not =,
-- because strftime gives NULL for text it cannot read, and a CHECK lets NULL through.
--
-- Unique keys lead with scope, as on PostgreSQL; the ledger's integer key is SQLite's rowid, which hands out
-- entry ids, and is never a distribution key: SQLite databases are not distributed.

BEGIN IMMEDIATE;

CREATE TABLE IF NOT EXISTS schema_migrations (
    version     TEXT NOT NULL PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE IF NOT EXISTS operation_ledger (
    entry_id    INTEGER NOT NULL PRIMARY KEY,
    scope       TEXT    NOT NULL,
    batch_ref   TEXT    NOT NULL,
    action_type TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (recorded_at IS strftime('%Y-%m-%dT%H:%M:%fZ', julianday(recorded_at))),
    CONSTRAINT operation_ledger_scope_batch_ref_key UNIQUE (scope, batch_ref),
    -- The library refuses these before any SQL runs; the database refuses them from any other writer too.
    CONSTRAINT operation_ledger_scope_check CHECK (length(scope) BETWEEN 1 AND 200),
    CONSTRAINT operation_ledger_batch_ref_check CHECK (length(batch_ref) BETWEEN 1 AND 255),
    CONSTRAINT operation_ledger_action_type_check CHECK (length(action_type) BETWEEN 1 AND 100)
) STRICT;

CREATE TABLE IF NOT EXISTS checkout_attempts (
    scope               TEXT NOT NULL,
    attempt_id          TEXT NOT NULL,
    client_request_hash TEXT NOT NULL
        CHECK (length(client_request_hash) = 64 AND client_request_hash NOT GLOB '*[^0-9a-f]*'),
    request_fingerprint TEXT NOT NULL
        CHECK (length(request_fingerprint) = 64 AND request_fingerprint NOT GLOB '*[^0-9a-f]*'),
    processing_state    TEXT NOT NULL DEFAULT 'pending'
        CHECK (processing_state IN ('pending', 'processing', 'fulfilled', 'failed')),
    result_payload      TEXT,
    created_at          TEXT NOT NULL
        CHECK (created_at IS strftime('%Y-%m-%dT%H:%M:%fZ', julianday(created_at))),
    updated_at          TEXT NOT NULL
        CHECK (updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', julianday(updated_at))),
    expires_at          TEXT NOT NULL
        CHECK (expires_at IS strftime('%Y-%m-%dT%H:%M:%fZ', julianday(expires_at))),
    CONSTRAINT checkout_attempts_pkey PRIMARY KEY (scope, attempt_id),
    CONSTRAINT checkout_attempts_scope_client_request_hash_key UNIQUE (scope, client_request_hash),
    -- A finished attempt always has the answer that replays return; an unfinished one never has one.
    CONSTRAINT checkout_attempts_result_payload_check
        CHECK ((processing_state IN ('fulfilled', 'failed')) = (result_payload IS NOT NULL)),
    CONSTRAINT checkout_attempts_scope_check CHECK (length(scope) BETWEEN 1 AND 200),
    CONSTRAINT checkout_attempts_expiry_check CHECK (expires_at >= created_at)
) STRICT;

-- The purge walks attempts by expiry in bounded batches.
CREATE INDEX IF NOT EXISTS checkout_attempts_expires_at_idx ON checkout_attempts (expires_at);

-- CREATE TABLE IF NOT EXISTS keeps a table that already has the name, whatever its columns. Reading every column
-- this script expects makes such a leftover fail the script here, before its version is recorded, instead of
-- leaving a wrong schema marked as applied.
SELECT version, description, applied_at
FROM schema_migrations
WHERE 0;
SELECT entry_id, scope, batch_ref, action_type, recorded_at
FROM operation_ledger
WHERE 0;
SELECT scope, attempt_id, client_request_hash, request_fingerprint, processing_state, result_payload, created_at,
    updated_at, expires_at
FROM checkout_attempts
WHERE 0;

INSERT INTO schema_migrations (version, description)
VALUES ('001', 'operation ledger and checkout attempts')
ON CONFLICT (version) DO NOTHING;

COMMIT;
