package dev.fivenines.commerce.shop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracedInventoryClientTest {
    private static final UUID HOLD = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    /** A ledger that holds everything, or is down when told so. */
    private static InventoryClient ledger(boolean down) {
        return new InventoryClient() {
            @Override
            public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
                if (down) {
                    throw new InventoryUnavailableException("no leader within 2 s", null);
                }
                return new ReserveResult.Held(holdId, Instant.EPOCH.plus(ttl));
            }

            @Override
            public boolean commit(UUID holdId) {
                return true;
            }

            @Override
            public boolean release(UUID holdId) {
                return true;
            }

            @Override
            public Map<String, Integer> available(Collection<String> skus) {
                return Map.of();
            }
        };
    }

    private static List<JsonNode> spans(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(Json.mapper().readTree(line));
        }
        return out;
    }

    @Test
    void givenACheckoutHoldingStock_whenTheLedgerAnswers_thenItsTraceHasAClientSpanNamingTheHoldAndTheOutcome(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("spans.jsonl");
        ReserveResult result;
        try (Telemetry telemetry = Telemetry.start("shop", "shop-1", file, Optional.empty())) {
            var client = new TracedInventoryClient(ledger(false), telemetry.openTelemetry().getTracer("test"));
            result = client.reserve(HOLD, List.of(new StockLine("sku-1", 2), new StockLine("sku-2", 1)), Duration.ofMinutes(15));
        }

        assertThat(result).isInstanceOf(ReserveResult.Held.class);
        JsonNode span = spans(file).getFirst();
        assertThat(span.path("name").asText()).isEqualTo("inventory reserve");
        assertThat(span.path("kind").asText()).isEqualTo("CLIENT");
        assertThat(span.path("attributes").path("fivenines.hold_id").asText()).isEqualTo(HOLD.toString());
        assertThat(span.path("attributes").path("fivenines.lines").asInt()).isEqualTo(2);
        assertThat(span.path("attributes").path("fivenines.reserve_result").asText()).isEqualTo("Held");
    }

    @Test
    void givenTheLedgerDown_whenACheckoutReserves_thenTheSpanIsAnErrorAndTheFailureStillReachesCheckout(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("spans.jsonl");
        try (Telemetry telemetry = Telemetry.start("shop", "shop-1", file, Optional.empty())) {
            var client = new TracedInventoryClient(ledger(true), telemetry.openTelemetry().getTracer("test"));
            assertThatThrownBy(() -> client.reserve(HOLD, List.of(new StockLine("sku-1", 1)), Duration.ofMinutes(15)))
                    .isInstanceOf(InventoryUnavailableException.class);
        }

        JsonNode span = spans(file).getFirst();
        assertThat(span.path("status").asText()).isEqualTo("ERROR");
    }
}
