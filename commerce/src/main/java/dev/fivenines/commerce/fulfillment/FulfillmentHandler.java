package dev.fivenines.commerce.fulfillment;

import dev.fivenines.base.Ids;
import dev.fivenines.commerce.payloads.OrderCancelled;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.commerce.payloads.OrderShipped;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.PoisonEventException;
import dev.fivenines.events.Topics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes {@link Topics#ORDERS}: ships each placed order exactly once and stops shipments of
 * cancelled orders that have not left the warehouse.
 *
 * <p>The consumer dedupes by event id, but the same order can still arrive twice under different
 * event ids (a checkout retried after a crash writes a second OrderPlaced). The unique order id on
 * {@code shipments} makes the second one a no-op, and it publishes nothing.
 *
 * <p>The warehouse is simulated: a shipment is created and handed to the carrier in the same
 * transaction, at the handling time given by the injected clock.
 */
public final class FulfillmentHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(FulfillmentHandler.class.getName());
    static final int MAX_ORDER_ID_LENGTH = 64;

    private final ShipmentStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final Ids ids;
    private final String carrier;

    FulfillmentHandler(ShipmentStore store, Outbox outbox, Clock clock, Ids ids, String carrier) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.ids = ids;
        this.carrier = carrier;
    }

    @Override
    public void handle(Connection tx, EventEnvelope event) throws SQLException {
        if (EventHandler.is(event, EventTypes.ORDER_PLACED)) {
            requireKnownSchema(event, OrderPlaced.SCHEMA_VERSION);
            onPlaced(tx, event.payloadAs(OrderPlaced.class), event);
        } else if (EventHandler.is(event, EventTypes.ORDER_CANCELLED)) {
            requireKnownSchema(event, OrderCancelled.SCHEMA_VERSION);
            onCancelled(tx, event.payloadAs(OrderCancelled.class), event);
        }
        // Every other order event (paid, ...) means nothing to fulfillment.
    }

    private void onPlaced(Connection tx, OrderPlaced placed, EventEnvelope event) throws SQLException {
        String orderId = requireOrderId(placed.orderId(), event);
        Instant now = now(clock);
        String shipmentId = ids.nextString();
        String trackingNumber = trackingNumberFor(shipmentId);
        Shipment shipped = Shipment.create(shipmentId, orderId, now).ship(carrier, trackingNumber, now);
        if (!store.insertIfAbsent(tx, shipped)) {
            Optional<Shipment> existing = store.findByOrder(tx, orderId);
            LOG.info(() -> "order " + orderId + " (event " + event.id() + ") already has shipment "
                    + existing.map(s -> s.shipmentId() + " in status " + s.status()).orElse("?")
                    + "; not shipping it again");
            return;
        }
        outbox.append(tx, new OutgoingEvent(Topics.SHIPMENTS, orderId, EventTypes.ORDER_SHIPPED, orderId,
                OrderShipped.SCHEMA_VERSION, new OrderShipped(orderId, shipmentId, carrier, trackingNumber, now)));
    }

    private void onCancelled(Connection tx, OrderCancelled cancelled, EventEnvelope event) throws SQLException {
        String orderId = requireOrderId(cancelled.orderId(), event);
        Optional<Shipment> existing = store.findByOrderForUpdate(tx, orderId);
        if (existing.isEmpty()) {
            // Cancelled before we saw it placed (e.g. the placed event is being replayed from the
            // dead-letter topic): leave a tombstone so the late OrderPlaced does not ship it.
            Shipment tombstone = Shipment.create(ids.nextString(), orderId, now(clock)).cancel();
            if (!store.insertIfAbsent(tx, tombstone)) {
                throw new IllegalStateException("shipment of order " + orderId + " appeared while its row was being locked");
            }
            LOG.info(() -> "order " + orderId + " cancelled before it was shipped; it will not be shipped");
            return;
        }
        Shipment shipment = existing.get();
        switch (shipment.status()) {
            case CREATED -> store.update(tx, ShipmentStatus.CREATED, shipment.cancel());
            case CANCELLED -> LOG.fine(() -> "order " + orderId + " was already cancelled");
            case SHIPPED, DELIVERED -> LOG.log(Level.WARNING, "order {0} was cancelled ({1}) but shipment {2} is"
                    + " already {3}: too late to stop it; the return must be handled by customer service",
                    new Object[]{orderId, cancelled.reason(), shipment.shipmentId(), shipment.status()});
        }
    }

    private static void requireKnownSchema(EventEnvelope event, int knownVersion) {
        if (event.schemaVersion() > knownVersion) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has schema version "
                    + event.schemaVersion() + "; this fulfillment understands up to " + knownVersion);
        }
    }

    private static String requireOrderId(String orderId, EventEnvelope event) {
        if (orderId == null || orderId.isBlank() || orderId.length() > MAX_ORDER_ID_LENGTH) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has no usable orderId: '" + orderId + "'");
        }
        return orderId;
    }

    /** Carrier-style tracking number derived from the (random part of the) shipment id. */
    static String trackingNumberFor(String shipmentId) {
        String hex = shipmentId.replace("-", "");
        return "FN" + hex.substring(hex.length() - 16).toUpperCase(Locale.ROOT);
    }

    /** PostgreSQL keeps microseconds: truncating here makes the event and the row agree exactly. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
