package dev.fivenines.commerce.recommendation;

import dev.fivenines.base.Check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * "Customers who bought this also bought": the co-purchase model, free of SQL and HTTP.
 *
 * <p>Learning: each order adds 1 to the count of every ordered pair of distinct products in it (both
 * directions) and its units to each product's popularity. Serving: a product's partners by count,
 * best first (ties by id, so answers are stable), topped up with overall top sellers.
 */
public final class CoPurchaseModel {
    /**
     * Most distinct products of one order that feed the pair counts: pairs grow with the square of
     * the products, and a giant (likely wholesale or bot) basket says little about taste anyway.
     */
    public static final int MAX_PRODUCTS_PER_ORDER = 50;

    private CoPurchaseModel() {
    }

    /** Units of one product in one order line. */
    public record Purchase(String productId, long units) {
        public Purchase {
            Check.argument(productId != null && !productId.isBlank(), "productId is required");
            Check.argument(units > 0, "units of %s must be > 0, was %s", productId, units);
        }
    }

    /** One ordered pair whose co-purchase count goes up by one. */
    public record Pair(String productId, String otherId) {
    }

    /**
     * What one order changes, in a fixed (sorted) order so that concurrent writers lock rows in the
     * same sequence and cannot deadlock each other.
     *
     * @param truncatedProducts distinct products left out of the pairs because of the cap
     */
    public record OrderUpdate(List<Purchase> purchases, List<Pair> pairs, int truncatedProducts) {
        public OrderUpdate {
            purchases = List.copyOf(purchases);
            pairs = List.copyOf(pairs);
        }
    }

    /** Merges the order's lines per product and derives every pair of distinct products. */
    public static OrderUpdate learn(List<Purchase> lines) {
        Objects.requireNonNull(lines, "lines");
        Map<String, Long> unitsByProduct = new TreeMap<>();
        for (Purchase line : lines) {
            unitsByProduct.merge(line.productId(), line.units(), Math::addExact);
        }
        List<Purchase> purchases = unitsByProduct.entrySet().stream()
                .map(e -> new Purchase(e.getKey(), e.getValue())).toList();
        List<String> products = new ArrayList<>(unitsByProduct.keySet());
        int truncated = Math.max(0, products.size() - MAX_PRODUCTS_PER_ORDER);
        List<String> paired = products.subList(0, products.size() - truncated);
        List<Pair> pairs = new ArrayList<>(paired.size() * Math.max(0, paired.size() - 1));
        for (String a : paired) {
            for (String b : paired) {
                if (!a.equals(b)) {
                    pairs.add(new Pair(a, b));
                }
            }
        }
        return new OrderUpdate(purchases, pairs, truncated);
    }

    /** A candidate product and its score (co-purchase count or units sold). */
    public record Scored(String productId, long score) {
    }

    /** Where the items of a recommendation came from. */
    public enum Source {
        CO_PURCHASE("co-purchase"), TOP_SELLERS("top-sellers");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * The answer: product ids best first, and {@link Source#CO_PURCHASE} when at least one of them
     * came from co-purchases (the rest then being top-ups).
     */
    public record Recommendation(List<String> productIds, Source source) {
        public Recommendation {
            productIds = List.copyOf(productIds);
        }
    }

    private static final Comparator<Scored> BEST_FIRST =
            Comparator.comparingLong(Scored::score).reversed().thenComparing(Scored::productId);

    /**
     * Ranks {@code coPurchased} best first, then tops up with {@code topSellers} (best first too),
     * never repeating a product and never recommending {@code product} itself.
     */
    public static Recommendation recommend(String product, List<Scored> coPurchased, List<Scored> topSellers, int limit) {
        Check.argument(limit >= 1, "limit must be >= 1, was %s", limit);
        Set<String> chosen = new LinkedHashSet<>();
        addBest(coPurchased, product, chosen, limit);
        Source source = chosen.isEmpty() ? Source.TOP_SELLERS : Source.CO_PURCHASE;
        addBest(topSellers, product, chosen, limit);
        return new Recommendation(new ArrayList<>(chosen), source);
    }

    private static void addBest(List<Scored> candidates, String product, Set<String> chosen, int limit) {
        candidates.stream().sorted(BEST_FIRST)
                .map(Scored::productId)
                .filter(id -> !id.equals(product))
                .forEach(id -> {
                    if (chosen.size() < limit) {
                        chosen.add(id);
                    }
                });
    }
}
