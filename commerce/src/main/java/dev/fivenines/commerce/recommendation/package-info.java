/**
 * The recommendations role: learns "bought together" from placed orders, serves
 * {@code GET /recommendations} ({@link dev.fivenines.commerce.recommendation.RecommendationsApi}), the
 * shop's HTTP client for it, and a fault switch for experiments.
 *
 * <p>Guards: each placed order is counted once (the consumer's dedupe row and the counts commit
 * together); the client never retries, has a deadline in a bounded range and reads at most a bounded
 * body; it is SHEDDABLE, so the shop reaches it only through
 * {@link dev.fivenines.commerce.catalog.ProductRecommendations}.
 */
package dev.fivenines.commerce.recommendation;
