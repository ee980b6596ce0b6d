package dev.fivenines.commerce.payloads;

import java.time.Instant;

/**
 * Payload of {@code dev.fivenines.inventory.stock-low} (schema version 1), topic {@code fivenines.inventory},
 * key = sku. Published from the ledger leader's {@code StockLow}, once per episode: (sku, episode)
 * identifies the episode, so a consumer that sees it twice (under two event ids) can tell.
 *
 * @param availableUnits on hand minus held when the episode began
 * @param reorderQty     units the SKU's policy asks to order; 0 means "use the replenishment default"
 */
public record StockLowEvent(String sku, long episode, int availableUnits, int safetyStock, int reorderQty,
                            Instant detectedAt) {
    public static final int SCHEMA_VERSION = 1;
}
