-- pgbench script: the statements LedgerData sends for one fresh checkout, in the same round trips.
-- Each \startpipeline ... \endpipeline block is one round trip, as a multi-statement Npgsql command is; Npgsql
-- sends BEGIN in front of a transaction's first command, so BEGIN rides in the first block here too.
-- :scope comes from -D; :client_id is pgbench's own; :k stands in for the client-side key hash and attempt id.
\set k random(1, 4611686018427387903)
\startpipeline
BEGIN;
SET LOCAL lock_timeout = 5000;
INSERT INTO checkout_attempts
    (scope, attempt_id, client_request_hash, request_fingerprint, processing_state, created_at, updated_at, expires_at)
VALUES (:scope, lpad(to_hex(:k::bigint), 32, '0')::uuid, lpad(to_hex(:k::bigint), 64, '0'), repeat('f', 64),
        'pending', now(), now(), now() + interval '24 hours')
ON CONFLICT (scope, client_request_hash) DO NOTHING;
UPDATE checkout_attempts
SET processing_state = 'processing', result_payload = NULL, updated_at = now()
WHERE scope = :scope AND attempt_id = lpad(to_hex(:k::bigint), 32, '0')::uuid AND processing_state = 'pending';
SELECT attempt_id, request_fingerprint, processing_state, result_payload, created_at, updated_at, expires_at
FROM checkout_attempts
WHERE scope = :scope AND client_request_hash = lpad(to_hex(:k::bigint), 64, '0')
FOR UPDATE;
\endpipeline
\startpipeline
SAVEPOINT ledgerdata_checkout_step;
SELECT sku, available
FROM inventory_items
WHERE scope = :scope AND sku = ANY(ARRAY['sku-' || :client_id])
ORDER BY sku
FOR UPDATE;
\endpipeline
\startpipeline
UPDATE inventory_items AS item
SET available = item.available - line.quantity, updated_at = now()
FROM unnest(ARRAY['sku-' || :client_id], ARRAY[1]) AS line (sku, quantity)
WHERE item.scope = :scope AND item.sku = line.sku;
INSERT INTO reservations (scope, attempt_id, sku, quantity, reserved_at)
SELECT :scope, lpad(to_hex(:k::bigint), 32, '0')::uuid, line.sku, line.quantity, now()
FROM unnest(ARRAY['sku-' || :client_id], ARRAY[1]) AS line (sku, quantity);
\endpipeline
INSERT INTO operation_ledger (scope, batch_ref, action_type)
VALUES (:scope, lpad(to_hex(:k::bigint), 32, '0'), 'checkout')
ON CONFLICT (scope, batch_ref) DO NOTHING
RETURNING entry_id;
UPDATE checkout_attempts
SET processing_state = 'fulfilled',
    result_payload = '{"attemptId":"' || lpad(to_hex(:k::bigint), 32, '0') || '","state":"fulfilled"}',
    updated_at = now()
WHERE scope = :scope AND attempt_id = lpad(to_hex(:k::bigint), 32, '0')::uuid AND processing_state = 'processing';
COMMIT;
