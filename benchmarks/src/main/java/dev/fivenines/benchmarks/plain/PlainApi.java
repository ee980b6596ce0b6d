package dev.fivenines.benchmarks.plain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.catalog.Product;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The plain shop's HTTP API: the routes and JSON fields of fivenines' {@code /api/v1} that a buy
 * session uses (list, product page, cart, add, checkout, order read), so the same load generator
 * drives both. Bad input is a problem+json 400, as it is in fivenines.
 */
final class PlainApi {
    private static final String API = "/api/v1";
    private static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_QUANTITY = 100;

    private final PlainStore store;

    PlainApi(PlainStore store) {
        this.store = store;
    }

    void routes(HttpRouting.Builder routing) {
        routing.get("/observe/health/ready", (req, res) -> json(res, 200, Json.mapper().createObjectNode().put("status", "UP")))
                .get(API + "/products", this::list)
                .get(API + "/products/{id}", this::product)
                .post(API + "/carts", this::createCart)
                .post(API + "/carts/{id}/lines", this::addLine)
                .post(API + "/checkout", this::checkout)
                .get(API + "/orders/{id}", this::order)
                .error(BadRequest.class, (req, res, e) -> problem(res, 400, "/problems/bad-request", e.getMessage()));
    }

    private void list(ServerRequest req, ServerResponse res) {
        var query = req.query();
        int page = intParam(query.first("page").orElse("0"), "page", 0, 1_000_000);
        int size = intParam(query.first("size").orElse("20"), "size", 1, MAX_PAGE_SIZE);
        PlainStore.Page found = store.list(page, size, query.first("category").orElse(null), query.first("q").orElse(null));
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode items = body.putArray("items");
        found.items().forEach(p -> items.add(product(p)));
        body.put("page", page).put("size", size).put("total", found.total());
        json(res, 200, body);
    }

    private void product(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<PlainStore.ProductWithStock> found = store.product(id);
        if (found.isEmpty()) {
            problem(res, 404, "/problems/not-found", "no product " + id);
            return;
        }
        json(res, 200, product(found.get().product()).put("availableUnits", found.get().available()));
    }

    private void createCart(ServerRequest req, ServerResponse res) {
        UUID id = store.createCart();
        ObjectNode body = Json.mapper().createObjectNode().put("id", id.toString());
        body.putArray("lines");
        json(res, 201, body);
    }

    private void addLine(ServerRequest req, ServerResponse res) {
        UUID cart = uuid(req.path().pathParameters().get("id"), "cart id");
        JsonNode body = body(req);
        String productId = text(body, "productId");
        int quantity = body.path("quantity").canConvertToInt() ? body.path("quantity").asInt() : -1;
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new BadRequest("quantity must be a whole number in [1, " + MAX_QUANTITY + "]");
        }
        Optional<List<PlainStore.Line>> lines = store.addLine(cart, productId, quantity);
        if (lines.isEmpty()) {
            problem(res, 404, "/problems/not-found", "no cart " + cart + " or no product " + productId);
            return;
        }
        ObjectNode out = Json.mapper().createObjectNode().put("id", cart.toString());
        out.set("lines", lines(lines.get()));
        json(res, 200, out);
    }

    private void checkout(ServerRequest req, ServerResponse res) {
        String key = req.headers().first(HeaderNames.create("Idempotency-Key"))
                .orElseThrow(() -> new BadRequest("the Idempotency-Key header is required"));
        if (key.isBlank() || key.length() > 200) {
            throw new BadRequest("Idempotency-Key must have 1 to 200 characters");
        }
        JsonNode body = body(req);
        UUID cart = uuid(text(body, "cartId"), "cartId");
        String email = text(body, "email");
        switch (store.checkout(cart, email, key)) {
            case PlainStore.Outcome.Placed placed -> json(res, 201, order(placed.order()).put("accessToken", placed.order().accessToken()));
            case PlainStore.Outcome.Refused refused -> problem(res, refused.status(), refused.type(), refused.detail());
        }
    }

    private void order(ServerRequest req, ServerResponse res) {
        UUID id = uuid(req.path().pathParameters().get("id"), "order id");
        String token = req.headers().first(HeaderNames.create("X-Order-Token")).orElse("");
        Optional<PlainStore.Order> found = store.order(id, token);
        if (found.isEmpty()) {
            problem(res, 404, "/problems/not-found", "no order " + id + " with that token");
            return;
        }
        json(res, 200, order(found.get()));
    }

    private static ObjectNode product(Product p) {
        ObjectNode node = Json.mapper().createObjectNode().put("id", p.id()).put("name", p.name())
                .put("description", p.description()).put("category", p.category());
        node.putObject("price").put("amountMinor", p.price().minorUnits()).put("currency", p.price().currency());
        return node;
    }

    private static ObjectNode order(PlainStore.Order o) {
        ObjectNode node = Json.mapper().createObjectNode().put("id", o.id().toString()).put("status", o.status());
        node.set("lines", lines(o.lines()));
        node.putObject("total").put("amountMinor", o.totalMinor()).put("currency", o.currency());
        return node;
    }

    private static ArrayNode lines(List<PlainStore.Line> lines) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (PlainStore.Line l : lines) {
            array.addObject().put("productId", l.productId()).put("quantity", l.quantity()).put("unitPriceMinor", l.unitMinor());
        }
        return array;
    }

    private static JsonNode body(ServerRequest req) {
        try {
            JsonNode node = Json.mapper().readTree(req.content().as(String.class));
            if (node == null || !node.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new BadRequest("the body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > 200) {
            throw new BadRequest(field + " must be a string of 1 to 200 characters");
        }
        return value.asText();
    }

    private static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(what + " must be a UUID, was '" + text + "'");
        }
    }

    private static int intParam(String text, String name, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the legal range.
        }
        throw new BadRequest(name + " must be a whole number in [" + min + ", " + max + "], was '" + text + "'");
    }

    private static void json(ServerResponse res, int status, JsonNode body) {
        res.status(Status.create(status)).header(HeaderNames.CONTENT_TYPE, "application/json").send(bytes(body));
    }

    private static void problem(ServerResponse res, int status, String type, String detail) {
        ObjectNode body = Json.mapper().createObjectNode().put("type", type).put("status", status).put("detail", detail);
        res.status(Status.create(status)).header(HeaderNames.CONTENT_TYPE, "application/problem+json").send(bytes(body));
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Input the API refuses with a 400. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
