-- Shop: orders, their lines, payments and checkout idempotency keys.

CREATE TABLE orders (
    id              UUID        PRIMARY KEY,
    -- One order per cart, ever: a second checkout of the same cart can never write a second order.
    cart_id         UUID        NOT NULL UNIQUE,
    email           TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    currency        TEXT        NOT NULL CHECK (length(currency) = 3),
    total_minor     BIGINT      NOT NULL CHECK (total_minor >= 0),
    idempotency_key TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX orders_by_created_at ON orders (created_at);

CREATE TABLE order_lines (
    order_id         UUID   NOT NULL REFERENCES orders (id),
    product_id       TEXT   NOT NULL,
    name             TEXT   NOT NULL,
    quantity         INT    NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
    PRIMARY KEY (order_id, product_id)
);

-- One payment per order (the primary key): there is no row to capture twice.
CREATE TABLE payments (
    order_id     UUID        PRIMARY KEY REFERENCES orders (id),
    auth_id      TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED')),
    amount_minor BIGINT      NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT        NOT NULL CHECK (length(currency) = 3),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- A checkout's Idempotency-Key: which request it belongs to (fingerprint), the order id fixed for
-- it, and, once finished, the response to replay. locked_until bounds how long a crashed attempt
-- blocks a retry.
CREATE TABLE idempotency_keys (
    idempotency_key TEXT        PRIMARY KEY,
    fingerprint     TEXT        NOT NULL,
    order_id        UUID        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED')),
    locked_until    TIMESTAMPTZ NOT NULL,
    response_status INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX idempotency_keys_by_created_at ON idempotency_keys (created_at);
