package dev.fivenines.commerce.replenishment;

/**
 * Adds received units to the stock ledger. Must be idempotent by {@code receiptId}: a second call
 * with the same receipt id (a redelivered StockReceived, a retry after a crash) adds nothing. Throw
 * to have the event retried; return only once the units are durably on hand (or were already).
 */
@FunctionalInterface
public interface Restocker {
    void restock(String sku, int units, String receiptId) throws Exception;
}
