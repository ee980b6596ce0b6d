package dev.fivenines.commerce.payment;

import dev.fivenines.base.Money;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@code payments} table: one row per order, so a payment cannot be captured twice. */
public final class PaymentRecords {
    private PaymentRecords() {
    }

    public static void insert(Connection tx, UUID orderId, String authorizationId, Money amount, Instant now) throws SQLException {
        try (var insert = tx.prepareStatement("""
                INSERT INTO payments (order_id, auth_id, status, amount_minor, currency, created_at, updated_at)
                VALUES (?, ?, 'AUTHORIZED', ?, ?, ?, ?)""")) {
            insert.setObject(1, orderId);
            insert.setString(2, authorizationId);
            insert.setLong(3, amount.minorUnits());
            insert.setString(4, amount.currency());
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    public static Optional<PaymentStatus> status(Connection tx, UUID orderId, boolean lock) throws SQLException {
        try (var select = tx.prepareStatement("SELECT status FROM payments WHERE order_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(PaymentStatus.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    public static void update(Connection tx, UUID orderId, PaymentStatus from, PaymentStatus to, Instant now) throws SQLException {
        from.moveTo(to);
        try (var update = tx.prepareStatement("UPDATE payments SET status = ?, updated_at = ? WHERE order_id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setTimestamp(2, Timestamp.from(now));
            update.setObject(3, orderId);
            update.setString(4, from.name());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("payment of order " + orderId + " was not " + from + " when moving it to " + to);
            }
        }
    }
}
