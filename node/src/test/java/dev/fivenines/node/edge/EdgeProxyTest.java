package dev.fivenines.node.edge;

import dev.fivenines.node.server.NodeServer;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.Http;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge against real HTTP servers: one alive, one whose port refuses connections. */
class EdgeProxyTest {
    private final List<WebServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @AfterEach
    void stop() {
        servers.forEach(WebServer::stop);
    }

    private WebServer shop(String name) {
        WebServer server = new NodeServer().port(0)
                .api(List.of(routes -> routes.post("/carts", (req, res) -> Http.json(res, 201,
                        Map.of("servedBy", name, "traceparent", req.headers().first(io.helidon.http.HeaderNames.create("traceparent")).orElse(""))))))
                .start();
        servers.add(server);
        return server;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private WebServer edge(UpstreamPool pool) {
        EdgeProxy proxy = new EdgeProxy(path -> pool, http, new HttpTracing(OpenTelemetry.noop()));
        WebServer edge = new NodeServer().port(0).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
        servers.add(edge);
        return edge;
    }

    private HttpResponse<String> post(WebServer edge, String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenOneInstanceIsDeadEveryRequestIsServedByTheLiveOneAndTheDeadOneIsMarkedDown() throws Exception {
        WebServer live = shop("live");
        Upstream dead = new Upstream("shop-dead", URI.create("http://127.0.0.1:" + closedPort()));
        Upstream alive = new Upstream("shop-live", URI.create("http://127.0.0.1:" + live.port()));
        WebServer edge = edge(new UpstreamPool("shop", List.of(dead, alive)));

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = post(edge, "/api/v1/carts", new byte[0]);
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).contains("\"servedBy\":\"live\"");
        }
        assertThat(dead.healthy()).isFalse();
        assertThat(alive.requests()).isEqualTo(4);
    }

    @Test
    void givenNoInstanceCanBeReachedTheAnswerIs503WithRetryAfter() throws Exception {
        Upstream dead = new Upstream("shop-dead", URI.create("http://127.0.0.1:" + closedPort()));
        WebServer edge = edge(new UpstreamPool("shop", List.of(dead)));

        HttpResponse<String> response = post(edge, "/api/v1/carts", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("no shop instance could take the request");
    }

    @Test
    void aBodyOverTheEdgeLimitIsRefusedWith413BeforeAnyUpstreamSeesIt() throws Exception {
        WebServer live = shop("live");
        Upstream alive = new Upstream("shop-live", URI.create("http://127.0.0.1:" + live.port()));
        WebServer edge = edge(new UpstreamPool("shop", List.of(alive)));

        HttpResponse<String> response = post(edge, "/api/v1/carts", new byte[EdgeProxy.MAX_BODY_BYTES + 1]);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(alive.requests()).isZero();
    }
}
