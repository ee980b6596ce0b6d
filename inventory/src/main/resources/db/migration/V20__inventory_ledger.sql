-- The stock ledger on SQL (PgStockLedger). PostgreSQL and CockroachDB compatible.
-- Invariant kept by the database itself, whatever the code does: 0 <= held <= on_hand.

CREATE TABLE inventory_stock (
    sku          TEXT        PRIMARY KEY,
    on_hand      INT         NOT NULL CHECK (on_hand >= 0),
    held         INT         NOT NULL DEFAULT 0 CHECK (held >= 0),
    safety_stock INT         NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
    reorder_qty  INT         NOT NULL DEFAULT 0 CHECK (reorder_qty >= 0),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT inventory_stock_held_within_on_hand CHECK (held <= on_hand)
);

-- One row per hold id (= order id): the idempotency record of reserve, commit and release.
CREATE TABLE inventory_holds (
    hold_id    UUID        PRIMARY KEY,
    status     TEXT        NOT NULL CHECK (status IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- The reaper scans only live holds, oldest expiry first.
CREATE INDEX inventory_holds_live_expiry ON inventory_holds (expires_at) WHERE status = 'HELD';

CREATE TABLE inventory_hold_lines (
    hold_id UUID NOT NULL REFERENCES inventory_holds (hold_id),
    sku     TEXT NOT NULL REFERENCES inventory_stock (sku),
    units   INT  NOT NULL CHECK (units >= 1),
    PRIMARY KEY (hold_id, sku)
);
