/**
 * The catalog: products, listings, the "in stock" badge and the product page's suggestions, and their
 * HTTP handler ({@link dev.fivenines.commerce.catalog.CatalogApi}).
 *
 * <p>Guards: a product page never fails because a sheddable dependency is slow or down. Suggestions
 * come from {@link dev.fivenines.commerce.catalog.ProductRecommendations} only (a deadline, a breaker,
 * top sellers as the fallback; docs/decisions/008), and the stock figure from
 * {@link dev.fivenines.commerce.catalog.StockBadge}, a bounded-staleness read that checkout never
 * trusts. The shop reads products and never writes them (the seeder does).
 */
package dev.fivenines.commerce.catalog;
