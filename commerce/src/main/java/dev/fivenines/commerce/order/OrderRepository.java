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

    /**
     * The order with its payment status; {@code lock} takes the order's row lock (the order's mutex)
     * and then its payment's. Unlocked, one statement; locked, two: a statement that waits for a lock
     * keeps the snapshot it started with for every table it does not lock, so the payment (which the
     * lock holder may have moved) is read, and locked, after the order's lock. Lines never change.
     */
    public static Optional<Order> find(Connection tx, UUID orderId, boolean lock) throws SQLException {
        Optional<Read> read = read(tx, orderId, lock);
        if (read.isEmpty() || !lock) {
            return read.map(Read::order);
        }
        PaymentStatus payment = PaymentRecords.status(tx, orderId, true).orElse(null);
        return Optional.of(read.get().order().withPayment(payment));
    }

    /**
     * The order, in one statement, for the holder of its access token ({@link OrderTokens}); empty
     * for an unknown order, one without a token, or a wrong token, alike.
     */
    public static Optional<Order> findAccessible(Connection c, UUID orderId, String presentedToken) throws SQLException {
        return read(c, orderId, false).filter(r -> OrderTokens.matches(r.accessTokenDigest(), presentedToken)).map(Read::order);
    }

    private record Read(Order order, byte[] accessTokenDigest) {
    }

    /** The order row with its lines (one row each) and, unless locked, its payment's status. */
    private static Optional<Read> read(Connection tx, UUID orderId, boolean lock) throws SQLException {
        try (var select = tx.prepareStatement("SELECT o.cart_id, o.email, o.status, o.currency, o.total_minor, o.created_at, "
                + "o.updated_at, o.access_token_sha256, " + (lock ? "NULL" : "p.status")
                + ", l.product_id, l.name, l.quantity, l.unit_price_minor FROM orders o "
                + (lock ? "" : "LEFT JOIN payments p ON p.order_id = o.id ")
                + "LEFT JOIN order_lines l ON l.order_id = o.id WHERE o.id = ? ORDER BY l.product_id"
                + (lock ? " FOR UPDATE OF o" : ""))) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                UUID cartId = rs.getObject(1, UUID.class);
                String email = rs.getString(2);
                OrderStatus status = OrderStatus.valueOf(rs.getString(3));
                String currency = rs.getString(4);
                long totalMinor = rs.getLong(5);
                Instant createdAt = rs.getTimestamp(6).toInstant();
                Instant updatedAt = rs.getTimestamp(7).toInstant();
                byte[] digest = rs.getBytes(8);
                String payment = rs.getString(9);
                List<OrderLine> lines = new ArrayList<>();
                do {
                    String productId = rs.getString(10);
                    if (productId != null) {
                        lines.add(new OrderLine(productId, rs.getString(11), rs.getInt(12), new Money(rs.getLong(13), currency)));
                    }
                } while (rs.next());
                Order order = new Order(orderId, cartId, email, status, lines, new Money(totalMinor, currency),
                        payment == null ? null : PaymentStatus.valueOf(payment), createdAt, updatedAt);
                return Optional.of(new Read(order, digest));
            }
        }
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
        write(tx, orderId, from, to, now);
    }

    /**
     * Two steps of the state machine, {@code from -> via -> to}, in one UPDATE: both moves are checked
     * as {@link #updateStatus} checks one, and {@code via} is never visible outside the transaction anyway.
     */
    public static void updateStatus(Connection tx, UUID orderId, OrderStatus from, OrderStatus via, OrderStatus to, Instant now)
            throws SQLException {
        from.moveTo(via, orderId);
        via.moveTo(to, orderId);
        write(tx, orderId, from, to, now);
    }

    private static void write(Connection tx, UUID orderId, OrderStatus from, OrderStatus to, Instant now) throws SQLException {
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
