package dev.fivenines.commerce.checkout;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.Check;
import dev.fivenines.base.PeriodicLoop;
import dev.fivenines.commerce.payloads.OrderCancelled;
import dev.fivenines.commerce.order.Order;
import dev.fivenines.commerce.order.OrderRepository;
import dev.fivenines.commerce.order.OrderStatus;
import dev.fivenines.commerce.payment.PaymentProvider;
import dev.fivenines.commerce.payment.PaymentRecords;
import dev.fivenines.commerce.payment.PaymentResult;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.commerce.payment.PaymentUnavailableException;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.db.DatabaseException;
import dev.fivenines.inventory.InventoryClient;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Settles "payment pending" orders once the provider answers again: authorizes each PENDING
 * payment (idempotent per order id at the provider) and marks it AUTHORIZED, or, on a decline, voids
 * it and cancels the order (stock released through {@link InventoryClient#release}, {@code OrderCancelled}
 * to the outbox), all in one transaction per order under the order's row lock.
 *
 * <p>Bounds: at most {@code batchSize} orders per round; a round ends at the first provider failure
 * (the provider is still down, so the rest would fail too) after deferring that one payment by an
 * exponential backoff without jitter ({@code initialBackoff * 2^attempts}, at most {@code maxBackoff}: a
 * {@link Backoff#noJitter} ceiling, since one capturer per order has nobody to spread from) measured on
 * the injected clock. The order row is taken {@code FOR UPDATE SKIP LOCKED}: an order that shipping,
 * a cancellation or another node's capturer holds is left for them and the next round.
 */
public final class PendingPaymentCapturer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PendingPaymentCapturer.class.getName());
    public static final String DECLINED_REASON_PREFIX = "payment declined after the order was placed: ";
    /** More rounds than this back to back, and the loop waits a poll interval anyway. */
    static final int MAX_ROUNDS_PER_TICK = 10;

    /** Tuning, validated when built; the backoff bounds are those {@link Backoff} accepts. */
    public record Config(Duration pollInterval, int batchSize, Duration initialBackoff, Duration maxBackoff) {
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
        public static final int DEFAULT_BATCH_SIZE = 50;
        public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
        public static final Config DEFAULT = builder().build();

        public Config {
            Check.inRange("payments.pending.capturer.pollIntervalMillis", pollInterval.toMillis(), 10, 600_000);
            Check.inRange("payments.pending.capturer.batchSize", batchSize, 1, 1_000);
            Check.inRange("payments.pending.capturer.initialBackoffMillis", initialBackoff.toMillis(), 1, 60_000);
            Check.inRange("payments.pending.capturer.maxBackoffMillis", maxBackoff.toMillis(), initialBackoff.toMillis(), 300_000);
        }

        /** Starts from the {@code DEFAULT_*} values; {@link Builder#build} validates. */
        public static Builder builder() {
            return new Builder();
        }

        /** Named settings instead of positions; each unset one keeps its default. */
        public static final class Builder {
            private Duration pollInterval = DEFAULT_POLL_INTERVAL;
            private int batchSize = DEFAULT_BATCH_SIZE;
            private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
            private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

            private Builder() {
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

            public Config build() {
                return new Config(pollInterval, batchSize, initialBackoff, maxBackoff);
            }
        }
    }

    /** What one round did. {@code full} means it took a whole batch (more may be due). */
    public record Round(int authorized, int cancelled, int deferred, int skipped, int failed, boolean full) {
    }

    private enum Outcome { AUTHORIZED, CANCELLED, DEFERRED, SKIPPED }

    private final Database db;
    private final PaymentProvider payments;
    private final InventoryClient inventory;
    private final Outbox outbox;
    private final Clock clock;
    private final Config config;
    private final Backoff backoff;
    private final PeriodicLoop loop;

    /** {@code payments} must already carry a deadline and breaker ({@code GuardedPaymentProvider}). */
    public PendingPaymentCapturer(Database db, PaymentProvider payments, InventoryClient inventory, Outbox outbox,
                                  Clock clock, Config config) {
        this.db = db;
        this.payments = payments;
        this.inventory = inventory;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.backoff = Backoff.noJitter(config.initialBackoff().toMillis(), config.maxBackoff().toMillis(), 2.0);
        this.loop = new PeriodicLoop("pending-payment-capturer", config.pollInterval(), Duration.ofSeconds(10), this::tick,
                "pending payments stay PENDING until the next round");
    }

    /** Starts the background loop (one daemon thread); idempotent. */
    public void start() {
        loop.start();
    }

    private void tick() {
        for (int rounds = 0; rounds < MAX_ROUNDS_PER_TICK && !Thread.currentThread().isInterrupted(); rounds++) {
            if (!runOnce().full()) {
                return;
            }
        }
    }

    /** One bounded round over the PENDING payments due now. The loop calls this; tests call it directly. */
    public Round runOnce() {
        Instant now = clock.instant();
        List<UUID> due;
        try {
            due = db.inTransaction(tx -> PaymentRecords.pendingDue(tx, now, config.batchSize()));
        } catch (DatabaseException e) {
            LOG.log(Level.WARNING, "could not list pending payments; the next round retries", e);
            return new Round(0, 0, 0, 0, 1, false);
        }
        int authorized = 0;
        int cancelled = 0;
        int deferred = 0;
        int skipped = 0;
        int failed = 0;
        for (UUID orderId : due) {
            Outcome outcome;
            try {
                outcome = db.inTransaction(tx -> settle(tx, orderId));
            } catch (RuntimeException e) {
                // Rolled back: the payment is still PENDING and due, so the next round tries it again.
                failed++;
                LOG.log(Level.WARNING, "could not settle the pending payment of order " + orderId + "; retrying next round", e);
                if (e instanceof DatabaseException) {
                    break;
                }
                continue;
            }
            switch (outcome) {
                case AUTHORIZED -> authorized++;
                case CANCELLED -> cancelled++;
                case SKIPPED -> skipped++;
                case DEFERRED -> deferred++;
            }
            if (outcome == Outcome.DEFERRED) {
                break;
            }
        }
        return new Round(authorized, cancelled, deferred, skipped, failed, due.size() == config.batchSize());
    }

    private Outcome settle(Connection tx, UUID orderId) throws SQLException {
        if (!lockOrderIfFree(tx, orderId)) {
            return Outcome.SKIPPED;
        }
        Optional<PaymentStatus> payment = PaymentRecords.status(tx, orderId, true);
        if (payment.orElse(null) != PaymentStatus.PENDING) {
            return Outcome.SKIPPED;
        }
        Order order = OrderRepository.find(tx, orderId, false).orElseThrow();
        Instant now = clock.instant();
        PaymentResult result;
        try {
            result = payments.authorize(orderId, order.total(), OrderRepository.idempotencyKey(tx, orderId), order.email());
        } catch (PaymentUnavailableException e) {
            int attempts = PaymentRecords.attempts(tx, orderId);
            Instant next = now.plus(backoff(attempts));
            PaymentRecords.deferPending(tx, orderId, next, now);
            LOG.info(() -> "payment provider still unavailable for pending order " + orderId + " (attempt " + (attempts + 1)
                    + "); next try at " + next + ": " + e.getMessage());
            return Outcome.DEFERRED;
        }
        if (result instanceof PaymentResult.Authorized authorized) {
            PaymentRecords.authorizePending(tx, orderId, authorized.authorizationId(), now);
            return Outcome.AUTHORIZED;
        }
        String reason = DECLINED_REASON_PREFIX + ((PaymentResult.Declined) result).reason();
        PaymentRecords.update(tx, orderId, PaymentStatus.PENDING, PaymentStatus.VOIDED, now);
        if (!order.status().isCancellable()) {
            // Shipping authorizes pending payments itself, so this needs an order that moved on some other way.
            LOG.warning("order " + orderId + " is " + order.status() + " and its pending payment was declined (" + reason
                    + "); nothing was charged and the order cannot be cancelled: needs a person");
            return Outcome.SKIPPED;
        }
        // Throws if the ledger is down: everything rolls back and the next round asks the provider again
        // (it declines again: idempotent), so the decline is never lost.
        inventory.release(orderId);
        OrderRepository.updateStatus(tx, orderId, order.status(), OrderStatus.CANCELLED, now);
        outbox.append(tx, new OutgoingEvent(Topics.ORDERS, orderId.toString(), EventTypes.ORDER_CANCELLED,
                orderId.toString(), OrderCancelled.SCHEMA_VERSION, new OrderCancelled(orderId.toString(), reason, now)));
        LOG.info(() -> "cancelled order " + orderId + ": " + reason);
        return Outcome.CANCELLED;
    }

    /** After {@code attempts} earlier failures this one is failure number {@code attempts + 1} to {@link Backoff}. */
    Duration backoff(int attempts) {
        return Duration.ofMillis(backoff.ceilingMillis(Math.min(attempts, Integer.MAX_VALUE - 1) + 1));
    }

    private static boolean lockOrderIfFree(Connection tx, UUID orderId) throws SQLException {
        try (var select = tx.prepareStatement("SELECT id FROM orders WHERE id = ? FOR UPDATE SKIP LOCKED")) {
            select.setObject(1, orderId);
            try (var rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
