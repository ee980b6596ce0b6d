package dev.fivenines.commerce.events;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code dev.fivenines.order.placed} (schema version 1), topic {@code fivenines.orders},
 * key = order id. Written by checkout in the same transaction as the order.
 */
public record OrderPlaced(String orderId, String email, List<Line> lines, MoneyJson total, Instant placedAt) {
    public static final int SCHEMA_VERSION = 1;

    public record Line(String productId, int quantity, MoneyJson unitPrice) {
    }
}
