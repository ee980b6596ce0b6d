-- The capability to read or cancel an order: checkout hands the buyer a random token and keeps only
-- its SHA-256 here. Orders placed before this column existed have none, and so are readable and
-- cancellable through the public API by nobody (they answer 404 like an unknown order).
ALTER TABLE orders ADD COLUMN access_token_sha256 BYTEA;
