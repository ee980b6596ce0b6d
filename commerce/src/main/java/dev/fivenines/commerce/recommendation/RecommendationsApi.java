package dev.fivenines.commerce.recommendation;

import dev.fivenines.base.Money;
import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.http.Reads;
import dev.fivenines.db.Database;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/recommendations?product={id}&limit={1..20}}: products bought together with
 * {@code product}, topped up with top sellers. An unknown product is not an error: it simply has no
 * co-purchases, so it gets top sellers.
 */
public final class RecommendationsApi implements ApiService {
    public static final int DEFAULT_LIMIT = 5;
    public static final int MAX_LIMIT = 20;

    public record Item(String id, String name, MoneyJson price) {
    }

    public record Response(String product, List<Item> items, String source) {
    }

    private final Database db;
    private final CoPurchaseStore store;
    private final RecommendationFaults faults;

    RecommendationsApi(Database db, CoPurchaseStore store, RecommendationFaults faults) {
        this.db = db;
        this.store = store;
        this.faults = faults;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/recommendations", this::get);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Optional<String> product = Http.query(req, "product");
        Validation validation = new Validation()
                .notBlank(product.orElse(null), "product", RecommendationHandler.MAX_PRODUCT_ID_LENGTH);
        int limit = limit(Http.query(req, "limit"), validation);
        // Bad input is answered 400 even while faults are injected: faults simulate a sick server,
        // and a client's mistake is never a 5xx.
        validation.throwIfInvalid();
        injectFaults();
        Response response = Reads.statementsOrUnavailable(db, "recommendations", c -> recommend(c, product.orElseThrow(), limit));
        Http.json(res, 200, response);
    }

    private static int limit(Optional<String> raw, Validation validation) {
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        Integer parsed = null;
        try {
            parsed = Integer.valueOf(raw.get());
        } catch (NumberFormatException e) {
            validation.require(false, "limit", "must be an integer in [1, " + MAX_LIMIT + "], was '"
                    + abbreviate(raw.get()) + "'");
            return DEFAULT_LIMIT;
        }
        validation.inRange(parsed, "limit", 1, MAX_LIMIT);
        return parsed;
    }

    private void injectFaults() {
        RecommendationFaults.Outcome outcome;
        try {
            outcome = faults.apply();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.unavailable("interrupted while serving recommendations"), 1, e);
        }
        if (outcome == RecommendationFaults.Outcome.FAIL) {
            throw new ProblemException(Problem.unavailable("recommendations failed on purpose: a fault is injected"
                    + " (see GET /admin/faults)"), 1, null);
        }
    }

    private Response recommend(Connection c, String product, int limit) throws SQLException {
        List<CoPurchaseStore.Candidate> coPurchased = store.coPurchased(c, product, limit);
        List<CoPurchaseStore.Candidate> topSellers = coPurchased.size() >= limit
                ? List.of()
                // Enough to top up even if the product itself and every co-purchased one are among them.
                : store.topSellers(c, limit + coPurchased.size() + 1);
        Map<String, CoPurchaseStore.Candidate> byId = new HashMap<>();
        coPurchased.forEach(candidate -> byId.put(candidate.id(), candidate));
        topSellers.forEach(candidate -> byId.putIfAbsent(candidate.id(), candidate));
        CoPurchaseModel.Recommendation recommendation = CoPurchaseModel.recommend(product,
                coPurchased.stream().map(CoPurchaseStore.Candidate::scored).toList(),
                topSellers.stream().map(CoPurchaseStore.Candidate::scored).toList(), limit);
        List<Item> items = new ArrayList<>(recommendation.productIds().size());
        for (String id : recommendation.productIds()) {
            CoPurchaseStore.Candidate candidate = byId.get(id);
            items.add(new Item(id, candidate.name(), MoneyJson.of(new Money(candidate.priceMinor(), candidate.currency()))));
        }
        return new Response(product, items, recommendation.source().wireName());
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
