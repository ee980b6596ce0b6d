package dev.fivenines.inventory.ledger;

/**
 * Available units fell to or below safety stock. Emitted once per episode: the next one for the same
 * SKU comes only after available rose above safety stock again. {@code episode} counts per SKU, so
 * (sku, episode) identifies the episode for whoever orders replenishment.
 */
public record StockLow(String sku, long episode, int availableUnits, int safetyStock, int reorderQty) {
}
