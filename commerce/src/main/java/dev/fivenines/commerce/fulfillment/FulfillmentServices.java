package dev.fivenines.commerce.fulfillment;

import dev.fivenines.base.Ids;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.web.ApiService;

import java.time.Clock;
import java.util.List;

/**
 * Composition root of the fulfillment role's own parts. The role wires {@link #handler()} to an
 * idempotent consumer named {@link #CONSUMER} on {@link #TOPICS}, registers {@link #api()} under
 * {@code /api/v1}, starts {@link #scheduler()} and closes this on shutdown.
 */
public final class FulfillmentServices implements AutoCloseable {
    /** Consumer (dedupe) name and Kafka consumer group of fulfillment. */
    public static final String CONSUMER = "fulfillment";
    public static final List<String> TOPICS = List.of(Topics.ORDERS);

    private final FulfillmentHandler handler;
    private final DeliveryScheduler scheduler;
    private final ShipmentsApi api;

    private FulfillmentServices(FulfillmentHandler handler, DeliveryScheduler scheduler, ShipmentsApi api) {
        this.handler = handler;
        this.scheduler = scheduler;
        this.api = api;
    }

    /** Builds the parts; starts nothing (call {@code scheduler().start()}). */
    public static FulfillmentServices create(Database db, Outbox outbox, Clock clock, Ids ids, FulfillmentConfig config) {
        ShipmentStore store = new ShipmentStore();
        return new FulfillmentServices(
                new FulfillmentHandler(store, outbox, clock, ids, config.carrier()),
                new DeliveryScheduler(db, store, outbox, clock, config),
                new ShipmentsApi(db, store));
    }

    public FulfillmentHandler handler() {
        return handler;
    }

    public DeliveryScheduler scheduler() {
        return scheduler;
    }

    public ApiService api() {
        return api;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
