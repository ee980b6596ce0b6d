package dev.fivenines.commerce.fulfillment;

import dev.fivenines.commerce.events.OrderDelivered;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.events.db.Database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The simulated carrier: shipments SHIPPED longer than the delivery delay become DELIVERED, each with
 * an {@code OrderDelivered} event written in the same transaction.
 *
 * <p>Several fulfillment processes may run this at once: rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so each delivery happens (and is announced) exactly once. A failed
 * run loses nothing: the rows stay SHIPPED and the next run takes them.
 *
 * <p>{@link #runOnce()} does one bounded batch and is what tests drive with a controlled clock;
 * {@link #start()} repeats it every poll interval until {@link #close()}.
 */
public final class DeliveryScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryScheduler.class.getName());
    /** Batches one tick may run back to back when there is a backlog, so a tick stays short. */
    static final int MAX_BATCHES_PER_TICK = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Database db;
    private final ShipmentStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration deliveryDelay;
    private final int batchSize;
    private final Duration pollInterval;
    private ScheduledExecutorService executor;
    private boolean closed;

    DeliveryScheduler(Database db, ShipmentStore store, Outbox outbox, Clock clock, FulfillmentConfig config) {
        this.db = db;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.deliveryDelay = config.deliveryDelay();
        this.batchSize = config.batchSize();
        this.pollInterval = config.pollInterval();
    }

    /**
     * Delivers at most one batch of due shipments in one transaction.
     *
     * @return how many shipments this call delivered
     */
    public int runOnce() {
        return db.inTransaction(tx -> {
            Instant now = FulfillmentHandler.now(clock);
            List<Shipment> due = store.lockInTransitShippedBefore(tx, now.minus(deliveryDelay), batchSize);
            for (Shipment shipment : due) {
                Shipment delivered = shipment.deliver(now);
                store.update(tx, ShipmentStatus.SHIPPED, delivered);
                outbox.append(tx, new OutgoingEvent(Topics.SHIPMENTS, delivered.orderId(), EventTypes.ORDER_DELIVERED,
                        delivered.orderId(), OrderDelivered.SCHEMA_VERSION,
                        new OrderDelivered(delivered.orderId(), delivered.shipmentId(), now)));
            }
            return due.size();
        });
    }

    /** Starts the background loop; idempotent. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("delivery scheduler is closed");
        }
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fulfillment-delivery-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    private void tick() {
        try {
            int batches = 0;
            int delivered;
            do {
                delivered = runOnce();
                batches++;
            } while (delivered == batchSize && batches < MAX_BATCHES_PER_TICK && !Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
            // Nothing is lost: the shipments stay SHIPPED and the next tick retries them. Catching
            // here keeps the scheduled task alive (an escaping exception would cancel it for good).
            LOG.log(Level.WARNING, "delivery run failed; shipments stay in transit until the next run", e);
        }
    }

    /** Stops the loop and waits (bounded) for a run in progress to finish. */
    @Override
    public synchronized void close() {
        closed = true;
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("delivery run still busy after " + STOP_TIMEOUT + "; interrupting it (its transaction rolls back)");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
