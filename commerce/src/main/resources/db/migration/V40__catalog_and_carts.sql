-- Shop: catalog and carts. PostgreSQL and CockroachDB compatible. Product ids double as SKUs.

CREATE TABLE products (
    id          TEXT        PRIMARY KEY,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL,
    category    TEXT        NOT NULL,
    price_minor BIGINT      NOT NULL CHECK (price_minor > 0),
    currency    TEXT        NOT NULL CHECK (length(currency) = 3),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX products_by_category ON products (category, id);

CREATE TABLE carts (
    id         UUID        PRIMARY KEY,
    currency   TEXT        NOT NULL CHECK (length(currency) = 3),
    status     TEXT        NOT NULL CHECK (status IN ('OPEN', 'CHECKED_OUT')),
    order_id   UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cart_lines (
    cart_id    UUID        NOT NULL REFERENCES carts (id),
    product_id TEXT        NOT NULL REFERENCES products (id),
    quantity   INT         NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (cart_id, product_id)
);
