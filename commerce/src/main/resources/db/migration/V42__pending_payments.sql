-- "Payment pending" degradation (issue 5): when the provider cannot answer, checkout may still place
-- the order with a PENDING payment (no authorization yet), within a risk limit; a capturer authorizes later.

-- PostgreSQL names the column check payments_status_check, CockroachDB check_status: drop whichever exists.
ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_status_check;
ALTER TABLE payments DROP CONSTRAINT IF EXISTS check_status;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED'));
-- A PENDING payment has no authorization yet.
ALTER TABLE payments ALTER COLUMN auth_id DROP NOT NULL;
-- The capturer's backoff: attempts made, and not before when to try again.
ALTER TABLE payments ADD COLUMN capture_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN next_attempt_at TIMESTAMPTZ;
CREATE INDEX payments_by_status ON payments (status, next_attempt_at);

-- One row whose lock serializes the risk check of pending checkouts: two racing checkouts cannot both
-- count the exposure, both find room and both exceed the limit. Only the degraded path takes it.
CREATE TABLE pending_payment_gate (
    id INT PRIMARY KEY CHECK (id = 1)
);
INSERT INTO pending_payment_gate (id) VALUES (1);
