package dev.fivenines.commerce.catalog;

import java.util.List;

/**
 * Where the product page gets "bought together" suggestions (the recommendations role, over HTTP,
 * in production). Implementations should have a short deadline of their own; the product page
 * bounds the call anyway and falls back to top sellers on any failure.
 */
@FunctionalInterface
public interface RecommendationSource {
    /** Ids of up to {@code limit} products to suggest next to {@code productId}, best first. */
    List<String> recommend(String productId, int limit);
}
