package dev.fivenines.commerce.checkout;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.idempotency.IdempotencyKeys;
import dev.fivenines.commerce.idempotency.RequestFingerprint;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderName;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.fivenines.commerce.http.Guard.guard;

/** {@code POST /checkout}: requires an {@code Idempotency-Key}; a repeat gets the first answer again. */
public final class CheckoutApi implements ApiService {
    public static final String PATH = "/checkout";
    public static final int MAX_EMAIL_LENGTH = 254;
    /** Marks a replayed answer, so a client (and a test) can tell. */
    public static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");
    /** The shopping session, forwarded by the edge; stored with the order and published in OrderPlaced. */
    public static final HeaderName SESSION_ID = HeaderNames.create("X-Session-Id");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    public record CheckoutRequest(String cartId, String email) {
    }

    private final CheckoutService checkout;

    public CheckoutApi(CheckoutService checkout) {
        this.checkout = checkout;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post(PATH, guard(this::checkout));
    }

    private void checkout(ServerRequest req, ServerResponse res) {
        String key = req.headers().first(Http.IDEMPOTENCY_KEY).orElse(null);
        IdempotencyKeys.problemWith(key).ifPresent(problem -> {
            throw new ProblemException(Problem.invalid(java.util.List.of(new Problem.FieldError("Idempotency-Key", problem))));
        });
        byte[] body = Http.readJsonBytes(req);
        CheckoutRequest request = Http.parseJson(body, CheckoutRequest.class);
        UUID cartId = null;
        Validation v = new Validation().notBlank(request.cartId(), "cartId", 36).notBlank(request.email(), "email", MAX_EMAIL_LENGTH);
        if (request.cartId() != null && !request.cartId().isBlank() && request.cartId().length() <= 36) {
            cartId = parseUuid(request.cartId());
            v.require(cartId != null, "cartId", "must be a UUID");
        }
        if (request.email() != null && !request.email().isBlank() && request.email().length() <= MAX_EMAIL_LENGTH) {
            v.require(EMAIL.matcher(request.email()).matches(), "email", "must be an email address like name@example.com");
        }
        v.throwIfInvalid();
        String fingerprint = RequestFingerprint.of("POST", ApiRoutes.PREFIX + PATH, Http.jsonTree(body));
        CheckoutResponse answer = checkout.checkout(key, fingerprint, cartId, request.email(),
                req.headers().first(SESSION_ID).orElse(null));
        res.status(Status.create(answer.status()));
        res.header(HeaderNames.CONTENT_TYPE, answer.isProblem() ? Http.PROBLEM_JSON : Http.JSON);
        if (answer.location() != null) {
            res.header(HeaderNames.LOCATION, answer.location());
        }
        if (answer.replayed()) {
            res.header(REPLAYED, "true");
        }
        res.send(answer.body().getBytes(StandardCharsets.UTF_8));
    }

    private static UUID parseUuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
