-- Recommendations (V70-V79). PostgreSQL and CockroachDB compatible: no advisory locks, no PL/pgSQL.

-- How many orders contained both products; stored in both directions so serving one product is a
-- single index range scan.
CREATE TABLE recommendation_pairs (
    product_id TEXT   NOT NULL,
    other_id   TEXT   NOT NULL,
    count      BIGINT NOT NULL CHECK (count > 0),
    PRIMARY KEY (product_id, other_id),
    CHECK (product_id <> other_id)
);
-- Serving reads a product's partners best first without sorting all of them.
CREATE INDEX recommendation_pairs_rank ON recommendation_pairs (product_id, count DESC, other_id);

-- Units sold per product: the top-sellers fallback.
CREATE TABLE recommendation_popularity (
    product_id TEXT   PRIMARY KEY,
    units      BIGINT NOT NULL CHECK (units > 0)
);
CREATE INDEX recommendation_popularity_rank ON recommendation_popularity (units DESC, product_id);
