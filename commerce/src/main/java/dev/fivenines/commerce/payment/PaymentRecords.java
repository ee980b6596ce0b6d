package dev.fivenines.commerce.payment;

import dev.fivenines.base.Money;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** A payment the provider has not authorized yet (it could not answer at checkout). */
    public static void insertPending(Connection tx, UUID orderId, Money amount, Instant now) throws SQLException {
        try (var insert = tx.prepareStatement("""
                INSERT INTO payments (order_id, auth_id, status, amount_minor, currency, created_at, updated_at, next_attempt_at)
                VALUES (?, NULL, 'PENDING', ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, orderId);
            insert.setLong(2, amount.minorUnits());
            insert.setString(3, amount.currency());
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    /**
     * Takes the lock that serializes risk checks of pending checkouts; hold it (the caller's
     * transaction) from {@link #pendingExposure} until the PENDING row is written.
     */
    public static void lockPendingGate(Connection tx) throws SQLException {
        try (var select = tx.prepareStatement("SELECT id FROM pending_payment_gate WHERE id = 1 FOR UPDATE");
             var rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("pending_payment_gate has no row; migration V42 inserts it");
            }
        }
    }

    /** How many payments are PENDING and how much money they are, per currency. */
    public static PendingExposure pendingExposure(Connection tx) throws SQLException {
        Map<String, Long> amounts = new HashMap<>();
        int orders = 0;
        try (var select = tx.prepareStatement(
                "SELECT currency, count(*), sum(amount_minor) FROM payments WHERE status = 'PENDING' GROUP BY currency");
             var rs = select.executeQuery()) {
            while (rs.next()) {
                orders += rs.getInt(2);
                amounts.put(rs.getString(1), rs.getLong(3));
            }
        }
        return new PendingExposure(orders, amounts);
    }

    /** Up to {@code limit} PENDING payments due for an attempt at {@code now}, oldest first. */
    public static List<UUID> pendingDue(Connection tx, Instant now, int limit) throws SQLException {
        List<UUID> due = new ArrayList<>();
        try (var select = tx.prepareStatement("""
                SELECT order_id FROM payments WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, created_at LIMIT ?""")) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setInt(2, limit);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return due;
    }

    /** PENDING -> AUTHORIZED with the provider's authorization id. */
    public static void authorizePending(Connection tx, UUID orderId, String authorizationId, Instant now) throws SQLException {
        PaymentStatus.PENDING.moveTo(PaymentStatus.AUTHORIZED);
        try (var update = tx.prepareStatement(
                "UPDATE payments SET status = 'AUTHORIZED', auth_id = ?, updated_at = ? WHERE order_id = ? AND status = 'PENDING'")) {
            update.setString(1, authorizationId);
            update.setTimestamp(2, Timestamp.from(now));
            update.setObject(3, orderId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("payment of order " + orderId + " was not PENDING when authorizing it");
            }
        }
    }

    /** Counts a failed attempt on a PENDING payment and sets when to try again; returns the attempts so far. */
    public static int deferPending(Connection tx, UUID orderId, Instant nextAttemptAt, Instant now) throws SQLException {
        try (var update = tx.prepareStatement("""
                UPDATE payments SET capture_attempts = capture_attempts + 1, next_attempt_at = ?, updated_at = ?
                WHERE order_id = ? AND status = 'PENDING' RETURNING capture_attempts""")) {
            update.setTimestamp(1, Timestamp.from(nextAttemptAt));
            update.setTimestamp(2, Timestamp.from(now));
            update.setObject(3, orderId);
            try (var rs = update.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("payment of order " + orderId + " was not PENDING when deferring it");
                }
                return rs.getInt(1);
            }
        }
    }

    /** Failed attempts so far on a payment (the capturer's backoff exponent). */
    public static int attempts(Connection tx, UUID orderId) throws SQLException {
        try (var select = tx.prepareStatement("SELECT capture_attempts FROM payments WHERE order_id = ?")) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
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
        from.moveTo(to, orderId);
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
