-- Stock holds whose release must still reach the ledger (issue: a checkout failing during a leader
-- election stranded its hold for the whole TTL). Kept in SQL so a shop restart does not lose them.
-- idempotency_key NULL: release unconditionally (the attempt was settled, its order id is dead).
-- idempotency_key set: the attempt was left for a retry with that key to reuse the hold; release only
-- if no retry took it over (see PendingHoldReleases / HoldReleaseRetrier).
CREATE TABLE pending_hold_releases (
    order_id        UUID        PRIMARY KEY,
    idempotency_key TEXT,
    attempts        INT         NOT NULL DEFAULT 0,
    not_before      TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_error      TEXT
);
CREATE INDEX pending_hold_releases_by_not_before ON pending_hold_releases (not_before);
