package dev.fivenines.commerce.catalog;

import java.util.List;

/** One page of a product listing and how many products match in all. */
public record ProductPage(List<Product> items, int page, int size, long total) {
    public ProductPage {
        items = List.copyOf(items);
    }
}
