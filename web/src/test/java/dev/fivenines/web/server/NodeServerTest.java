package dev.fivenines.web.server;

import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.Http;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class NodeServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthMetricsAndTheApiAndAnswersUnknownApiRoutesWithAProblem() throws Exception {
        server = new NodeServer().port(0).tracing(new HttpTracing(OpenTelemetry.noop()))
                .api(List.of(routes -> routes.get("/hello", (req, res) -> Http.json(res, 200, java.util.Map.of("hi", 1)))))
                .start();

        assertThat(get("/api/v1/hello").body()).isEqualTo("{\"hi\":1}");
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/observe/health/ready").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
        HttpResponse<String> unknown = get("/api/v1/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> outsideTheApi = get("/admin/nothing-here");
        assertThat(outsideTheApi.statusCode()).isEqualTo(404);
        assertThat(outsideTheApi.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(outsideTheApi.body()).contains("no endpoint GET /admin/nothing-here");
    }

    @Test
    void acceptsConnectionsWithNaglesAlgorithmOff() {
        server = new NodeServer().port(0).start();

        assertThat(server.prototype().connectionOptions().tcpNoDelay())
                .as("TCP_NODELAY on accepted connections (else ~40 ms per kept-alive request)").isTrue();
    }

    @Test
    void readinessFollowsTheRegisteredChecks() throws Exception {
        AtomicBoolean databaseUp = new AtomicBoolean(false);
        server = new NodeServer().port(0).readiness("database", databaseUp::get).start();

        assertThat(get("/observe/health/ready").statusCode()).isEqualTo(503);
        databaseUp.set(true);
        assertThat(get("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
    }
}
