-- pgbench script: the statements LedgerData sends to replay a finished key, in the same round trips.
-- The claim finds the key taken, the update finds nothing pending, and the locking read returns the stored result;
-- LedgerData then ends the unit of work without a commit, which rolls it back.
\set k random(1, :keys)
\startpipeline
BEGIN;
SET LOCAL lock_timeout = 5000;
INSERT INTO checkout_attempts
    (scope, attempt_id, client_request_hash, request_fingerprint, processing_state, created_at, updated_at, expires_at)
VALUES (:scope, gen_random_uuid(), lpad(to_hex(:k::bigint), 64, '0'), repeat('f', 64),
        'pending', now(), now(), now() + interval '24 hours')
ON CONFLICT (scope, client_request_hash) DO NOTHING;
UPDATE checkout_attempts
SET processing_state = 'processing', result_payload = NULL, updated_at = now()
WHERE scope = :scope AND attempt_id = gen_random_uuid() AND processing_state = 'pending';
SELECT attempt_id, request_fingerprint, processing_state, result_payload, created_at, updated_at, expires_at
FROM checkout_attempts
WHERE scope = :scope AND client_request_hash = lpad(to_hex(:k::bigint), 64, '0')
FOR UPDATE;
\endpipeline
ROLLBACK;
