package dev.fivenines.commerce.checkout;

import dev.fivenines.base.Check;
import dev.fivenines.commerce.idempotency.IdempotencyStore;
import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stock holds whose release has not reached the ledger yet (table {@code pending_hold_releases}),
 * worked off by {@link HoldReleaseRetrier}. Kept in SQL so a shop restart loses none; bounded by
 * {@link Config#maxPending()} (beyond it the hold is left to its TTL, counted and logged by the caller).
 *
 * <p>Two kinds of row. Without a key: the checkout attempt was settled (refused, or forgotten) and
 * its order id will never be used again, so the hold is released unconditionally. With a key: the
 * ledger failed while reserving, so the attempt's key was unlocked with its order id kept
 * ({@link #keepForRetry}); a retry with that key within {@link Config#reuseGrace()} takes the attempt
 * over and reuses the hold, and only if none did is the hold released (the key first gets a new
 * order id, so a later retry never finds a released hold under its id).
 */
public final class PendingHoldReleases {
    /**
     * @param reuseGrace        how long a hold kept for a retry waits before it is released
     * @param maxPending        most rows in the table; more are refused
     * @param pollInterval      pause between two rounds of the retrier
     * @param batchSize         most rows one round looks at
     * @param initialBackoff    wait after the first failed release, doubled after each (with jitter)
     * @param maxBackoff        longest wait between two tries
     * @param maxAttempts       failed releases before giving up (the hold then expires by its TTL)
     * @param lateReserveWindow how long after queueing a "no such hold" answer is tried again: a
     *                          reserve that timed out may still land in the ledger after the release
     */
    public record Config(Duration reuseGrace, int maxPending, Duration pollInterval, int batchSize, Duration initialBackoff,
                         Duration maxBackoff, int maxAttempts, Duration lateReserveWindow) {
        /** 10 s of grace: checkout answers 503 with Retry-After 2 s, and an election takes about one. */
        public static final Duration DEFAULT_REUSE_GRACE = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_PENDING = 10_000;
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
        public static final int DEFAULT_BATCH_SIZE = 50;
        public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
        public static final int DEFAULT_MAX_ATTEMPTS = 50;
        public static final Duration DEFAULT_LATE_RESERVE_WINDOW = Duration.ofSeconds(60);
        public static final Config DEFAULT = builder().build();

        public Config {
            Check.inRange("holdReleases.reuseGraceMillis", reuseGrace.toMillis(), 0, CheckoutService.HOLD_TTL.toMillis());
            Check.inRange("holdReleases.maxPending", maxPending, 1, 1_000_000);
            Check.inRange("holdReleases.pollIntervalMillis", pollInterval.toMillis(), 10, 600_000);
            Check.inRange("holdReleases.batchSize", batchSize, 1, 1_000);
            // The bounds base.Backoff accepts.
            Check.inRange("holdReleases.initialBackoffMillis", initialBackoff.toMillis(), 1, 60_000);
            Check.inRange("holdReleases.maxBackoffMillis", maxBackoff.toMillis(), initialBackoff.toMillis(), 300_000);
            Check.inRange("holdReleases.maxAttempts", maxAttempts, 1, 10_000);
            Check.inRange("holdReleases.lateReserveWindowMillis", lateReserveWindow.toMillis(), 0, CheckoutService.HOLD_TTL.toMillis());
        }

        /** Starts from the {@code DEFAULT_*} values; {@link Builder#build} validates. */
        public static Builder builder() {
            return new Builder();
        }

        /** Named settings instead of positions; each unset one keeps its default. */
        public static final class Builder {
            private Duration reuseGrace = DEFAULT_REUSE_GRACE;
            private int maxPending = DEFAULT_MAX_PENDING;
            private Duration pollInterval = DEFAULT_POLL_INTERVAL;
            private int batchSize = DEFAULT_BATCH_SIZE;
            private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
            private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
            private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
            private Duration lateReserveWindow = DEFAULT_LATE_RESERVE_WINDOW;

            private Builder() {
            }

            public Builder reuseGrace(Duration reuseGrace) {
                this.reuseGrace = reuseGrace;
                return this;
            }

            public Builder maxPending(int maxPending) {
                this.maxPending = maxPending;
                return this;
            }

            public Builder pollInterval(Duration pollInterval) {
                this.pollInterval = pollInterval;
                return this;
            }

            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            public Builder initialBackoff(Duration initialBackoff) {
                this.initialBackoff = initialBackoff;
                return this;
            }

            public Builder maxBackoff(Duration maxBackoff) {
                this.maxBackoff = maxBackoff;
                return this;
            }

            public Builder maxAttempts(int maxAttempts) {
                this.maxAttempts = maxAttempts;
                return this;
            }

            public Builder lateReserveWindow(Duration lateReserveWindow) {
                this.lateReserveWindow = lateReserveWindow;
                return this;
            }

            public Config build() {
                return new Config(reuseGrace, maxPending, pollInterval, batchSize, initialBackoff, maxBackoff, maxAttempts,
                        lateReserveWindow);
            }
        }
    }

    /** One row: {@code key} null for an unconditional release; {@code queuedAt} when it was last queued. */
    public record Pending(UUID orderId, String key, int attempts, Instant queuedAt) {
    }

    private final Database db;
    private final Clock clock;
    private final Config config;

    public PendingHoldReleases(Database db, Clock clock, Config config) {
        this.db = db;
        this.clock = clock;
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /**
     * In the caller's transaction: unlocks the attempt on {@code key} (order id kept) and queues its
     * hold for release after the grace. False if the key is no longer this attempt's (nothing done:
     * whoever has it owns the hold) or the table is full (unlocked, not queued: the hold is left to a
     * retry or its TTL).
     */
    boolean keepForRetry(Connection tx, IdempotencyStore keys, String key, UUID orderId) throws SQLException {
        return keys.unlock(tx, key, orderId) && insert(tx, orderId, key, clock.instant().plus(config.reuseGrace()));
    }

    /** Queues an unconditional release, due now. False if the table is full. */
    boolean enqueue(UUID orderId) {
        return db.inTransaction(tx -> insert(tx, orderId, null, clock.instant()));
    }

    private boolean insert(Connection tx, UUID orderId, String key, Instant notBefore) throws SQLException {
        try (var insert = tx.prepareStatement("""
                INSERT INTO pending_hold_releases (order_id, idempotency_key, attempts, not_before, created_at)
                SELECT ?, ?, 0, ?, ? WHERE (SELECT count(*) FROM pending_hold_releases) < ?
                ON CONFLICT (order_id) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key,
                    not_before = EXCLUDED.not_before, created_at = EXCLUDED.created_at""")) {
            insert.setObject(1, orderId);
            insert.setString(2, key);
            insert.setTimestamp(3, Timestamp.from(notBefore));
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            insert.setInt(5, config.maxPending());
            return insert.executeUpdate() == 1;
        }
    }

    /** At most {@code batchSize} rows due at {@code now}, the longest due first. */
    List<Pending> due(Instant now) {
        return db.inTransaction(tx -> {
            try (var select = tx.prepareStatement("""
                    SELECT order_id, idempotency_key, attempts, created_at FROM pending_hold_releases
                    WHERE not_before <= ? ORDER BY not_before LIMIT ?""")) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setInt(2, config.batchSize());
                List<Pending> rows = new ArrayList<>();
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant()));
                    }
                }
                return rows;
            }
        });
    }

    /** The row is settled (released, or left to whoever took the hold over). */
    void remove(UUID orderId) {
        db.inTransaction(tx -> {
            try (var delete = tx.prepareStatement("DELETE FROM pending_hold_releases WHERE order_id = ?")) {
                delete.setObject(1, orderId);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /** Tries the row again at {@code at}, having failed {@code attempts} times, the last with {@code error}. */
    void retryAt(UUID orderId, int attempts, Instant at, String error) {
        db.inTransaction(tx -> {
            try (var update = tx.prepareStatement(
                    "UPDATE pending_hold_releases SET attempts = ?, not_before = ?, last_error = ? WHERE order_id = ?")) {
                update.setInt(1, attempts);
                update.setTimestamp(2, Timestamp.from(at));
                update.setString(3, error == null ? null : error.substring(0, Math.min(error.length(), 500)));
                update.setObject(4, orderId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Rows waiting, for tests and operators. */
    public long size() {
        return db.inTransaction(tx -> {
            try (var count = tx.prepareStatement("SELECT count(*) FROM pending_hold_releases"); var rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
