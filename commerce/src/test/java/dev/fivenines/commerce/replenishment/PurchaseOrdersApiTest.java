package dev.fivenines.commerce.replenishment;

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

/** The purchase-order endpoints through a real Helidon server and a real PostgreSQL. */
class PurchaseOrdersApiTest {
    private static final SimulatedSupplier.Config RELIABLE = SimulatedSupplier.Config.builder(42).leadTime(Duration.ofSeconds(30))
            .maxShipments(3).failureRate(0.0).build();
    private static ReplenishmentFixture fixture;
    private static ApiTestServer server;

    @BeforeAll
    static void start() {
        fixture = new ReplenishmentFixture("purchase_orders_api", RELIABLE, ReplenishmentConfig.defaults());
        server = ApiTestServer.start(fixture.services.api());
    }

    @AfterAll
    static void stop() {
        server.close();
        fixture.close();
    }

    @Test
    void givenAReceivedOrder_whenItIsRequested_thenItsStatusUnitsAndReceiptsAreReturned() throws Exception {
        String sku = "sku-" + UUID.randomUUID();
        fixture.handleStockLow(ReplenishmentFixture.stockLow(sku, 1, 10));
        fixture.services.scheduler().runOnce();
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.services.scheduler().runOnce();
        PurchaseOrder po = fixture.onlyOrderOf(sku);

        HttpResponse<String> response = server.get("/api/v1/purchase-orders/" + po.poId());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.path("poId").asText()).isEqualTo(po.poId());
        assertThat(body.path("sku").asText()).isEqualTo(sku);
        assertThat(body.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(body.path("unitsOrdered").asInt()).isEqualTo(10);
        assertThat(body.path("unitsReceived").asInt()).isEqualTo(10);
        int units = 0;
        for (JsonNode receipt : body.path("receipts")) {
            assertThat(receipt.path("receiptId").asText()).isEqualTo(po.poId() + "-" + receipt.path("shipmentNo").asInt());
            units += receipt.path("units").asInt();
        }
        assertThat(units).isEqualTo(10);
    }

    @Test
    void givenTwoEpisodesOfOneSku_whenTheSkusOrdersAreListed_thenBothAppearNewestFirstAndOthersDoNot() throws Exception {
        String sku = "sku-" + UUID.randomUUID();
        fixture.handleStockLow(ReplenishmentFixture.stockLow(sku, 1, 10));
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.handleStockLow(ReplenishmentFixture.stockLow(sku, 2, 10));
        fixture.handleStockLow(ReplenishmentFixture.stockLow("other-" + UUID.randomUUID(), 1, 10));

        JsonNode body = Json.mapper().readTree(server.get("/api/v1/purchase-orders?sku=" + sku).body());

        assertThat(body.path("items")).hasSize(2);
        assertThat(body.path("items").get(0).path("episode").asLong()).isEqualTo(2);
        assertThat(body.path("items").get(1).path("episode").asLong()).isEqualTo(1);
        assertThat(body.path("items")).allSatisfy(item -> assertThat(item.path("sku").asText()).isEqualTo(sku));
        assertThat(Json.mapper().readTree(server.get("/api/v1/purchase-orders?sku=" + sku + "&limit=1").body())
                .path("items")).hasSize(1);
    }

    @Test
    void givenAnUnknownPoId_whenItIsRequested_thenA404ProblemNamesIt() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/purchase-orders/no-such-po");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("no-such-po");
    }

    @Test
    void givenALimitOutOfRange_whenOrdersAreListed_thenA400ProblemSaysWhatIsWrong() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/purchase-orders?limit=5000");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("limit");
    }

    @Test
    void givenASkuTooLong_whenOrdersAreListed_thenA400ProblemNamesTheField() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/purchase-orders?sku=" + "x".repeat(65));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("sku");
    }
}
