package dev.fivenines.commerce.fulfillment;

import java.time.Instant;
import java.util.Objects;

/**
 * One shipment of one order. Immutable: each transition returns the next version and goes through
 * {@link ShipmentStatus#moveTo}, so an illegal move cannot be written.
 */
public record Shipment(String shipmentId, String orderId, ShipmentStatus status, String carrier,
                       String trackingNumber, Instant createdAt, Instant shippedAt, Instant deliveredAt) {

    public Shipment {
        Objects.requireNonNull(shipmentId, "shipmentId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Shipment create(String shipmentId, String orderId, Instant now) {
        return new Shipment(shipmentId, orderId, ShipmentStatus.CREATED, null, null, now, null, null);
    }

    public Shipment ship(String carrier, String trackingNumber, Instant now) {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(trackingNumber, "trackingNumber");
        return new Shipment(shipmentId, orderId, status.moveTo(ShipmentStatus.SHIPPED, shipmentId), carrier, trackingNumber,
                createdAt, now, null);
    }

    public Shipment deliver(Instant now) {
        return new Shipment(shipmentId, orderId, status.moveTo(ShipmentStatus.DELIVERED, shipmentId), carrier, trackingNumber,
                createdAt, shippedAt, now);
    }

    public Shipment cancel() {
        return new Shipment(shipmentId, orderId, status.moveTo(ShipmentStatus.CANCELLED, shipmentId), carrier, trackingNumber,
                createdAt, shippedAt, deliveredAt);
    }
}
