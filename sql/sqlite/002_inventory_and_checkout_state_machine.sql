-- LedgerData migration 002: inventory, reservations, and the checkout state machine enforced by the database.
--
-- Run by hand with:  sqlite3 -bail ledger.db < 002_inventory_and_checkout_state_machine.sql
-- One transaction, safe to run twice, recorded once in schema_migrations. Needs 001.

BEGIN IMMEDIATE;

CREATE TABLE IF NOT EXISTS inventory_items (
    scope      TEXT    NOT NULL,
    sku        TEXT    NOT NULL CHECK (length(sku) BETWEEN 1 AND 100),
    -- The last line of defence against overselling: a decrement that would go below zero fails the transaction.
    available  INTEGER NOT NULL CHECK (available >= 0),
    updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (updated_at IS strftime('%Y-%m-%dT%H:%M:%fZ', julianday(updated_at))),
    CONSTRAINT inventory_items_pkey PRIMARY KEY (scope, sku)
) STRICT;

-- Reservations reference their attempt without a foreign key on purpose: attempts are idempotency records that
-- expire and are purged, while reservations are the business change and stay.
CREATE TABLE IF NOT EXISTS reservations (
    reservation_id INTEGER NOT NULL PRIMARY KEY,
    scope          TEXT    NOT NULL,
    attempt_id     TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    reserved_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (reserved_at IS strftime('%Y-%m-%dT%H:%M:%fZ', julianday(reserved_at))),
    CONSTRAINT reservations_scope_attempt_id_sku_key UNIQUE (scope, attempt_id, sku),
    CONSTRAINT reservations_inventory_fkey FOREIGN KEY (scope, sku) REFERENCES inventory_items (scope, sku)
) STRICT;

-- The transitions the library makes, refused here for any other writer too: pending -> processing ->
-- fulfilled | failed, and failed -> processing only for hosts that allow retrying a failed attempt. A fulfilled
-- attempt never changes again, and no attempt ever changes the key, fingerprint or scope it was claimed with.
CREATE TRIGGER IF NOT EXISTS checkout_attempts_guard_update
BEFORE UPDATE ON checkout_attempts
FOR EACH ROW
WHEN NEW.scope IS NOT OLD.scope
    OR NEW.attempt_id IS NOT OLD.attempt_id
    OR NEW.client_request_hash IS NOT OLD.client_request_hash
    OR NEW.request_fingerprint IS NOT OLD.request_fingerprint
    OR NEW.created_at IS NOT OLD.created_at
    OR OLD.processing_state = 'fulfilled'
    OR (NEW.processing_state IS NOT OLD.processing_state AND NOT (
        (OLD.processing_state = 'pending' AND NEW.processing_state = 'processing')
        OR (OLD.processing_state = 'processing' AND NEW.processing_state IN ('fulfilled', 'failed'))
        OR (OLD.processing_state = 'failed' AND NEW.processing_state = 'processing')))
BEGIN
    SELECT RAISE(ABORT, 'illegal change to a checkout attempt: see the transitions in migration 002');
END;

-- CREATE TABLE IF NOT EXISTS keeps a table that already has the name, whatever its columns. Reading every column
-- this script expects makes such a leftover fail the script here, before its version is recorded, instead of
-- leaving a wrong schema marked as applied.
SELECT scope, sku, available, updated_at
FROM inventory_items
WHERE 0;
SELECT reservation_id, scope, attempt_id, sku, quantity, reserved_at
FROM reservations
WHERE 0;

INSERT INTO schema_migrations (version, description)
VALUES ('002', 'inventory, reservations and the checkout state machine')
ON CONFLICT (version) DO NOTHING;

COMMIT;
