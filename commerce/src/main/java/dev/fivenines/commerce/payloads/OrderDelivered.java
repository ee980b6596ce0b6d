package dev.fivenines.commerce.payloads;

import java.time.Instant;

/**
 * Payload of {@code dev.fivenines.order.delivered} (schema version 1), topic {@code fivenines.shipments},
 * key = order id. Written by fulfillment when the carrier reports delivery (simulated locally).
 */
public record OrderDelivered(String orderId, String shipmentId, Instant deliveredAt) {
    public static final int SCHEMA_VERSION = 1;
}
