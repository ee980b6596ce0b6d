package dev.fivenines.loadgen.scenario;

import java.util.Objects;

/**
 * The one SKU many buyers race for. {@code stockUnits} is the stock the operator made available for
 * the sale; the generator cannot read stock from the shop, so it records this figure in the history
 * header and the oversell checker holds the shop to it. {@code sku} may be {@link #FIRST_PRODUCT},
 * resolved at start to the first product of the catalogue.
 */
public record FlashSale(String sku, long stockUnits, int quantity) {
    public static final String FIRST_PRODUCT = "first";

    public FlashSale {
        Objects.requireNonNull(sku, "sku");
    }

    public FlashSale withSku(String newSku) {
        return new FlashSale(newSku, stockUnits, quantity);
    }

    public FlashSale withStock(long units) {
        return new FlashSale(sku, units, quantity);
    }
}
