package dev.fivenines.commerce.catalog;

import dev.fivenines.commerce.catalog.CatalogApi.CategoriesView;
import dev.fivenines.commerce.catalog.CatalogApi.ProductDetailView;
import dev.fivenines.commerce.catalog.CatalogApi.ProductListView;
import dev.fivenines.commerce.catalog.CatalogApi.ProductSummary;
import dev.fivenines.commerce.catalog.CatalogApi.ProductView;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.web.EntityTag;

import java.time.Duration;

/**
 * The validators and freshness of catalogue reads (the OpenAPI document, "Caching"). Tags are weak and
 * built from what a view means, not its bytes: a product page whose stock figure is the same but
 * reported a few milliseconds staler is the same page, and a 304 needs no JSON written.
 */
final class CatalogTags {
    private CatalogTags() {
    }

    /** Everything on the page but {@code stockMaxStalenessMillis}. */
    static EntityTag of(ProductDetailView v) {
        EntityTag.Builder b = EntityTag.weakOf().add("product").add(v.id()).add(v.name()).add(v.description())
                .add(v.category());
        money(b, v.price());
        b.add(v.availableUnits() == null ? null : v.availableUnits().longValue()).add(v.recommendationsSource())
                .add(v.recommendations().size());
        for (ProductSummary s : v.recommendations()) {
            b.add(s.id()).add(s.name());
            money(b, s.price());
        }
        return b.build();
    }

    static EntityTag of(ProductListView v) {
        EntityTag.Builder b = EntityTag.weakOf().add("products").add(v.page()).add(v.size()).add(v.total())
                .add(v.items().size());
        for (ProductView p : v.items()) {
            b.add(p.id()).add(p.name()).add(p.description()).add(p.category());
            money(b, p.price());
        }
        return b.build();
    }

    static EntityTag of(CategoriesView v) {
        EntityTag.Builder b = EntityTag.weakOf().add("categories").add(v.items().size());
        v.items().forEach(b::add);
        return b.build();
    }

    /**
     * How long a cache may show the page: what is left of the badge's bound once the figure's own
     * staleness is spent, so the figure a cache shows is never staler than the badge promises.
     */
    static Duration productMaxAge(Duration badgeBound, StockBadge.Figure figure) {
        if (figure.maxStalenessMillis() == null) {
            return badgeBound;
        }
        Duration left = badgeBound.minusMillis(figure.maxStalenessMillis());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static void money(EntityTag.Builder b, MoneyJson m) {
        b.add(m.amount()).add(m.currency());
    }
}
