/**
 * Replenishment: turns low-stock episodes into purchase orders, sends them to a supplier, records
 * its shipments and restocks the ledger; {@code /purchase-orders}
 * ({@link dev.fivenines.commerce.replenishment.PurchaseOrdersApi}) shows them.
 *
 * <p>Guards: a purchase order moves only along {@link dev.fivenines.commerce.replenishment.PurchaseOrderStatus}
 * (OPEN -> SENT or RETRYING or FAILED, RETRYING -> SENT or RETRYING or FAILED, SENT ->
 * PARTIALLY_RECEIVED or RECEIVED, PARTIALLY_RECEIVED -> PARTIALLY_RECEIVED or RECEIVED; any other move
 * throws); one purchase order per (sku, episode); sends are bounded, then the order FAILS with its
 * reason; each shipment is recorded and restocked once (receipt id = po id + shipment number, the
 * ledger's idempotency key).
 */
package dev.fivenines.commerce.replenishment;
