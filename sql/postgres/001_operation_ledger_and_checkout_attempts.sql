-- LedgerData migration 001: the operation ledger and the checkout attempts that idempotency keys claim.
--
-- Run by hand with:  psql -v ON_ERROR_STOP=1 -f 001_operation_ledger_and_checkout_attempts.sql
-- The library applies this very file. It is one transaction and safe to run twice: every object is created
-- only when missing, and the version is recorded once. Needs PostgreSQL 14 or later, which it checks first.
--
-- Every unique key, primary keys included, leads with scope, so that the tables can later be distributed by
-- scope. All timestamps are timestamptz: UTC instants.

BEGIN;

-- The scripts need PostgreSQL 14 (CREATE OR REPLACE TRIGGER in 002): an older server stops here, unchanged.
DO $$
BEGIN
    IF current_setting('server_version_num')::int < 140000 THEN
        RAISE EXCEPTION 'LedgerData needs PostgreSQL 14 or later; this server is %', version();
    END IF;
END;
$$;

-- Two DBAs, or a DBA and a starting host, applying scripts at the same moment queue here instead of racing.
SELECT pg_advisory_xact_lock(7321001);

CREATE TABLE IF NOT EXISTS schema_migrations (
    version     text        NOT NULL PRIMARY KEY,
    description text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS operation_ledger (
    scope       text        NOT NULL,
    entry_id    bigint      GENERATED ALWAYS AS IDENTITY,
    batch_ref   text        NOT NULL,
    action_type text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT operation_ledger_pkey PRIMARY KEY (scope, entry_id),
    CONSTRAINT operation_ledger_scope_batch_ref_key UNIQUE (scope, batch_ref),
    -- The library refuses these before any SQL runs; the database refuses them from any other writer too.
    CONSTRAINT operation_ledger_scope_check CHECK (length(scope) BETWEEN 1 AND 200),
    CONSTRAINT operation_ledger_batch_ref_check CHECK (length(batch_ref) BETWEEN 1 AND 255),
    CONSTRAINT operation_ledger_action_type_check CHECK (length(action_type) BETWEEN 1 AND 100)
);

CREATE TABLE IF NOT EXISTS checkout_attempts (
    scope               text        NOT NULL,
    attempt_id          uuid        NOT NULL,
    client_request_hash text        NOT NULL,
    request_fingerprint text        NOT NULL,
    processing_state    text        NOT NULL DEFAULT 'pending',
    result_payload      text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    CONSTRAINT checkout_attempts_pkey PRIMARY KEY (scope, attempt_id),
    CONSTRAINT checkout_attempts_scope_client_request_hash_key UNIQUE (scope, client_request_hash),
    CONSTRAINT checkout_attempts_processing_state_check
        CHECK (processing_state IN ('pending', 'processing', 'fulfilled', 'failed')),
    CONSTRAINT checkout_attempts_client_request_hash_check CHECK (client_request_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT checkout_attempts_request_fingerprint_check CHECK (request_fingerprint ~ '^[0-9a-f]{64}$'),
    -- A finished attempt always has the answer that replays return; an unfinished one never has one.
    CONSTRAINT checkout_attempts_result_payload_check
        CHECK ((processing_state IN ('fulfilled', 'failed')) = (result_payload IS NOT NULL)),
    CONSTRAINT checkout_attempts_scope_check CHECK (length(scope) BETWEEN 1 AND 200),
    CONSTRAINT checkout_attempts_expiry_check CHECK (expires_at >= created_at)
);

-- The purge walks attempts by expiry in bounded batches.
CREATE INDEX IF NOT EXISTS checkout_attempts_expires_at_idx ON checkout_attempts (expires_at);

-- CREATE TABLE IF NOT EXISTS keeps a table that already has the name, whatever its columns. Reading every column
-- this script expects makes such a leftover fail the script here, before its version is recorded, instead of
-- leaving a wrong schema marked as applied.
SELECT version, description, applied_at
FROM schema_migrations
WHERE false;
SELECT scope, entry_id, batch_ref, action_type, recorded_at
FROM operation_ledger
WHERE false;
SELECT scope, attempt_id, client_request_hash, request_fingerprint, processing_state, result_payload, created_at,
    updated_at, expires_at
FROM checkout_attempts
WHERE false;

INSERT INTO schema_migrations (version, description)
VALUES ('001', 'operation ledger and checkout attempts')
ON CONFLICT (version) DO NOTHING;

COMMIT;
