-- Fulfillment (V60-V69). PostgreSQL and CockroachDB compatible: no advisory locks, no PL/pgSQL.

-- One shipment per order: order_id is UNIQUE so a redelivered OrderPlaced (new event id, same order)
-- cannot create a second one. A CANCELLED row with no carrier is a tombstone for an order cancelled
-- before fulfillment saw it being placed, so a late OrderPlaced does not ship it.
CREATE TABLE shipments (
    shipment_id     UUID        PRIMARY KEY,
    order_id        TEXT        NOT NULL UNIQUE,
    status          TEXT        NOT NULL CHECK (status IN ('CREATED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    carrier         TEXT,
    tracking_number TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    shipped_at      TIMESTAMPTZ,
    delivered_at    TIMESTAMPTZ,
    CHECK (status NOT IN ('SHIPPED', 'DELIVERED') OR (shipped_at IS NOT NULL AND carrier IS NOT NULL)),
    CHECK (status <> 'DELIVERED' OR delivered_at IS NOT NULL)
);

-- The delivery scheduler scans only shipments in transit, oldest first.
CREATE INDEX shipments_in_transit ON shipments (shipped_at) WHERE status = 'SHIPPED';
