package dev.fivenines.commerce.order;

import dev.fivenines.base.Money;

/** A product bought, at the price it had when the order was placed. */
public record OrderLine(String productId, String name, int quantity, Money unitPrice) {
    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
