package dev.fivenines.commerce.payloads;

import java.time.Instant;

/**
 * Payload of {@code dev.fivenines.order.shipped} (schema version 1), topic {@code fivenines.shipments},
 * key = order id. Written by fulfillment when it creates the shipment.
 */
public record OrderShipped(String orderId, String shipmentId, String carrier, String trackingNumber, Instant shippedAt) {
    public static final int SCHEMA_VERSION = 1;
}
