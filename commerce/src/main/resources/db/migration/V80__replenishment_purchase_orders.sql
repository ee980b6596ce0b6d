-- Replenishment (V80-V89). PostgreSQL and CockroachDB compatible: no advisory locks, no PL/pgSQL.

-- One purchase order per low-stock episode: UNIQUE (sku, episode) absorbs a second StockLow for the
-- same episode that arrives under another event id (the consumer dedupes only by event id).
CREATE TABLE purchase_orders (
    po_id           TEXT        PRIMARY KEY,
    sku             TEXT        NOT NULL,
    episode         BIGINT      NOT NULL,
    units_ordered   INTEGER     NOT NULL CHECK (units_ordered > 0),
    units_received  INTEGER     NOT NULL DEFAULT 0 CHECK (units_received >= 0 AND units_received <= units_ordered),
    status          TEXT        NOT NULL CHECK (status IN ('OPEN', 'RETRYING', 'SENT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'FAILED')),
    send_attempts   INTEGER     NOT NULL DEFAULT 0 CHECK (send_attempts >= 0),
    -- When the scheduler should next look at the order: the next send attempt (OPEN, RETRYING) or
    -- the next question to the supplier about deliveries (SENT, PARTIALLY_RECEIVED).
    next_action_at  TIMESTAMPTZ,
    expected_at     TIMESTAMPTZ,
    failure_reason  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (sku, episode),
    CHECK (status <> 'RECEIVED' OR units_received = units_ordered),
    CHECK (status <> 'FAILED' OR failure_reason IS NOT NULL)
);

-- The scheduler claims only orders with work left, the most overdue first.
CREATE INDEX purchase_orders_due ON purchase_orders (next_action_at)
    WHERE status IN ('OPEN', 'RETRYING', 'SENT', 'PARTIALLY_RECEIVED');
CREATE INDEX purchase_orders_by_sku ON purchase_orders (sku, created_at);

-- One row per supplier shipment. receipt_id = po_id || '-' || shipment_no is deterministic, so a
-- delivery seen twice (crash, second scheduler) collides on the primary key instead of counting twice,
-- and the same id travels in StockReceived to the ledger's restock as its idempotency key.
CREATE TABLE po_receipts (
    receipt_id   TEXT        PRIMARY KEY,
    po_id        TEXT        NOT NULL REFERENCES purchase_orders (po_id),
    shipment_no  INTEGER     NOT NULL CHECK (shipment_no >= 1),
    units        INTEGER     NOT NULL CHECK (units > 0),
    received_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (po_id, shipment_no)
);
