package dev.fivenines.commerce.checkout.archfixture;

import dev.fivenines.commerce.catalog.RecommendationSource;
import dev.fivenines.commerce.recommendation.RecommendationsHttpClient;

import java.util.List;

/**
 * Test-only: what the critical-path rule must catch. A "checkout" class that asks recommendations
 * for cross-sells synchronously, with no deadline and no fallback. Never wired anywhere; imported only
 * by {@code CriticalPathArchitectureTest} with its own ClassFileImporter.
 */
public final class SyncRecommendationsInCheckout {
    private final RecommendationSource source;
    private final RecommendationsHttpClient client;

    public SyncRecommendationsInCheckout(RecommendationSource source, RecommendationsHttpClient client) {
        this.source = source;
        this.client = client;
    }

    public List<String> crossSells(String productId) {
        return source.recommend(productId, 3);
    }

    public RecommendationsHttpClient client() {
        return client;
    }
}
