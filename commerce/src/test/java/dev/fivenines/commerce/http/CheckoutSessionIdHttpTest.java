package dev.fivenines.commerce.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.commerce.testing.ApiTestServer;
import dev.fivenines.commerce.testing.ShopFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static dev.fivenines.commerce.testing.ShopFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout's {@code X-Session-Id} (forwarded by the edge) through a real Helidon server and a real
 * PostgreSQL: a valid one is stored with the order and published in its OrderPlaced, so every edge's
 * value model can learn the purchase; a missing or invalid one never costs the sale.
 */
class CheckoutSessionIdHttpTest {
    private static ShopFixture f;
    private static ApiTestServer server;

    @BeforeAll
    static void start() {
        f = new ShopFixture("checkout_session");
        server = ApiTestServer.withRoutes(routing -> f.shop.register(routing));
    }

    @AfterAll
    static void stop() {
        server.close();
        f.close();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return server.post("/api/v1" + path, body, headers);
    }

    /** Checks out a fresh one-line cart with the given extra headers; returns the 201's order id. */
    private static UUID checkout(int skuIndex, String... headers) throws Exception {
        HttpResponse<String> cart = post("/carts", null);
        assertThat(cart.statusCode()).isEqualTo(201);
        String cartId = Json.mapper().readTree(cart.body()).get("id").asText();
        HttpResponse<String> line = post("/carts/" + cartId + "/lines",
                "{\"productId\":\"" + sku(skuIndex) + "\",\"quantity\":1}");
        assertThat(line.statusCode()).as(line.body()).isEqualTo(200);
        String[] all = new String[headers.length + 2];
        all[0] = "Idempotency-Key";
        all[1] = "session-" + UUID.randomUUID();
        System.arraycopy(headers, 0, all, 2, headers.length);
        HttpResponse<String> placed = post("/checkout",
                "{\"cartId\":\"" + cartId + "\",\"email\":\"ann@example.com\"}", all);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        return UUID.fromString(Json.mapper().readTree(placed.body()).get("id").asText());
    }

    private static JsonNode outboxPayload(UUID orderId) throws Exception {
        String payload = f.string("SELECT payload FROM outbox WHERE event_key = ? AND event_type = 'dev.fivenines.order.placed'",
                orderId.toString());
        assertThat(payload).as("OrderPlaced of order %s in the outbox", orderId).isNotNull();
        return Json.mapper().readTree(payload);
    }

    @Test
    void givenACheckoutWithASessionId_whenPlaced_thenTheOrderAndItsOrderPlacedCarryTheSession() throws Exception {
        String session = "s-" + UUID.randomUUID();

        UUID orderId = checkout(1, "X-Session-Id", session);

        assertThat(f.string("SELECT session_id FROM orders WHERE id = ?", orderId)).isEqualTo(session);
        JsonNode payload = outboxPayload(orderId);
        assertThat(payload.get("sessionId").asText()).isEqualTo(session);
        assertThat(Json.mapper().treeToValue(payload, OrderPlaced.class).sessionId()).isEqualTo(session);
    }

    @Test
    void givenACheckoutWithoutASessionId_whenPlaced_thenItSucceedsAndTheEventIsWrittenAsBeforeTheFieldExisted() throws Exception {
        UUID orderId = checkout(2);

        assertThat(f.string("SELECT session_id FROM orders WHERE id = ?", orderId)).isNull();
        JsonNode payload = outboxPayload(orderId);
        assertThat(payload.has("sessionId")).as(payload.toString()).isFalse();
        assertThat(Json.mapper().treeToValue(payload, OrderPlaced.class).sessionId()).isNull();
    }

    @Test
    void givenAnInvalidSessionId_whenCheckedOut_thenTheOrderIsPlacedWithoutASession() throws Exception {
        String tooLong = "s".repeat(OrderPlaced.MAX_SESSION_ID_LENGTH + 1);
        String withSpace = "my session";

        UUID longOrder = checkout(3, "X-Session-Id", tooLong);
        UUID spaceOrder = checkout(4, "X-Session-Id", withSpace);

        for (UUID orderId : new UUID[]{longOrder, spaceOrder}) {
            assertThat(f.string("SELECT session_id FROM orders WHERE id = ?", orderId)).isNull();
            assertThat(Json.mapper().treeToValue(outboxPayload(orderId), OrderPlaced.class).sessionId()).isNull();
        }
    }

    @Test
    void givenTheLongestValidSessionId_whenCheckedOut_thenItIsKeptWhole() throws Exception {
        String longest = "s".repeat(OrderPlaced.MAX_SESSION_ID_LENGTH - 1) + "~";

        UUID orderId = checkout(5, "X-Session-Id", longest);

        assertThat(f.string("SELECT session_id FROM orders WHERE id = ?", orderId)).isEqualTo(longest);
        assertThat(outboxPayload(orderId).get("sessionId").asText()).isEqualTo(longest);
    }
}
