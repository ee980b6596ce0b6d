package dev.fivenines.commerce.order;

import dev.fivenines.base.Money;
import dev.fivenines.commerce.payment.PaymentRecords;
import dev.fivenines.commerce.payment.PaymentStatus;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Orders and their lines in SQL. Every method works inside the caller's transaction. */
public final class OrderRepository {
    private OrderRepository() {
    }

    public static void insert(Connection tx, Order order, String idempotencyKey) throws SQLException {
        insert(tx, order, idempotencyKey, null);
    }

    /** @param sessionId the shopping session the order was placed in (already validated), or null */
    public static void insert(Connection tx, Order order, String idempotencyKey, String sessionId) throws SQLException {
        insert(tx, order, idempotencyKey, sessionId, null);
    }

    /** @param accessTokenDigest the SHA-256 of the order's access token ({@link OrderTokens}), or null for none */
    public static void insert(Connection tx, Order order, String idempotencyKey, String sessionId, byte[] accessTokenDigest)
            throws SQLException {
        try (var insert = tx.prepareStatement("""
                INSERT INTO orders (id, cart_id, email, status, currency, total_minor, idempotency_key, created_at, updated_at,
                                    session_id, access_token_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, order.id());
            insert.setObject(2, order.cartId());
            insert.setString(3, order.email());
            insert.setString(4, order.status().name());
            insert.setString(5, order.total().currency());
            insert.setLong(6, order.total().minorUnits());
            insert.setString(7, idempotencyKey);
            insert.setTimestamp(8, Timestamp.from(order.createdAt()));
            insert.setTimestamp(9, Timestamp.from(order.updatedAt()));
            insert.setString(10, sessionId);
            insert.setBytes(11, accessTokenDigest);
            insert.executeUpdate();
        }
        try (var insert = tx.prepareStatement("""
                INSERT INTO order_lines (order_id, product_id, name, quantity, unit_price_minor) VALUES (?, ?, ?, ?, ?)""")) {
            for (OrderLine line : order.lines()) {
                insert.setObject(1, order.id());
                insert.setString(2, line.productId());
                insert.setString(3, line.name());
                insert.setInt(4, line.quantity());
                insert.setLong(5, line.unitPrice().minorUnits());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The order with its payment status; {@code lock} takes the order's row lock (the order's mutex). */
    public static Optional<Order> find(Connection tx, UUID orderId, boolean lock) throws SQLException {
        UUID cartId;
        String email;
        OrderStatus status;
        String currency;
        long totalMinor;
        Instant createdAt;
        Instant updatedAt;
        try (var select = tx.prepareStatement("SELECT cart_id, email, status, currency, total_minor, created_at, updated_at "
                + "FROM orders WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                cartId = rs.getObject(1, UUID.class);
                email = rs.getString(2);
                status = OrderStatus.valueOf(rs.getString(3));
                currency = rs.getString(4);
                totalMinor = rs.getLong(5);
                createdAt = rs.getTimestamp(6).toInstant();
                updatedAt = rs.getTimestamp(7).toInstant();
            }
        }
        List<OrderLine> lines = new ArrayList<>();
        try (var select = tx.prepareStatement(
                "SELECT product_id, name, quantity, unit_price_minor FROM order_lines WHERE order_id = ? ORDER BY product_id")) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    lines.add(new OrderLine(rs.getString(1), rs.getString(2), rs.getInt(3), new Money(rs.getLong(4), currency)));
                }
            }
        }
        PaymentStatus payment = PaymentRecords.status(tx, orderId, false).orElse(null);
        return Optional.of(new Order(orderId, cartId, email, status, lines, new Money(totalMinor, currency), payment, createdAt, updatedAt));
    }

    /** Whether {@code presentedToken} opens order {@code orderId}: false for an unknown order, one without a token, or a wrong token. */
    public static boolean accessible(Connection tx, UUID orderId, String presentedToken) throws SQLException {
        byte[] stored = null;
        try (var select = tx.prepareStatement("SELECT access_token_sha256 FROM orders WHERE id = ?")) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                if (rs.next()) {
                    stored = rs.getBytes(1);
                }
            }
        }
        return OrderTokens.matches(stored, presentedToken);
    }

    /** The Idempotency-Key the order was placed under (the provider's idempotency key for its payment). */
    public static String idempotencyKey(Connection tx, UUID orderId) throws SQLException {
        try (var select = tx.prepareStatement("SELECT idempotency_key FROM orders WHERE id = ?")) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no order " + orderId);
                }
                return rs.getString(1);
            }
        }
    }

    public static void updateStatus(Connection tx, UUID orderId, OrderStatus from, OrderStatus to, Instant now) throws SQLException {
        from.moveTo(to, orderId);
        try (var update = tx.prepareStatement("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setTimestamp(2, Timestamp.from(now));
            update.setObject(3, orderId);
            update.setString(4, from.name());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("order " + orderId + " was not " + from + " when moving it to " + to
                        + "; callers must hold its row lock");
            }
        }
    }
}
