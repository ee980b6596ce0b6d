-- Migrations are numbered by owning module: events V1-V9, inventory V20-V29, commerce V40-V79.
-- SQL stays PostgreSQL and CockroachDB compatible: no advisory locks, no PL/pgSQL.

CREATE TABLE outbox (
    id            BIGSERIAL PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    event_key     TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    source        TEXT        NOT NULL,
    subject       TEXT,
    schema_version INT        NOT NULL,
    payload       TEXT        NOT NULL,
    trace_headers TEXT        NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at       TIMESTAMPTZ
);
-- The relay scans only unsent rows, oldest first.
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- One relay publishes at a time (per-key order); the lease passes on if its holder dies.
CREATE TABLE outbox_relay_lease (
    name       TEXT PRIMARY KEY,
    holder     TEXT,
    expires_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO outbox_relay_lease (name, holder) VALUES ('outbox', NULL);

-- Idempotent consumers record each handled event id in the same transaction as its effects.
CREATE TABLE processed_events (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
