/**
 * The stock ledger as its callers see it: {@link dev.fivenines.inventory.InventoryClient} (reserve, then
 * commit or release, idempotent by hold id), its values ({@link dev.fivenines.inventory.StockLine},
 * {@link dev.fivenines.inventory.ReserveResult}, {@link dev.fivenines.inventory.StockReading},
 * {@link dev.fivenines.inventory.HoldStatus}), read consistency and where bounded reads go.
 *
 * <p>Guards: held units never exceed units on hand (no oversell); a hold is all lines or none;
 * "sold out" is a value, an outage an {@link dev.fivenines.inventory.InventoryUnavailableException}
 * that says whether the command may have been applied; a reading never claims less staleness than it has.
 */
package dev.fivenines.inventory;
