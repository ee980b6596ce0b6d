package dev.fivenines.commerce.checkout.archfixture;

import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.ReadConsistency;

import java.time.Duration;
import java.util.List;

/** Deliberately wrong: a checkout-package class deciding on a bounded (possibly stale) read. */
public final class BoundedReadInCheckout {
    public boolean enoughFor(InventoryClient inventory, String sku, int units) {
        return inventory.read(List.of(sku), ReadConsistency.bounded(Duration.ofSeconds(2))).available().getOrDefault(sku, 0) >= units;
    }
}
