package dev.fivenines.events;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import dev.fivenines.db.Database;
import dev.fivenines.events.internal.BatchPublisher;
import dev.fivenines.events.internal.Lifecycle;
import dev.fivenines.events.internal.Lifecycle.State;
import dev.fivenines.events.internal.OutboxRow;
import dev.fivenines.events.internal.OutboxStore;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Publishes committed outbox rows to Kafka, in id order, at least once.
 *
 * <p>One loop per relay: hold the lease (only the holder publishes, so several relays in several
 * processes never interleave and per-key order holds), read a bounded batch of unsent rows, send
 * them with an idempotent acks=all producer, wait for every acknowledgement, then mark the batch sent
 * in one UPDATE. Any failure (Kafka down, topic missing, database down) leaves the rows unsent: the
 * loop backs off (bounded, jittered) and sends them again, so nothing is lost or skipped. A crash
 * between the acknowledgement and the UPDATE re-sends a batch; consumers dedupe by event id.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    /** Room left on the lease beyond one batch's publish deadline, for the UPDATEs around it. */
    static final long LEASE_MARGIN_MILLIS = 2_000;

    private final OutboxStore store;
    private final KafkaSettings settings;
    private final String holder;
    private final int batchSize;
    private final long leaseMillis;
    private final long idlePollMillis;
    private final long idleMaxPollMillis;
    private final long closeTimeoutMillis;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final LongSupplier nanoClock;
    private final Lifecycle lifecycle;

    private final BatchPublisher publisher;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean leaseHeld;
    private volatile Thread thread;
    private long leaseValidUntilNanos;
    /** Cycles in a row that found nothing to do (no lease, or an empty outbox): the idle wait grows with them. */
    private int idleCycles;

    private OutboxRelay(Builder b) {
        this.store = new OutboxStore(b.database);
        this.settings = b.settings;
        this.holder = b.holder;
        this.batchSize = b.batchSize;
        this.leaseMillis = b.leaseMillis;
        this.idlePollMillis = b.idlePollMillis;
        this.idleMaxPollMillis = b.idleMaxPollMillis;
        this.closeTimeoutMillis = b.closeTimeoutMillis;
        this.backoff = b.backoff;
        this.random = b.random;
        this.nanoClock = b.nanoClock;
        this.lifecycle = new Lifecycle("outbox relay " + holder);
        this.publisher = new BatchPublisher(b.settings, "relay-" + b.holder, b.nanoClock);
    }

    public static Builder builder(Database database, KafkaSettings settings) {
        return new Builder(database, settings);
    }

    /** Starts the loop on its own daemon thread. */
    public OutboxRelay start() {
        lifecycle.transition(State.NEW, State.RUNNING);
        Thread t = new Thread(this::loop, "fivenines-outbox-relay-" + holder);
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    // ---- metrics, read by the role's metrics exporter (the backlog is OutboxBacklog's) ----

    /** Records acknowledged by Kafka and marked sent, since start. */
    public long publishedCount() {
        return published.get();
    }

    /** Failed cycles (Kafka or database unavailable, publish timed out) since start. */
    public long failureCount() {
        return failures.get();
    }

    /** Whether this relay currently holds the lease (and so is the one publishing). */
    public boolean isLeaseHolder() {
        return leaseHeld;
    }

    public State state() {
        return lifecycle.state();
    }

    // ---- the loop ----

    private void loop() {
        int consecutiveFailures = 0;
        try {
            while (!lifecycle.stopRequested()) {
                long waitMillis;
                try {
                    waitMillis = cycle();
                    consecutiveFailures = 0;
                } catch (RuntimeException e) {
                    if (lifecycle.stopRequested()) {
                        LOG.info(() -> "outbox relay " + holder + " stopped mid-batch; the unsent rows stay in the outbox: " + e);
                        break;
                    }
                    consecutiveFailures++;
                    failures.incrementAndGet();
                    waitMillis = backoff.delayMillis(consecutiveFailures, random::nextDouble);
                    long wait = waitMillis;
                    int attempt = consecutiveFailures;
                    // The stack trace once per outage; later failures of the same streak in one line each.
                    LOG.log(Level.WARNING, attempt == 1 ? e : null, () -> "outbox relay " + holder + " cycle failed ("
                            + attempt + " in a row); rows stay unsent and are retried in " + wait + " ms: " + e.getMessage());
                    // A fresh producer starts clean when Kafka returns; abandoned sends' rows are still unsent.
                    publisher.discard();
                }
                if (waitMillis > 0 && lifecycle.awaitStop(waitMillis)) {
                    break;
                }
            }
        } catch (Error e) {
            LOG.log(Level.SEVERE, e, () -> "outbox relay " + holder + " died; nothing publishes from this process until "
                    + "it restarts (rows stay in the outbox)");
            throw e;
        } finally {
            shutdown();
        }
    }

    /** One lease check and at most one batch; returns how long to wait before the next cycle. */
    private long cycle() {
        if (!ensureLease()) {
            return idleWaitMillis(++idleCycles, idlePollMillis, idleMaxPollMillis);
        }
        List<OutboxRow> batch = store.unsent(batchSize);
        if (batch.isEmpty()) {
            return idleWaitMillis(++idleCycles, idlePollMillis, idleMaxPollMillis);
        }
        idleCycles = 0;
        publisher.publish(batch);
        store.markSent(batch.stream().map(OutboxRow::id).toList());
        published.addAndGet(batch.size());
        // More may be waiting: go again at once.
        return 0;
    }

    /**
     * The wait after the {@code idleCycles}-th empty cycle in a row: {@code min}, doubling per empty
     * cycle up to {@code max}. A busy relay looks again within {@code min}; an idle one queries the
     * database {@code 1000 / max} times a second instead of {@code 1000 / min} (decision 028), and
     * its first row after a quiet spell waits at most {@code max}.
     */
    static long idleWaitMillis(int idleCycles, long min, long max) {
        int doublings = Math.min(Math.max(idleCycles, 1) - 1, 30);
        return Math.min(max, min << doublings);
    }

    /**
     * Holds the lease with enough time left to publish one batch within it. Renews when less than
     * that remains, so a busy relay writes the lease row about twice per lease period, not per batch.
     */
    private boolean ensureLease() {
        long now = nanoClock.getAsLong();
        long needed = TimeUnit.MILLISECONDS.toNanos(settings.publishDeadlineMillis() + LEASE_MARGIN_MILLIS);
        if (leaseHeld && leaseValidUntilNanos - now > Math.max(needed, TimeUnit.MILLISECONDS.toNanos(leaseMillis) / 2)) {
            return true;
        }
        // Measured from before the UPDATE, so our idea of the expiry is never later than the database's.
        boolean held = store.tryLease(holder, leaseMillis);
        if (held) {
            leaseValidUntilNanos = now + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        }
        if (held != leaseHeld) {
            LOG.info(() -> "outbox relay " + holder + (held ? " took" : " lost") + " the publishing lease");
        }
        leaseHeld = held;
        return held;
    }

    private void shutdown() {
        try {
            if (leaseHeld) {
                store.releaseLease(holder);
                leaseHeld = false;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "outbox relay " + holder + " could not release its lease; a standby takes "
                    + "over when it expires in at most " + leaseMillis + " ms");
        } finally {
            publisher.discard();
            lifecycle.tryTransition(State.STOPPING, State.STOPPED);
        }
    }

    /**
     * Stops the loop and returns within the close timeout. A batch in flight is abandoned (its rows
     * stay unsent and are published again by whoever holds the lease next).
     */
    @Override
    public void close() {
        if (lifecycle.tryTransition(State.NEW, State.STOPPED)) {
            return;
        }
        if (!lifecycle.tryTransition(State.RUNNING, State.STOPPING)) {
            return; // already stopping or stopped
        }
        Thread t = thread;
        if (!join(t, closeTimeoutMillis / 2)) {
            // Blocked waiting for acknowledgements: closing the producer now fails them at once.
            publisher.discard();
            t.interrupt();
            if (!join(t, closeTimeoutMillis - closeTimeoutMillis / 2)) {
                LOG.severe(() -> "outbox relay " + holder + " did not stop within " + closeTimeoutMillis
                        + " ms; its daemon thread is left to finish its current statement");
            }
        }
    }

    private static boolean join(Thread t, long millis) {
        try {
            return t.join(Duration.ofMillis(Math.max(1, millis)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !t.isAlive();
        }
    }

    /** Settings of a relay; validated in {@link #build()} with messages naming the key and range. */
    public static final class Builder {
        private final Database database;
        private final KafkaSettings settings;
        private String holder;
        private RandomGenerator random;
        private int batchSize = 200;
        private long leaseMillis = 30_000;
        private long idlePollMillis = 100;
        private long idleMaxPollMillis = 1_000;
        private long closeTimeoutMillis = 5_000;
        private Backoff backoff = Backoff.equalJitter(200, 10_000, 2.0);
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(Database database, KafkaSettings settings) {
            this.database = Objects.requireNonNull(database, "database");
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Who holds the lease: unique per relay instance, e.g. node name plus a random suffix. */
        public Builder holder(String holder) {
            this.holder = holder;
            return this;
        }

        /** Source of backoff jitter. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder leaseMillis(long leaseMillis) {
            this.leaseMillis = leaseMillis;
            return this;
        }

        /** Pause between looks at the outbox when it has just become empty: bounds the added publish latency while busy. */
        public Builder idlePollMillis(long idlePollMillis) {
            this.idlePollMillis = idlePollMillis;
            return this;
        }

        /**
         * Longest pause between looks once the outbox has stayed empty (the pause doubles from
         * {@link #idlePollMillis} per empty look): bounds the added latency of the first row after a
         * quiet spell, and of a standby's look at the lease.
         */
        public Builder idleMaxPollMillis(long idleMaxPollMillis) {
            this.idleMaxPollMillis = idleMaxPollMillis;
            return this;
        }

        public Builder closeTimeoutMillis(long closeTimeoutMillis) {
            this.closeTimeoutMillis = closeTimeoutMillis;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        public OutboxRelay build() {
            if (holder == null || holder.isBlank() || holder.length() > 200) {
                throw new ConfigException("outbox.relay.holder must be 1-200 characters, was '" + holder + "'");
            }
            Check.argument(random != null, "outbox relay %s needs a random source for backoff jitter", holder);
            Check.inRange("outbox.relay.batchSize", batchSize, 1, 10_000);
            // The holder must be able to finish a batch before its lease can pass to another relay.
            Check.inRange("outbox.relay.leaseMillis", leaseMillis, settings.publishDeadlineMillis() + LEASE_MARGIN_MILLIS,
                    3_600_000);
            Check.inRange("outbox.relay.idlePollMillis", idlePollMillis, 1, 60_000);
            Check.inRange("outbox.relay.idleMaxPollMillis", idleMaxPollMillis, idlePollMillis, 60_000);
            Check.inRange("outbox.relay.closeTimeoutMillis", closeTimeoutMillis, 100, 120_000);
            return new OutboxRelay(this);
        }
    }
}
