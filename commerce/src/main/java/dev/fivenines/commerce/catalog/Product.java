package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Money;

import java.util.Objects;

/** A product for sale. Its id is also its SKU in the stock ledger. */
public record Product(String id, String name, String description, String category, Money price) {
    public Product {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(price, "price");
    }
}
