package dev.fivenines.commerce.fulfillment;

import dev.fivenines.commerce.testing.ApiTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/shipments/{orderId}} through a real Helidon server and a real PostgreSQL. */
class ShipmentsApiTest {
    private static FulfillmentFixture fixture;
    private static ApiTestServer server;

    @BeforeAll
    static void start() {
        fixture = new FulfillmentFixture("shipments_api");
        server = ApiTestServer.start(fixture.services.api());
    }

    @AfterAll
    static void stop() {
        server.close();
        fixture.close();
    }

    @Test
    void givenAShippedOrder_whenItsShipmentIsRequested_thenItsStatusCarrierAndTrackingAreReturned() throws Exception {
        String orderId = UUID.randomUUID().toString();
        fixture.handle(FulfillmentFixture.placed(orderId));
        Shipment shipment = fixture.shipment(orderId);

        HttpResponse<String> response = server.get("/api/v1/shipments/" + orderId);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.path("shipmentId").asText()).isEqualTo(shipment.shipmentId());
        assertThat(body.path("orderId").asText()).isEqualTo(orderId);
        assertThat(body.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(body.path("carrier").asText()).isEqualTo(FulfillmentConfig.DEFAULT_CARRIER);
        assertThat(body.path("trackingNumber").asText()).isEqualTo(shipment.trackingNumber());
        assertThat(body.path("shippedAt").asText()).isEqualTo(shipment.shippedAt().toString());
        assertThat(body.get("deliveredAt").isNull()).isTrue();
    }

    @Test
    void givenADeliveredOrder_whenItsShipmentIsRequested_thenItSaysDeliveredAndWhen() throws Exception {
        String orderId = UUID.randomUUID().toString();
        fixture.handle(FulfillmentFixture.placed(orderId));
        fixture.clock.advance(Duration.ofSeconds(5));
        fixture.services.scheduler().runOnce();

        JsonNode body = Json.mapper().readTree(server.get("/api/v1/shipments/" + orderId).body());

        assertThat(body.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(body.path("deliveredAt").asText()).isEqualTo(fixture.clock.instant().toString());
    }

    @Test
    void givenAnOrderWithoutShipment_whenItsShipmentIsRequested_then404ProblemNamesTheOrder() throws Exception {
        String orderId = UUID.randomUUID().toString();

        HttpResponse<String> response = server.get("/api/v1/shipments/" + orderId);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asText()).contains(orderId);
    }

    @Test
    void givenAnOverlongOrderId_whenItsShipmentIsRequested_then400ProblemNamesTheField() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/shipments/" + "x".repeat(65));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(Json.mapper().readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("orderId");
    }
}
