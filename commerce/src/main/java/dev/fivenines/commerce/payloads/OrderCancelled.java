package dev.fivenines.commerce.payloads;

import java.time.Instant;

/**
 * Payload of {@code dev.fivenines.order.cancelled} (schema version 1), topic {@code fivenines.orders},
 * key = order id.
 */
public record OrderCancelled(String orderId, String reason, Instant cancelledAt) {
    public static final int SCHEMA_VERSION = 1;
}
