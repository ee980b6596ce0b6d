package dev.fivenines.commerce.idempotency;

import dev.fivenines.base.Check;
import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency keys in SQL (table {@code idempotency_keys}). {@link #begin} claims a key for one
 * attempt for at most the lock duration; the attempt ends with {@link #complete} (in the same
 * transaction as its effects, or alone for a refusal) or {@link #abandon} (nothing happened, a retry
 * may start afresh).
 */
public final class IdempotencyStore {
    /** How long an attempt owns its key before a retry may assume it died; longer than any checkout. */
    public static final Duration DEFAULT_LOCK = Duration.ofSeconds(30);

    private final Database db;
    private final Clock clock;
    private final Duration lock;

    public IdempotencyStore(Database db, Clock clock, Duration lock) {
        this.db = db;
        this.clock = clock;
        Check.inRange("shop.idempotency.lockMillis", lock.toMillis(), 100, Duration.ofMinutes(10).toMillis());
        this.lock = lock;
    }

    /** Claims {@code key} for a new attempt with {@code newOrderId}, or says what to do instead. */
    public IdempotencyRules.Decision begin(String key, String fingerprint, UUID newOrderId) {
        Instant now = clock.instant();
        // A new key (every first attempt) is one statement committing on its own: one round trip.
        if (db.autocommit(c -> claim(c, key, fingerprint, newOrderId, now))) {
            return new IdempotencyRules.Decision.Proceed(newOrderId, false);
        }
        return db.inTransaction(tx -> {
            // Tried again inside the transaction: the key may have been abandoned (deleted) meanwhile.
            if (claim(tx, key, fingerprint, newOrderId, now)) {
                return new IdempotencyRules.Decision.Proceed(newOrderId, false);
            }
            IdempotencyRecord existing = find(tx, key, true).orElseThrow(
                    () -> new IllegalStateException("idempotency key conflicted on insert but cannot be read"));
            IdempotencyRules.Decision decision = IdempotencyRules.decide(existing, fingerprint, now);
            if (decision instanceof IdempotencyRules.Decision.Proceed) {
                try (var relock = tx.prepareStatement(
                        "UPDATE idempotency_keys SET locked_until = ?, updated_at = ? WHERE idempotency_key = ?")) {
                    relock.setTimestamp(1, Timestamp.from(now.plus(lock)));
                    relock.setTimestamp(2, Timestamp.from(now));
                    relock.setString(3, key);
                    relock.executeUpdate();
                }
            }
            return decision;
        });
    }

    /** Inserts the key as IN_PROGRESS for {@code newOrderId}; false if it exists. */
    private boolean claim(Connection c, String key, String fingerprint, UUID newOrderId, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO idempotency_keys (idempotency_key, fingerprint, order_id, status, locked_until, created_at, updated_at)
                VALUES (?, ?, ?, 'IN_PROGRESS', ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""")) {
            insert.setString(1, key);
            insert.setString(2, fingerprint);
            insert.setObject(3, newOrderId);
            insert.setTimestamp(4, Timestamp.from(now.plus(lock)));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(now));
            return insert.executeUpdate() == 1;
        }
    }

    /** Records the final response within the caller's transaction. */
    public void complete(Connection tx, String key, int status, String body) throws SQLException {
        try (var update = tx.prepareStatement("""
                UPDATE idempotency_keys SET status = 'COMPLETED', response_status = ?, response_body = ?, updated_at = ?
                WHERE idempotency_key = ? AND status = 'IN_PROGRESS'""")) {
            update.setInt(1, status);
            update.setString(2, body);
            update.setTimestamp(3, Timestamp.from(clock.instant()));
            update.setString(4, key);
            Check.state(update.executeUpdate() == 1, "idempotency key %s was not in progress when completing it", key);
        }
    }

    /** Records a final refusal (4xx) on its own: replaying it is the honest answer to a retry. */
    public void complete(String key, int status, String body) {
        db.autocommit(c -> {
            complete(c, key, status, body);
            return null;
        });
    }

    /** Forgets an attempt that changed nothing (a 503), so a retry starts afresh with a new order id. */
    public void abandon(String key) {
        db.autocommit(c -> {
            try (var delete = c.prepareStatement("DELETE FROM idempotency_keys WHERE idempotency_key = ? AND status = 'IN_PROGRESS'")) {
                delete.setString(1, key);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /** Gives the key's attempt a new order id (its old hold is gone) and keeps the lock. */
    public void reassignOrderId(String key, UUID orderId) {
        db.inTransaction(tx -> {
            reassignOrderId(tx, key, orderId);
            return null;
        });
    }

    /**
     * Within the caller's transaction: ends the lock of the attempt on {@code key} that uses
     * {@code orderId}, keeping that order id, so a retry with the key takes the attempt over at once
     * and reuses its hold. False if the key is not (or no longer) in progress with that order id.
     */
    public boolean unlock(Connection tx, String key, UUID orderId) throws SQLException {
        Instant now = clock.instant();
        try (var update = tx.prepareStatement("""
                UPDATE idempotency_keys SET locked_until = ?, updated_at = ?
                WHERE idempotency_key = ? AND status = 'IN_PROGRESS' AND order_id = ?""")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, key);
            update.setObject(4, orderId);
            return update.executeUpdate() == 1;
        }
    }

    /** Within the caller's transaction: the key's record, its row locked until the transaction ends. */
    public Optional<IdempotencyRecord> findForUpdate(Connection tx, String key) throws SQLException {
        return find(tx, key, true);
    }

    /** Within the caller's transaction: as {@link #reassignOrderId(String, UUID)}, lock untouched. */
    public void reassignOrderId(Connection tx, String key, UUID orderId) throws SQLException {
        try (var update = tx.prepareStatement(
                "UPDATE idempotency_keys SET order_id = ?, updated_at = ? WHERE idempotency_key = ? AND status = 'IN_PROGRESS'")) {
            update.setObject(1, orderId);
            update.setTimestamp(2, Timestamp.from(clock.instant()));
            update.setString(3, key);
            Check.state(update.executeUpdate() == 1, "idempotency key %s was not in progress when reassigning it", key);
        }
    }

    /**
     * Deletes at most {@code batch} finished keys created before {@code cutoff} (clients retry within
     * minutes; a day of keys is plenty). Returns how many it deleted; call until it returns less than
     * {@code batch}. Keeps the table bounded.
     */
    public int purgeCompletedBefore(Instant cutoff, int batch) {
        Check.argument(batch >= 1 && batch <= 10_000, "batch must be in [1, 10000], was %s", batch);
        return db.inTransaction(tx -> {
            try (var delete = tx.prepareStatement("""
                    DELETE FROM idempotency_keys WHERE idempotency_key IN (
                        SELECT idempotency_key FROM idempotency_keys WHERE status = 'COMPLETED' AND created_at < ? LIMIT ?)""")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                delete.setInt(2, batch);
                return delete.executeUpdate();
            }
        });
    }

    public Optional<IdempotencyRecord> find(String key) {
        return db.inTransaction(tx -> find(tx, key, false));
    }

    private static Optional<IdempotencyRecord> find(Connection tx, String key, boolean lock) throws SQLException {
        try (var select = tx.prepareStatement("""
                SELECT fingerprint, order_id, status, locked_until, response_status, response_body
                FROM idempotency_keys WHERE idempotency_key = ?""" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, key);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int status = rs.getInt(5);
                return Optional.of(new IdempotencyRecord(key, rs.getString(1), rs.getObject(2, UUID.class),
                        "COMPLETED".equals(rs.getString(3)), rs.getTimestamp(4).toInstant(),
                        rs.wasNull() ? null : status, rs.getString(6)));
            }
        }
    }
}
