package dev.fivenines.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** SERVER span names are route templates, so their number is bounded by the routes, not by the ids in paths. */
class SpanNamesTest {
    private static final RouteTemplates ROUTES = RouteTemplates.of(List.of(
            "/api/v1/carts/{cartId}", "/api/v1/carts/{cartId}/lines", "/api/v1/checkout"));

    private static List<JsonNode> spans(Path file) throws IOException {
        List<JsonNode> spans = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            spans.add(Json.mapper().readTree(line));
        }
        return spans;
    }

    @Test
    void givenAThousandCarts_whenEachIsServed_thenTheSpanFileHoldsOneNameAndEveryPathAsAnAttribute(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("spans.jsonl");
        try (Telemetry telemetry = Telemetry.start("shop", "shop-1", file, Optional.empty())) {
            HttpTracing tracing = new HttpTracing(telemetry.openTelemetry(), ROUTES);
            for (int i = 0; i < 1_000; i++) {
                tracing.serve("POST", "/api/v1/carts/cart-" + i + "/lines", HttpTracing.exchange(n -> null, () -> { }, 201));
            }
        }

        List<JsonNode> spans = spans(file);
        assertThat(spans).hasSize(1_000);
        assertThat(spans).extracting(s -> s.path("name").asText()).containsOnly("POST /api/v1/carts/{cartId}/lines");
        assertThat(spans).extracting(s -> s.path("attributes").path("http.route").asText())
                .containsOnly("/api/v1/carts/{cartId}/lines");
        assertThat(new TreeSet<>(spans.stream().map(s -> s.path("attributes").path("url.path").asText()).toList())).hasSize(1_000);
    }

    @Test
    void givenUnknownPathsAndMethods_thenTheyShareOneFixedNameAndNoRoute(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spans.jsonl");
        try (Telemetry telemetry = Telemetry.start("edge", "edge-1", file, Optional.empty())) {
            HttpTracing tracing = new HttpTracing(telemetry.openTelemetry(), ROUTES);
            for (int i = 0; i < 50; i++) {
                tracing.serve("GET", "/scan/" + i + ".php", HttpTracing.exchange(n -> null, () -> { }, 404));
                tracing.serve("BREW" + i, "/api/v1/checkout", HttpTracing.exchange(n -> null, () -> { }, 405));
            }
        }

        List<JsonNode> spans = spans(file);
        assertThat(spans).extracting(s -> s.path("name").asText()).containsOnly("GET unmatched", "HTTP /api/v1/checkout");
        assertThat(spans).filteredOn(s -> s.path("name").asText().equals("GET unmatched"))
                .allSatisfy(s -> assertThat(s.path("attributes").has("http.route")).isFalse());
        assertThat(spans).filteredOn(s -> s.path("name").asText().startsWith("HTTP")).allSatisfy(s -> {
            assertThat(s.path("attributes").path("http.request.method").asText()).isEqualTo("_OTHER");
            assertThat(s.path("attributes").path("http.request.method_original").asText()).startsWith("BREW");
        });
    }

    @Test
    void givenTheServerMatchedARouteTheTableLacks_thenTheSpanIsRenamedToIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spans.jsonl");
        try (Telemetry telemetry = Telemetry.start("edge", "edge-1", file, Optional.empty())) {
            HttpTracing tracing = new HttpTracing(telemetry.openTelemetry(), ROUTES);
            String route = tracing.serve("POST", "/admin/upstreams/shop-2/drain", HttpTracing.exchange(n -> null, () -> { }, 200,
                    Optional.of("/admin/upstreams/{name}/drain")));
            // A catch-all the server matched names nothing: the table's template stays.
            tracing.serve("GET", "/api/v1/carts/c-7", HttpTracing.exchange(n -> null, () -> { }, 200, Optional.of("/api/v1/*")));
            assertThat(route).isEqualTo("/admin/upstreams/{name}/drain");
        }

        assertThat(spans(file)).extracting(s -> s.path("name").asText())
                .containsExactly("POST /admin/upstreams/{name}/drain", "GET /api/v1/carts/{cartId}");
    }

    @Test
    void givenARequestBeingServed_thenItsCallsOutAreNamedByItsRoute(@TempDir Path dir) throws Exception {
        AtomicReference<String> clientName = new AtomicReference<>();
        try (Telemetry telemetry = Telemetry.start("edge", "edge-1", dir.resolve("spans.jsonl"), Optional.empty())) {
            HttpTracing tracing = new HttpTracing(telemetry.openTelemetry(), ROUTES);
            tracing.serve("DELETE", "/api/v1/carts/c-1", HttpTracing.exchange(n -> null,
                    () -> clientName.set(HttpTracing.clientSpanName("DELETE")), 204));
        }

        assertThat(clientName.get()).isEqualTo("DELETE /api/v1/carts/{cartId}");
        assertThat(HttpTracing.clientSpanName("GET")).as("outside a request").isEqualTo("GET unmatched");
    }
}
