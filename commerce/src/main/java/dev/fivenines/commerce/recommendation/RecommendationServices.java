package dev.fivenines.commerce.recommendation;

import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.web.ApiService;
import io.helidon.webserver.http.HttpRouting;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Composition root of the recommendations role's own parts. The role wires {@link #handler()} to an
 * idempotent consumer named {@link #CONSUMER} on {@link #TOPICS}, registers {@link #api()} under
 * {@code /api/v1} and {@link #registerAdmin} on its routing.
 */
public final class RecommendationServices {
    /** Consumer (dedupe) name and Kafka consumer group of recommendations. */
    public static final String CONSUMER = "recommendations";
    public static final List<String> TOPICS = List.of(Topics.ORDERS);

    private final RecommendationHandler handler;
    private final RecommendationsApi api;
    private final RecommendationFaults faults;
    private final FaultsAdmin admin;

    private RecommendationServices(RecommendationHandler handler, RecommendationsApi api, RecommendationFaults faults,
                                   FaultsAdmin admin) {
        this.handler = handler;
        this.api = api;
        this.faults = faults;
        this.admin = admin;
    }

    /**
     * @param sleeper    how injected latency waits ({@link Sleeper#system()} in production)
     * @param random     uniform in [0, 1), thread-safe; decides which requests an injected failure hits
     * @param adminToken bearer token of {@code /admin/faults}, at least 16 characters
     */
    public static RecommendationServices create(Database db, Sleeper sleeper, DoubleSupplier random, String adminToken) {
        CoPurchaseStore store = new CoPurchaseStore();
        RecommendationFaults faults = new RecommendationFaults(sleeper, random);
        return new RecommendationServices(new RecommendationHandler(store), new RecommendationsApi(db, store, faults),
                faults, new FaultsAdmin(faults, adminToken));
    }

    /** Production wiring: real sleeps, thread-local randomness. */
    public static RecommendationServices create(Database db, String adminToken) {
        return create(db, Sleeper.system(), () -> ThreadLocalRandom.current().nextDouble(), adminToken);
    }

    public RecommendationHandler handler() {
        return handler;
    }

    public ApiService api() {
        return api;
    }

    public RecommendationFaults faults() {
        return faults;
    }

    /** Registers {@code GET|PUT /admin/faults} (bearer token) directly on {@code routing}. */
    public void registerAdmin(HttpRouting.Builder routing) {
        admin.register(routing);
    }
}
