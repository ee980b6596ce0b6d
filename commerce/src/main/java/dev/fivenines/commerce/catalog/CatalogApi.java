package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.http.PathIds;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Caching;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Optional;

import static dev.fivenines.commerce.http.Guard.guard;

/**
 * {@code GET /products}, {@code GET /products/{productId}}, {@code GET /categories}: public reads,
 * each with a weak ETag ({@link CatalogTags}), {@code Cache-Control: public, max-age} within the
 * stock badge's staleness bound, and 304 for an If-None-Match that holds the tag.
 */
public final class CatalogApi implements ApiService {
    public static final int RECOMMENDATIONS_ON_PAGE = 4;
    public static final int MAX_CATEGORY_LENGTH = 64;

    public record ProductView(String id, String name, String description, String category, MoneyJson price) {
        static ProductView of(Product p) {
            return new ProductView(p.id(), p.name(), p.description(), p.category(), MoneyJson.of(p.price()));
        }
    }

    public record ProductSummary(String id, String name, MoneyJson price) {
    }

    /**
     * {@code availableUnits} is null when the ledger could not say; the page is served regardless.
     * {@code stockMaxStalenessMillis} bounds how stale that figure may be (a bounded read; 0 when it
     * was read strong), null with it.
     */
    public record ProductDetailView(String id, String name, String description, String category, MoneyJson price,
                                    Integer availableUnits, Long stockMaxStalenessMillis,
                                    List<ProductSummary> recommendations, String recommendationsSource) {
    }

    public record ProductListView(List<ProductView> items, int page, int size, long total) {
    }

    public record CategoriesView(List<String> items) {
    }

    private final CatalogRepository catalog;
    private final ProductRecommendations recommendations;
    private final StockBadge stock;
    /** Lists, search and categories carry no stock figure; they are as fresh as the badge's bound all the same. */
    private final String listCacheControl;

    public CatalogApi(CatalogRepository catalog, ProductRecommendations recommendations, StockBadge stock) {
        this.catalog = catalog;
        this.recommendations = recommendations;
        this.stock = stock;
        this.listCacheControl = Caching.publicFor(stock.maxStaleness());
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/products", guard(this::list))
                .get("/products/{productId}", guard(this::get))
                .get("/categories", guard(this::categories));
    }

    private void list(ServerRequest req, ServerResponse res) {
        int page = Http.intQuery(req, "page", 0, 0, ProductQuery.MAX_PAGE);
        int size = Http.intQuery(req, "size", ProductQuery.DEFAULT_SIZE, 1, ProductQuery.MAX_SIZE);
        Optional<String> category = Http.query(req, "category");
        Optional<String> text = Http.query(req, "q");
        Validation v = new Validation();
        category.ifPresent(c -> v.require(c.length() <= MAX_CATEGORY_LENGTH, "category",
                "must be at most " + MAX_CATEGORY_LENGTH + " characters"));
        text.ifPresent(q -> v.require(q.length() <= ProductQuery.MAX_TEXT_LENGTH, "q",
                "must be at most " + ProductQuery.MAX_TEXT_LENGTH + " characters"));
        v.throwIfInvalid();
        ProductPage result = catalog.page(new ProductQuery(page, size, category, text));
        ProductListView view = new ProductListView(result.items().stream().map(ProductView::of).toList(),
                result.page(), result.size(), result.total());
        Caching.answer(req, res, CatalogTags.of(view), listCacheControl, () -> view);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = PathIds.productId(req, "productId");
        Product product = catalog.find(id).orElseThrow(() -> new ProblemException(Problem.notFound("product", id)));
        var suggested = recommendations.forProduct(id, RECOMMENDATIONS_ON_PAGE);
        StockBadge.Figure figure = stock.figure(id);
        ProductDetailView view = new ProductDetailView(product.id(), product.name(), product.description(), product.category(),
                MoneyJson.of(product.price()), figure.availableUnits(), figure.maxStalenessMillis(),
                suggested.items().stream().map(p -> new ProductSummary(p.id(), p.name(), MoneyJson.of(p.price()))).toList(),
                suggested.source());
        Caching.answer(req, res, CatalogTags.of(view),
                Caching.publicFor(CatalogTags.productMaxAge(stock.maxStaleness(), figure)), () -> view);
    }

    private void categories(ServerRequest req, ServerResponse res) {
        CategoriesView view = new CategoriesView(catalog.categories());
        Caching.answer(req, res, CatalogTags.of(view), listCacheControl, () -> view);
    }
}
