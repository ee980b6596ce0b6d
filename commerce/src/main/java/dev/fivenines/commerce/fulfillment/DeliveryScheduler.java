package dev.fivenines.commerce.fulfillment;

import dev.fivenines.base.PeriodicLoop;
import dev.fivenines.commerce.payloads.OrderDelivered;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
    /** Batches one tick may run back to back when there is a backlog, so a tick stays short. */
    static final int MAX_BATCHES_PER_TICK = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Database db;
    private final ShipmentStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration deliveryDelay;
    private final int batchSize;
    // Nothing is lost when a run fails: shipments stay SHIPPED and the next run takes them again.
    private final PeriodicLoop loop;

    DeliveryScheduler(Database db, ShipmentStore store, Outbox outbox, Clock clock, FulfillmentConfig config) {
        this.db = db;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.deliveryDelay = config.deliveryDelay();
        this.batchSize = config.batchSize();
        this.loop = new PeriodicLoop("fulfillment-delivery-scheduler", config.pollInterval(), STOP_TIMEOUT,
                this::runBatches, "shipments stay in transit until the next run");
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
    public void start() {
        loop.start();
    }

    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Runs batches until one comes back short (or the per-tick bound is reached). */
    private void runBatches() {
        int batches = 0;
        int delivered;
        do {
            delivered = runOnce();
            batches++;
        } while (delivered == batchSize && batches < MAX_BATCHES_PER_TICK && !Thread.currentThread().isInterrupted());
    }

    /** Stops the loop and waits (bounded) for a run in progress to finish. */
    @Override
    public void close() {
        loop.close();
    }
}
