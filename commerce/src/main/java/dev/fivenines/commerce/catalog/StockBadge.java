package dev.fivenines.commerce.catalog;

import dev.fivenines.inventory.InventoryClient;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The "in stock" figure on a product page: units available now, or null when the ledger cannot say.
 * A product page never fails because the ledger is slow or down; checkout, which must not oversell,
 * asks the ledger itself and does not trust this figure.
 */
public final class StockBadge {
    private static final Logger LOG = Logger.getLogger(StockBadge.class.getName());
    private final InventoryClient inventory;

    public StockBadge(InventoryClient inventory) {
        this.inventory = inventory;
    }

    public Integer availableUnits(String sku) {
        try {
            return inventory.available(List.of(sku)).get(sku);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "product page for " + sku + " shown without stock figure: the ledger did not answer ("
                    + e.getMessage() + ")");
            return null;
        }
    }
}
