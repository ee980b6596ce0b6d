package dev.fivenines.commerce.order;

import dev.fivenines.commerce.http.PathIds;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.UUID;

import static dev.fivenines.commerce.http.Guard.guard;

/**
 * {@code GET /orders/{orderId}} and {@code POST /orders/{orderId}/cancel}, for the holder of the
 * order's access token (checkout's 201 {@code accessToken}), given as header {@value #TOKEN_HEADER_NAME}
 * or query parameter {@code token}. Without it, or with a wrong one, the answer is the 404 of an
 * order that does not exist.
 */
public final class OrderApi implements ApiService {
    public static final int MAX_REASON_LENGTH = 200;
    public static final String TOKEN_HEADER_NAME = "X-Order-Token";
    public static final HeaderName TOKEN_HEADER = HeaderNames.create(TOKEN_HEADER_NAME);
    public static final String TOKEN_QUERY = "token";

    /** Optional body of a cancellation. */
    public record CancelRequest(String reason) {
    }

    private final OrderService orders;

    public OrderApi(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/orders/{orderId}", guard(this::get))
                .post("/orders/{orderId}/cancel", guard(this::cancel));
    }

    private void get(ServerRequest req, ServerResponse res) {
        UUID orderId = PathIds.uuid(req, "orderId", "order");
        Http.json(res, 200, OrderView.of(orders.get(orderId, token(req, orderId))));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        UUID orderId = PathIds.uuid(req, "orderId", "order");
        String token = token(req, orderId);
        String reason = OrderService.CANCELLED_BY_CUSTOMER;
        byte[] body = req.content().hasEntity() ? Http.readBody(req, Http.MAX_BODY_BYTES) : new byte[0];
        if (body.length > 0) {
            Http.requireJsonContentType(req);
            CancelRequest request = Http.parseJson(body, CancelRequest.class);
            if (request.reason() != null) {
                new Validation().notBlank(request.reason(), "reason", MAX_REASON_LENGTH).throwIfInvalid();
                reason = request.reason();
            }
        }
        Http.json(res, 200, OrderView.of(orders.cancel(orderId, token, reason)));
    }

    /** The presented token; none at all is answered at once, as an unknown order, without asking the database. */
    private static String token(ServerRequest req, UUID orderId) {
        String token = req.headers().first(TOKEN_HEADER).orElse(null);
        if (token == null || token.isEmpty()) {
            token = Http.query(req, TOKEN_QUERY).orElse(null);
        }
        if (token == null || token.isEmpty()) {
            throw OrderService.notFound(orderId);
        }
        return token;
    }
}
