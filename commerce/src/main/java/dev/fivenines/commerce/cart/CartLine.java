package dev.fivenines.commerce.cart;

import dev.fivenines.base.Check;
import dev.fivenines.base.Money;

import java.util.Objects;

/** A product in a cart, priced at the catalog's current price. */
public record CartLine(String productId, String name, int quantity, Money unitPrice) {
    public CartLine {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Check.state(quantity >= CartRules.MIN_QUANTITY && quantity <= CartRules.MAX_QUANTITY,
                "quantity of %s must be in [%s, %s], was %s", productId, CartRules.MIN_QUANTITY, CartRules.MAX_QUANTITY, quantity);
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
