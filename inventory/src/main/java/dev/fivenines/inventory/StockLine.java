package dev.fivenines.inventory;

import dev.fivenines.base.Check;

import java.util.Objects;

/** Units of one SKU asked for by a hold. */
public record StockLine(String sku, int units) {
    public StockLine {
        Objects.requireNonNull(sku, "sku");
        Check.argument(units >= 1, "units must be >= 1 for sku %s, was %s", sku, units);
    }
}
