package dev.fivenines.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.commerce.http.DocumentedRoutes;
import dev.fivenines.web.server.NodeServer;
import dev.fivenines.web.testing.Scrape;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.telemetry.RouteTemplates;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge serves no route of its own under /api/v1 (one catch-all forwards them all), so it names
 * requests by the documented API's templates: its SERVER span, its CLIENT span to the shop and the
 * shop's SERVER span all carry the same template for a thousand different carts.
 */
class EdgeRouteNamesTest {
    @Test
    void givenAThousandCartsThroughTheEdge_thenEdgeAndShopSpansShareOneTemplateName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spans.jsonl");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (Telemetry telemetry = Telemetry.start("edge", "edge-1", file, Optional.empty());
             UpstreamClient client = UpstreamClient.create()) {
            HttpTracing tracing = new HttpTracing(telemetry.openTelemetry(), RouteTemplates.of(DocumentedRoutes.templates()));
            WebServer shop = new NodeServer().port(0).tracing(tracing)
                    .api(List.of(routes -> routes.get("/carts/{cartId}", (req, res) -> Http.json(res, 200, Map.of("lines", List.of())))))
                    .start();
            UpstreamPool pool = new UpstreamPool("shop", List.of(new Upstream("shop-1", URI.create("http://127.0.0.1:" + shop.port()))));
            EdgeProxy proxy = new EdgeProxy(path -> pool, client, tracing);
            WebServer edge = new NodeServer().port(0).tracing(tracing).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
            try {
                for (int i = 0; i < 1_000; i++) {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + edge.port() + "/api/v1/carts/cart-" + i))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                    assertThat(response.statusCode()).isEqualTo(200);
                }
            } finally {
                edge.stop();
                shop.stop();
            }
        }

        List<JsonNode> spans = Scrape.spans(file);
        assertThat(spans).hasSize(3_000);
        assertThat(spans).extracting(s -> s.path("name").asText()).containsOnly("GET /api/v1/carts/{cartId}");
        assertThat(spans).filteredOn(s -> s.path("kind").asText().equals("CLIENT")).hasSize(1_000)
                .allSatisfy(s -> assertThat(s.path("attributes").path("url.template").asText()).isEqualTo("/api/v1/carts/{cartId}"));
        assertThat(spans).filteredOn(s -> s.path("kind").asText().equals("SERVER")).hasSize(2_000)
                .allSatisfy(s -> assertThat(s.path("attributes").path("http.route").asText()).isEqualTo("/api/v1/carts/{cartId}"));
    }
}
