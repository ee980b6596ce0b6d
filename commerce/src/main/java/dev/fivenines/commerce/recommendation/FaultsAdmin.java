package dev.fivenines.commerce.recommendation;

import dev.fivenines.web.AdminToken;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Logger;

/**
 * {@code GET|PUT /admin/faults} of the recommendations role, behind a bearer token. Registered on
 * the server's routing directly (ops endpoints are not part of the public {@code /api/v1}).
 *
 * <p>PUT takes {@code {"extraLatencyMillis": 0..60000, "failureRate": 0..1}}, both required, and
 * replaces the settings whole; both answer the settings in force.
 */
public final class FaultsAdmin {
    public static final String PATH = "/admin/faults";
    public static final int MIN_TOKEN_LENGTH = AdminToken.MIN_LENGTH;
    private static final Logger LOG = Logger.getLogger(FaultsAdmin.class.getName());

    /** The PUT body. Boxed so that a missing field is told apart from a zero. */
    record SettingsJson(Long extraLatencyMillis, Double failureRate) {
    }

    private final RecommendationFaults faults;
    private final AdminToken token;

    /** @param token the shared admin secret (from the environment), at least 16 characters */
    public FaultsAdmin(RecommendationFaults faults, String token) {
        this.faults = faults;
        this.token = new AdminToken(token);
    }

    public void register(HttpRouting.Builder routing) {
        routing.get(PATH, this::get).put(PATH, this::put);
    }

    private void get(ServerRequest req, ServerResponse res) {
        token.require(req);
        Http.json(res, 200, faults.current());
    }

    private void put(ServerRequest req, ServerResponse res) {
        token.require(req);
        SettingsJson body = Http.readJson(req, SettingsJson.class);
        Validation validation = new Validation();
        validation.require(body.extraLatencyMillis() != null, "extraLatencyMillis", "is required");
        validation.require(body.failureRate() != null, "failureRate", "is required");
        if (body.extraLatencyMillis() != null) {
            long millis = body.extraLatencyMillis();
            validation.require(millis >= 0 && millis <= RecommendationFaults.MAX_EXTRA_LATENCY_MILLIS, "extraLatencyMillis",
                    "must be in [0, " + RecommendationFaults.MAX_EXTRA_LATENCY_MILLIS + "], was " + millis);
        }
        if (body.failureRate() != null) {
            double rate = body.failureRate();
            validation.require(rate >= 0.0 && rate <= 1.0, "failureRate", "must be in [0, 1], was " + rate);
        }
        validation.throwIfInvalid();
        RecommendationFaults.Settings settings = new RecommendationFaults.Settings(body.extraLatencyMillis(), body.failureRate());
        faults.set(settings);
        LOG.warning(() -> "recommendation faults set to " + settings + " by " + req.remotePeer().address());
        Http.json(res, 200, settings);
    }
}
