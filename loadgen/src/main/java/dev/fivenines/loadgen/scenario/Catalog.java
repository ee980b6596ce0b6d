package dev.fivenines.loadgen.scenario;

import java.util.List;

/** What browsing sessions ask the catalogue for. */
public record Catalog(int pageSize, int maxPages, List<String> categories, List<String> searchTerms, int maxQuantity) {
    public static final Catalog DEFAULT = new Catalog(20, 5, List.of(),
            List.of("shirt", "mug", "lamp", "book", "shoe", "red", "blue"), 2);

    public Catalog {
        categories = List.copyOf(categories);
        searchTerms = List.copyOf(searchTerms);
    }
}
