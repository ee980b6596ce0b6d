package dev.fivenines.inventory.sql;

import dev.fivenines.base.Check;
import dev.fivenines.base.PeriodicLoop;
import dev.fivenines.db.Database;
import dev.fivenines.inventory.HoldStatus;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Gives back the units of holds nobody committed or released before {@code expires_at} (a checkout
 * that crashed half-way). Several reapers may run at once: {@code FOR UPDATE SKIP LOCKED} lets each
 * take different holds, and a hold being committed right now is skipped rather than waited for.
 */
public final class HoldExpiryReaper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HoldExpiryReaper.class.getName());
    public static final int MAX_BATCH = 1_000;

    private final Database db;
    private final Clock clock;
    private final int batchSize;
    private volatile PeriodicLoop loop;

    private HoldExpiryReaper(Database db, Clock clock, int batchSize) {
        this.db = db;
        this.clock = clock;
        this.batchSize = Check.inRange("inventory.reaper.batchSize", batchSize, 1, MAX_BATCH);
    }

    /** A reaper that runs only when {@link #reapOnce()} is called (tests, or a caller's own loop). */
    public static HoldExpiryReaper manual(Database db, Clock clock, int batchSize) {
        return new HoldExpiryReaper(db, clock, batchSize);
    }

    /** A reaper that runs every {@code interval} on its own thread until closed. */
    public static HoldExpiryReaper start(Database db, Clock clock, int batchSize, Duration interval) {
        Check.inRange("inventory.reaper.intervalMillis", interval.toMillis(), 10, 3_600_000);
        HoldExpiryReaper reaper = new HoldExpiryReaper(db, clock, batchSize);
        // Overdue holds keep their units until a later run; nothing is lost by a failed one.
        reaper.loop = new PeriodicLoop("inventory-hold-reaper", interval, Duration.ofSeconds(5), reaper::reapAll,
                "overdue holds keep their units until the next run");
        reaper.loop.start();
        return reaper;
    }

    /** Expires at most one batch of overdue holds; returns how many it expired. */
    public int reapOnce() {
        Instant now = clock.instant();
        return db.inTransaction(tx -> {
            List<UUID> overdue = new ArrayList<>();
            try (var select = tx.prepareStatement("""
                    SELECT hold_id FROM inventory_holds WHERE status = 'HELD' AND expires_at <= ?
                    ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setInt(2, batchSize);
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        overdue.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            // Stock rows in SKU order across the whole batch, as every other writer does.
            Map<String, Integer> unitsBySku = new java.util.TreeMap<>();
            for (UUID holdId : overdue) {
                PgStockLedger.holdLines(tx, holdId).forEach((sku, units) -> unitsBySku.merge(sku, units, Math::addExact));
            }
            try (var update = tx.prepareStatement("UPDATE inventory_stock SET held = held - ?, updated_at = ? WHERE sku = ?")) {
                for (var line : unitsBySku.entrySet()) {
                    update.setInt(1, line.getValue());
                    update.setTimestamp(2, Timestamp.from(now));
                    update.setString(3, line.getKey());
                    update.executeUpdate();
                }
            }
            for (UUID holdId : overdue) {
                PgStockLedger.setStatus(tx, holdId, HoldStatus.HELD.moveTo(HoldStatus.EXPIRED), now);
            }
            return overdue.size();
        });
    }

    private void reapAll() {
        int expired;
        do {
            expired = reapOnce();
            if (expired > 0) {
                LOG.info("expired " + expired + " overdue holds");
            }
        } while (expired == batchSize && !Thread.currentThread().isInterrupted());
    }

    @Override
    public void close() {
        PeriodicLoop running = loop;
        if (running != null) {
            running.close();
        }
    }
}
