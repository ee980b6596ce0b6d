package dev.fivenines.commerce.http;

import dev.fivenines.commerce.order.OrderService;
import dev.fivenines.commerce.order.OrderView;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.UUID;

import static dev.fivenines.commerce.http.Guard.guard;

/** {@code GET /orders/{orderId}} and {@code POST /orders/{orderId}/cancel}. */
public final class OrderApi implements ApiService {
    public static final int MAX_REASON_LENGTH = 200;

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
        Http.json(res, 200, OrderView.of(orders.get(PathIds.uuid(req, "orderId", "order"))));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        UUID orderId = PathIds.uuid(req, "orderId", "order");
        String reason = OrderService.CANCELLED_BY_CUSTOMER;
        byte[] body = req.content().hasEntity() ? Http.readBody(req, Http.MAX_BODY_BYTES) : new byte[0];
        if (body.length > 0) {
            CancelRequest request = Http.parseJson(body, CancelRequest.class);
            if (request.reason() != null) {
                new Validation().notBlank(request.reason(), "reason", MAX_REASON_LENGTH).throwIfInvalid();
                reason = request.reason();
            }
        }
        Http.json(res, 200, OrderView.of(orders.cancel(orderId, reason)));
    }
}
