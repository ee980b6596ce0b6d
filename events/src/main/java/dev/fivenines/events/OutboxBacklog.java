package dev.fivenines.events;

import dev.fivenines.base.Check;
import dev.fivenines.db.Database;
import dev.fivenines.events.internal.OutboxStore;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How far behind the outbox is: rows committed but not yet published, and the age of the oldest,
 * read on a timer of its own. It does not depend on the relay: a relay that is stopped, stuck
 * waiting for Kafka, or in another process is exactly when these rise. The gauges read the last
 * result, so a scrape never queries the database; one bounded query (the count stops at
 * {@link OutboxStore#BACKLOG_COUNT_CAP}, the statement timeout applies) runs every refresh period.
 */
public final class OutboxBacklog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class.getName());
    public static final long DEFAULT_REFRESH_MILLIS = 5_000;

    private final OutboxStore store;
    private final String name;
    private final ScheduledExecutorService timer;
    private volatile OutboxStore.Backlog last = new OutboxStore.Backlog(0, 0);
    private final AtomicLong readFailures = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private int failuresInARow;

    private OutboxBacklog(Database database, String name) {
        this.store = new OutboxStore(database);
        this.name = name;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fivenines-outbox-backlog-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the backlog now and then every {@code refreshMillis}, until closed. */
    public static OutboxBacklog start(Database database, String name, long refreshMillis) {
        Check.inRange("outbox.backlog.refreshMillis", refreshMillis, 100, 600_000);
        OutboxBacklog backlog = new OutboxBacklog(database, name);
        backlog.timer.scheduleWithFixedDelay(backlog::refresh, 0, refreshMillis, TimeUnit.MILLISECONDS);
        return backlog;
    }

    /** Unsent rows at the last read (at most {@link OutboxStore#BACKLOG_COUNT_CAP}). */
    public long size() {
        return last.size();
    }

    /** Age of the oldest unsent row at the last read, by the database clock; 0 when none waits. */
    public double oldestAgeSeconds() {
        return last.oldestAgeMillis() / 1_000.0;
    }

    /** Reads that failed (database unreachable or too slow); the figures above keep their last values meanwhile. */
    public long readFailures() {
        return readFailures.get();
    }

    /** Reads that succeeded. */
    public long reads() {
        return reads.get();
    }

    private void refresh() {
        try {
            last = store.backlog();
            reads.incrementAndGet();
            failuresInARow = 0;
        } catch (RuntimeException e) {
            // Caught so the timer keeps running: a scheduled task that throws is never run again.
            readFailures.incrementAndGet();
            failuresInARow++;
            int n = failuresInARow;
            LOG.log(Level.WARNING, n == 1 ? e : null, () -> "outbox backlog of " + name + " could not be read (" + n
                    + " in a row); the backlog gauges keep their last values: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(Database.STATEMENT_TIMEOUT_MILLIS + 1_000L, TimeUnit.MILLISECONDS)) {
                LOG.warning(() -> "outbox backlog reader of " + name + " did not stop in time; its daemon thread ends "
                        + "with its statement");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
