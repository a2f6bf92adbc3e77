-- LedgerData migration 002: inventory, reservations, and the checkout state machine enforced by the database.
--
-- Run by hand with:  psql -v ON_ERROR_STOP=1 -f 002_inventory_and_checkout_state_machine.sql
-- One transaction, safe to run twice, recorded once in schema_migrations. Needs 001, and PostgreSQL 14 or later
-- for CREATE OR REPLACE TRIGGER, which it checks first.

BEGIN;

-- The scripts need PostgreSQL 14 (CREATE OR REPLACE TRIGGER in 002): an older server stops here, unchanged.
DO $$
BEGIN
    IF current_setting('server_version_num')::int < 140000 THEN
        RAISE EXCEPTION 'LedgerData needs PostgreSQL 14 or later; this server is %', version();
    END IF;
END;
$$;

SELECT pg_advisory_xact_lock(7321001);

CREATE TABLE IF NOT EXISTS inventory_items (
    scope      text        NOT NULL,
    sku        text        NOT NULL,
    available  integer     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT inventory_items_pkey PRIMARY KEY (scope, sku),
    -- The last line of defence against overselling: a decrement that would go below zero fails the transaction.
    CONSTRAINT inventory_items_available_check CHECK (available >= 0),
    CONSTRAINT inventory_items_sku_check CHECK (length(sku) BETWEEN 1 AND 100)
);

-- Reservations reference their attempt without a foreign key on purpose: attempts are idempotency records that
-- expire and are purged, while reservations are the business change and stay.
CREATE TABLE IF NOT EXISTS reservations (
    scope          text        NOT NULL,
    reservation_id bigint      GENERATED ALWAYS AS IDENTITY,
    attempt_id     uuid        NOT NULL,
    sku            text        NOT NULL,
    quantity       integer     NOT NULL,
    reserved_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reservations_pkey PRIMARY KEY (scope, reservation_id),
    CONSTRAINT reservations_scope_attempt_id_sku_key UNIQUE (scope, attempt_id, sku),
    CONSTRAINT reservations_inventory_fkey FOREIGN KEY (scope, sku) REFERENCES inventory_items (scope, sku),
    CONSTRAINT reservations_quantity_check CHECK (quantity > 0)
);

-- The transitions the library makes, refused here for any other writer too: pending -> processing ->
-- fulfilled | failed, and failed -> processing only for hosts that allow retrying a failed attempt. A fulfilled
-- attempt never changes again, and no attempt ever changes the key, fingerprint or scope it was claimed with.
CREATE OR REPLACE FUNCTION checkout_attempts_guard_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.scope IS DISTINCT FROM OLD.scope
        OR NEW.attempt_id IS DISTINCT FROM OLD.attempt_id
        OR NEW.client_request_hash IS DISTINCT FROM OLD.client_request_hash
        OR NEW.request_fingerprint IS DISTINCT FROM OLD.request_fingerprint
        OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'a checkout attempt keeps the scope, key, fingerprint and creation time it was claimed with'
            USING ERRCODE = 'check_violation';
    END IF;

    IF OLD.processing_state = 'fulfilled'
        OR (NEW.processing_state IS DISTINCT FROM OLD.processing_state AND NOT (
            (OLD.processing_state = 'pending' AND NEW.processing_state = 'processing')
            OR (OLD.processing_state = 'processing' AND NEW.processing_state IN ('fulfilled', 'failed'))
            OR (OLD.processing_state = 'failed' AND NEW.processing_state = 'processing'))) THEN
        RAISE EXCEPTION 'checkout attempt % cannot move from % to %',
            OLD.attempt_id, OLD.processing_state, NEW.processing_state
            USING ERRCODE = 'check_violation';
    END IF;

    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER checkout_attempts_guard_update
    BEFORE UPDATE ON checkout_attempts
    FOR EACH ROW EXECUTE FUNCTION checkout_attempts_guard_update();

-- CREATE TABLE IF NOT EXISTS keeps a table that already has the name, whatever its columns. Reading every column
-- this script expects makes such a leftover fail the script here, before its version is recorded, instead of
-- leaving a wrong schema marked as applied.
SELECT scope, sku, available, updated_at
FROM inventory_items
WHERE false;
SELECT scope, reservation_id, attempt_id, sku, quantity, reserved_at
FROM reservations
WHERE false;

INSERT INTO schema_migrations (version, description)
VALUES ('002', 'inventory, reservations and the checkout state machine')
ON CONFLICT (version) DO NOTHING;

COMMIT;
