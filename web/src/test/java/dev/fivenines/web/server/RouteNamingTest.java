package dev.fivenines.web.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.web.testing.Scrape;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.telemetry.Telemetry;
import dev.fivenines.web.Http;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node server names every request by its route template, in its span and in its latency
 * histogram: a thousand carts are one span name and one series, not a thousand.
 */
class RouteNamingTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private int send(int port, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void givenAThousandCarts_whenEachGetsALine_thenOneSpanNameAndOneHistogramSeriesCoverThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spans-shop-1.jsonl");
        try (Telemetry telemetry = Telemetry.start("shop", "shop-1", file, Optional.empty())) {
            WebServer server = new NodeServer().port(0).tracing(new HttpTracing(telemetry.openTelemetry()))
                    .api(List.of(routes -> routes
                            .post("/naming-carts/{cartId}/lines", (req, res) -> Http.json(res, 201, Map.of("ok", true)))
                            .get("/naming-broken", (req, res) -> {
                                throw new IllegalStateException("a bug");
                            })))
                    .start();
            try {
                for (int i = 0; i < 1_000; i++) {
                    assertThat(send(server.port(), "POST", "/api/v1/naming-carts/cart-" + i + "/lines")).isEqualTo(201);
                }
                assertThat(send(server.port(), "GET", "/api/v1/naming-nothing/42")).isEqualTo(404);
                assertThat(send(server.port(), "GET", "/api/v1/naming-broken")).isEqualTo(500);

                String metrics = Scrape.metrics(server.port());
                String lines = "http_route=\"/api/v1/naming-carts/\\{cartId}/lines\"";
                assertThat(metrics).containsPattern("http_server_request_duration_seconds_count\\{[^}]*"
                        + "http_request_method=\"POST\"[^}]*http_response_status_class=\"2xx\"[^}]*" + lines + "[^}]*} 1000(\\.0)?");
                assertThat(metrics).containsPattern("http_server_request_duration_seconds_bucket\\{[^}]*" + lines
                        + "[^}]*le=\"10\\.0\"[^}]*} 1000(\\.0)?");
                assertThat(metrics).containsPattern("http_server_request_duration_seconds_count\\{[^}]*"
                        + "http_response_status_class=\"4xx\"[^}]*http_route=\"unmatched\"[^}]*} [1-9]");
                assertThat(metrics).containsPattern("http_server_request_duration_seconds_count\\{[^}]*"
                        + "http_response_status_class=\"5xx\"[^}]*http_route=\"/api/v1/naming-broken\"[^}]*} 1(\\.0)?");
                assertThat(metrics).doesNotContain("cart-1/lines");
            } finally {
                server.stop();
            }
        }

        List<JsonNode> spans = Scrape.spans(file);
        assertThat(new TreeSet<>(spans.stream().map(s -> s.path("name").asText()).toList())).containsExactly(
                "GET /api/v1/naming-broken", "GET unmatched", "POST /api/v1/naming-carts/{cartId}/lines");
        assertThat(spans.stream().filter(s -> s.path("name").asText().startsWith("POST"))
                .map(s -> s.path("attributes").path("url.path").asText()).distinct().count()).isEqualTo(1_000);
    }
}
