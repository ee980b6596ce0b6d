-- The shopping session an order was placed in (the checkout's X-Session-Id header, validated by the
-- shop: 1-128 visible ASCII characters), published in OrderPlaced so every edge's session value model
-- learns the purchase. Nullable: orders placed without a session, and every order placed before this.
ALTER TABLE orders ADD COLUMN session_id TEXT;
