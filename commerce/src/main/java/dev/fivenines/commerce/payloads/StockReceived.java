package dev.fivenines.commerce.payloads;

import java.time.Instant;

/**
 * Payload of {@code dev.fivenines.inventory.stock-received} (schema version 1), topic
 * {@code fivenines.inventory}, key = sku. Written by replenishment in the transaction that records a
 * supplier shipment. {@code receiptId} is deterministic (po id + "-" + shipment number) and is the
 * idempotency key of the ledger's restock: handling this event twice never adds the units twice.
 */
public record StockReceived(String receiptId, String poId, String sku, int units, Instant receivedAt) {
    public static final int SCHEMA_VERSION = 1;
}
