package dev.fivenines.commerce.checkout;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.Ids;
import dev.fivenines.base.PeriodicLoop;
import dev.fivenines.commerce.idempotency.IdempotencyRecord;
import dev.fivenines.commerce.idempotency.IdempotencyStore;
import dev.fivenines.commerce.checkout.PendingHoldReleases.Pending;
import dev.fivenines.db.Database;
import dev.fivenines.db.DatabaseException;
import dev.fivenines.inventory.InventoryClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Works off {@link PendingHoldReleases}: releases each due hold through the ledger client (which
 * carries its own deadline and breaker), backing off exponentially with equal jitter after a failure
 * ({@link Backoff#equalJitter}: many shops' retriers fail together when the ledger goes down), and
 * giving up after {@code maxAttempts} (logged with the hold id; the hold then expires by its TTL).
 * A round stops at the first failed release: the ledger is still down and the rest would fail too.
 *
 * <p>A row kept for a retry (it names a key) is first checked against that key, under its row lock:
 * an attempt in progress with the same order id owns the hold (wait for its lock), one that finished
 * decided the hold's fate (drop the row); otherwise the key gets a new order id in the same
 * transaction and the hold is released after it commits, so no retry can reuse a released hold.
 *
 * <p>Rows are not claimed: two shops may work on the same row at once, which is harmless, since
 * release is idempotent and the key check runs under the key's row lock.
 */
public final class HoldReleaseRetrier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HoldReleaseRetrier.class.getName());

    /** What one round did; {@code failed} ends a round. */
    public record Round(int released, int takenOver, int waiting, int retried, int gaveUp) {
    }

    private enum Decision { RELEASE, TAKEN_OVER, WAIT }

    private final PendingHoldReleases pending;
    private final Database db;
    private final IdempotencyStore keys;
    private final InventoryClient inventory;
    private final Clock clock;
    private final Ids ids;
    private final RandomGenerator jitter;
    private final PendingHoldReleases.Config config;
    private final Backoff backoff;
    private final PeriodicLoop loop;
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong gaveUp = new AtomicLong();
    private final AtomicLong takenOver = new AtomicLong();

    public HoldReleaseRetrier(PendingHoldReleases pending, Database db, IdempotencyStore keys, InventoryClient inventory,
                              Clock clock, Ids ids, RandomGenerator jitter) {
        this.pending = pending;
        this.db = db;
        this.keys = keys;
        this.inventory = inventory;
        this.clock = clock;
        this.ids = ids;
        this.jitter = jitter;
        this.config = pending.config();
        this.backoff = Backoff.equalJitter(config.initialBackoff().toMillis(), config.maxBackoff().toMillis(), 2.0);
        this.loop = new PeriodicLoop("hold-release-retrier", config.pollInterval(), Duration.ofSeconds(10), this::runOnce,
                "pending hold releases wait for the next round");
    }

    /** Starts the background loop (one daemon thread); idempotent. */
    public void start() {
        loop.start();
    }

    public long releasedCount() {
        return released.get();
    }

    /** Failed releases that were scheduled again. */
    public long retriedCount() {
        return retried.get();
    }

    public long gaveUpCount() {
        return gaveUp.get();
    }

    /** Holds a retry with the same key took over (or whose attempt finished), so not released here. */
    public long takenOverCount() {
        return takenOver.get();
    }

    /** One bounded round over the rows due now. The loop calls this; tests call it directly. */
    public Round runOnce() {
        Instant now = clock.instant();
        List<Pending> due;
        try {
            due = pending.due(now);
        } catch (DatabaseException e) {
            LOG.log(Level.WARNING, "could not list pending hold releases; the next round retries", e);
            return new Round(0, 0, 0, 0, 0);
        }
        int releasedNow = 0;
        int takenOverNow = 0;
        int waitingNow = 0;
        int retriedNow = 0;
        int gaveUpNow = 0;
        for (Pending row : due) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            Decision decision;
            try {
                decision = row.key() == null ? Decision.RELEASE : db.inTransaction(tx -> decide(tx, row, now));
            } catch (DatabaseException e) {
                LOG.log(Level.WARNING, "could not check the key of pending release " + row.orderId() + "; the next round retries", e);
                break;
            }
            switch (decision) {
                case TAKEN_OVER -> {
                    pending.remove(row.orderId());
                    takenOver.incrementAndGet();
                    takenOverNow++;
                    continue;
                }
                case WAIT -> {
                    waitingNow++;
                    continue;
                }
                case RELEASE -> {
                }
            }
            Optional<String> failure = release(row, now);
            if (failure.isEmpty()) {
                releasedNow++;
                continue;
            }
            if (row.attempts() + 1 >= config.maxAttempts()) {
                pending.remove(row.orderId());
                gaveUp.incrementAndGet();
                gaveUpNow++;
                LOG.warning("gave up releasing hold " + row.orderId() + " after " + (row.attempts() + 1)
                        + " attempts (last: " + failure.get() + "); its units come back when it expires, at most "
                        + CheckoutService.HOLD_TTL + " after it was taken");
            } else {
                pending.retryAt(row.orderId(), row.attempts() + 1, now.plus(backoff(row.attempts() + 1)), failure.get());
                retried.incrementAndGet();
                retriedNow++;
            }
            break;
        }
        return new Round(releasedNow, takenOverNow, waitingNow, retriedNow, gaveUpNow);
    }

    /** Under the key's row lock: may the hold go, and if so the key moves on to a new order id first. */
    private Decision decide(java.sql.Connection tx, Pending row, Instant now) throws java.sql.SQLException {
        Optional<IdempotencyRecord> record = keys.findForUpdate(tx, row.key());
        if (record.isEmpty() || !record.get().orderId().equals(row.orderId())) {
            return Decision.RELEASE; // nobody can reuse this order id any more
        }
        if (record.get().completed()) {
            return Decision.TAKEN_OVER; // that attempt placed the order on this hold, or refused and gave it back
        }
        if (now.isBefore(record.get().lockedUntil())) {
            try (var wait = tx.prepareStatement("UPDATE pending_hold_releases SET not_before = ? WHERE order_id = ?")) {
                wait.setTimestamp(1, java.sql.Timestamp.from(record.get().lockedUntil()));
                wait.setObject(2, row.orderId());
                wait.executeUpdate();
            }
            return Decision.WAIT; // a retry is using the hold right now
        }
        keys.reassignOrderId(tx, row.key(), ids.next());
        return Decision.RELEASE;
    }

    /** Empty when the ledger settled the hold (the row is removed); else why not. */
    private Optional<String> release(Pending row, Instant now) {
        boolean answer;
        try {
            answer = inventory.release(row.orderId());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "release of hold " + row.orderId() + " failed; retrying after a back-off", e);
            return Optional.of(e.toString());
        }
        if (!answer && now.isBefore(row.queuedAt().plus(config.lateReserveWindow()))) {
            // The ledger does not know the hold (yet): a reserve that timed out may still land.
            return Optional.of("the ledger knows no hold " + row.orderId() + " yet");
        }
        pending.remove(row.orderId());
        released.incrementAndGet();
        LOG.info(() -> "released hold " + row.orderId() + " after " + row.attempts() + " earlier attempts"
                + (answer ? "" : " (the ledger had no such hold)"));
        return Optional.empty();
    }

    /** {@code initialBackoff * 2^(attempts-1)}, at most {@code maxBackoff}, then between half and all of it. */
    Duration backoff(int attempts) {
        return Duration.ofMillis(backoff.delayMillis(attempts, jitter::nextDouble));
    }

    @Override
    public void close() {
        loop.close();
    }
}
