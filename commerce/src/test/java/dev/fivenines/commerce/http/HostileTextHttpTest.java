package dev.fivenines.commerce.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.fulfillment.FulfillmentConfig;
import dev.fivenines.commerce.fulfillment.FulfillmentServices;
import dev.fivenines.commerce.replenishment.ReplenishmentConfig;
import dev.fivenines.commerce.replenishment.ReplenishmentServices;
import dev.fivenines.commerce.replenishment.SimulatedSupplier;
import dev.fivenines.commerce.testing.ApiTestServer;
import dev.fivenines.commerce.testing.ShopFixture;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.web.ApiRoutes;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.fivenines.commerce.testing.ShopFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text PostgreSQL cannot store (NUL, bytes that are not UTF-8, lone surrogates), sent in every place
 * a client can put text, is a 400 naming the field, not the 503 of a database outage; and the shop
 * goes on answering as before.
 */
class HostileTextHttpTest {
    private static ShopFixture f;
    private static ApiTestServer server;
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        f = new ShopFixture("hostile_text");
        SqlOutbox outbox = new SqlOutbox("/test", f.ids, TextMapPropagator.noop());
        FulfillmentServices fulfillment = FulfillmentServices.create(f.db, outbox, f.clock, f.ids, FulfillmentConfig.defaults());
        ReplenishmentServices replenishment = ReplenishmentServices.create(f.db, outbox, f.clock, f.ids,
                new SimulatedSupplier(SimulatedSupplier.Config.defaults(1), f.clock), (sku, units, receipt) -> { },
                ReplenishmentConfig.defaults());
        server = ApiTestServer.withRoutes(routing -> {
            ApiRoutes routes = new ApiRoutes(routing);
            f.shop.apiServices().forEach(api -> api.register(routes));
            fulfillment.api().register(routes);
            replenishment.api().register(routes);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        f.close();
        client.close();
    }

    private static HttpResponse<String> get(String rawPathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + rawPathAndQuery)).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, byte[] json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUrl().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A 400 problem+json naming {@code field}, and no Retry-After: retrying the same request cannot help. */
    private static void assertRefusedNaming(HttpResponse<String> answer, String field) throws Exception {
        assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
        JsonNode problem = Json.mapper().readTree(answer.body());
        assertThat(problem.path("errors").findValuesAsText("field")).as(answer.body()).contains(field);
        assertThat(answer.body()).doesNotContain("not answering");
    }

    private static byte[] bytes(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void givenANulOrBadUtf8InAQueryParameter_thenA400NamingIt() throws Exception {
        assertRefusedNaming(get("/api/v1/products?q=%00"), "q");
        assertRefusedNaming(get("/api/v1/products?q=%FF"), "q");
        assertRefusedNaming(get("/api/v1/products?category=a%ED%A0%80"), "category");
        assertRefusedNaming(get("/api/v1/purchase-orders?sku=%00"), "sku");
        assertRefusedNaming(get("/api/v1/products?q=%C0%80"), "q"); // an overlong NUL
    }

    @Test
    void givenANulOrBadUtf8InAPathSegment_thenA400NamingIt() throws Exception {
        assertRefusedNaming(get("/api/v1/shipments/%00"), "orderId");
        assertRefusedNaming(get("/api/v1/purchase-orders/%00"), "poId");
        assertRefusedNaming(get("/api/v1/purchase-orders/%FF%FE"), "poId");
        assertRefusedNaming(get("/api/v1/products/a%00b"), "productId");
    }

    @Test
    void givenANulALoneSurrogateOrBadUtf8InAJsonString_thenA400NamingTheField() throws Exception {
        String cart = Json.mapper().readTree(post("/api/v1/carts", bytes("{}")).body()).path("id").asText();
        assertRefusedNaming(post("/api/v1/carts/" + cart + "/lines", bytes("{\"productId\":\"a\\u0000b\",\"quantity\":1}")), "productId");

        byte[] invalidUtf8 = bytes("{\"cartId\":\"" + cart + "\",\"email\":\"ann", "@example.com\"}");
        byte[] withBadByte = new byte[invalidUtf8.length + 1];
        int at = ("{\"cartId\":\"" + cart + "\",\"email\":\"ann").length();
        System.arraycopy(invalidUtf8, 0, withBadByte, 0, at);
        withBadByte[at] = (byte) 0xFF;
        System.arraycopy(invalidUtf8, at, withBadByte, at + 1, invalidUtf8.length - at);
        assertRefusedNaming(post("/api/v1/checkout", withBadByte, "Idempotency-Key", "hostile-1"), "email");

        assertRefusedNaming(post("/api/v1/checkout", bytes("{\"cartId\":\"" + cart + "\",\"email\":\"a\\u0000@example.com\"}"),
                "Idempotency-Key", "hostile-2"), "email");
        assertRefusedNaming(post("/api/v1/checkout", bytes("{\"cartId\":\"" + cart + "\",\"email\":\"\\ud800@example.com\"}"),
                "Idempotency-Key", "hostile-3"), "email");
    }

    @Test
    void givenHostileText_thenTheShopGoesOnAnsweringNormally() throws Exception {
        for (String path : new String[]{"/api/v1/products?q=%00", "/api/v1/shipments/%00", "/api/v1/purchase-orders/%00"}) {
            assertThat(get(path).statusCode()).isEqualTo(400);
        }

        assertThat(f.db.isReachable()).isTrue();
        assertThat(get("/api/v1/products?q=" + sku(1)).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/purchase-orders/po-none").statusCode()).isEqualTo(404);
        assertThat(Map.of("shipments", get("/api/v1/shipments/none").statusCode())).containsEntry("shipments", 404);
    }
}
