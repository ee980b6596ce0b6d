package dev.fivenines.inventory.sql;

import dev.fivenines.base.Check;
import dev.fivenines.events.db.Database;
import dev.fivenines.inventory.HoldStatus;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
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
    private final ScheduledExecutorService scheduler;

    private HoldExpiryReaper(Database db, Clock clock, int batchSize, ScheduledExecutorService scheduler) {
        this.db = db;
        this.clock = clock;
        this.batchSize = Check.inRange("inventory.reaper.batchSize", batchSize, 1, MAX_BATCH);
        this.scheduler = scheduler;
    }

    /** A reaper that runs only when {@link #reapOnce()} is called (tests, or a caller's own loop). */
    public static HoldExpiryReaper manual(Database db, Clock clock, int batchSize) {
        return new HoldExpiryReaper(db, clock, batchSize, null);
    }

    /** A reaper that runs every {@code interval} on its own thread until closed. */
    public static HoldExpiryReaper start(Database db, Clock clock, int batchSize, Duration interval) {
        Check.inRange("inventory.reaper.intervalMillis", interval.toMillis(), 10, 3_600_000);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inventory-hold-reaper");
            t.setDaemon(true);
            return t;
        });
        HoldExpiryReaper reaper = new HoldExpiryReaper(db, clock, batchSize, scheduler);
        scheduler.scheduleWithFixedDelay(reaper::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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

    private void runSafely() {
        try {
            int expired;
            do {
                expired = reapOnce();
                if (expired > 0) {
                    LOG.info("expired " + expired + " overdue holds");
                }
            } while (expired == batchSize && !scheduler.isShutdown());
        } catch (RuntimeException e) {
            // The next run tries again; overdue holds keep their units until then, nothing is lost.
            LOG.log(Level.WARNING, "hold expiry pass failed; will retry on the next tick", e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warning("hold reaper did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
