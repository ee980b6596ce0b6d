package dev.fivenines.loadgen.scenario;

import java.util.Objects;

/**
 * The one SKU many buyers race for. {@code stockUnits} is the stock available for the sale: given by
 * the operator, or {@link #STOCK_FROM_SHOP}, read at start from the ledger through the product page's
 * {@code availableUnits}. It is recorded in the history header and the oversell checker holds the
 * shop to it. {@code sku} may be {@link #FIRST_PRODUCT}, resolved at start to the first product of
 * the catalogue.
 */
public record FlashSale(String sku, long stockUnits, int quantity) {
    public static final String FIRST_PRODUCT = "first";
    /** Stock to be read from the shop's ledger when the run starts ({@code --stock shop}). */
    public static final long STOCK_FROM_SHOP = -1;

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
