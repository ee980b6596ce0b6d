package dev.fivenines.commerce.recommendation;

import dev.fivenines.base.ConfigException;
import dev.fivenines.base.Problem;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
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
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final Logger LOG = Logger.getLogger(FaultsAdmin.class.getName());
    private static final String BEARER = "Bearer ";

    /** The PUT body. Boxed so that a missing field is told apart from a zero. */
    record SettingsJson(Long extraLatencyMillis, Double failureRate) {
    }

    private final RecommendationFaults faults;
    private final byte[] tokenDigest;

    /** @param token the shared admin secret (from the environment), at least 16 characters */
    public FaultsAdmin(RecommendationFaults faults, String token) {
        this.faults = faults;
        if (token == null || token.isBlank() || token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException("admin token must be at least " + MIN_TOKEN_LENGTH
                    + " non-blank characters (set it in the environment), was "
                    + (token == null ? "missing" : token.length() + " characters"));
        }
        this.tokenDigest = sha256(token);
    }

    public void register(HttpRouting.Builder routing) {
        routing.get(PATH, this::get).put(PATH, this::put);
    }

    private void get(ServerRequest req, ServerResponse res) {
        if (authorized(req, res)) {
            Http.json(res, 200, faults.current());
        }
    }

    private void put(ServerRequest req, ServerResponse res) {
        if (!authorized(req, res)) {
            return;
        }
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

    /** Answers 401 itself and returns false unless the request carries the right bearer token. */
    private boolean authorized(ServerRequest req, ServerResponse res) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        String detail;
        if (header.isEmpty()) {
            detail = "an Authorization: Bearer <token> header is required";
        } else if (!header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            detail = "the Authorization header must use the Bearer scheme";
        } else if (!MessageDigest.isEqual(tokenDigest, sha256(header.get().substring(BEARER.length()).trim()))) {
            // Digests have a fixed length, so the comparison's time tells nothing about the token.
            detail = "the bearer token is not valid";
        } else {
            return true;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"fivenines-admin\"");
        Http.problem(res, Problem.of(401, "unauthorized", "Unauthorized", detail), null);
        return false;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
