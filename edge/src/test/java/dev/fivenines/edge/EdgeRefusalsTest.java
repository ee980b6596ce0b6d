package dev.fivenines.edge;

import dev.fivenines.base.Problem;
import dev.fivenines.edge.admission.AdmissionMeters;
import dev.fivenines.edge.config.Traffic;
import dev.fivenines.web.server.NodeServer;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.admission.RejectReason;
import dev.fivenines.traffic.value.SessionTokens;
import dev.fivenines.web.Http;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening defect 1: a burst of requests the shop answers 503 because of what they contain (its
 * database refuses a NUL byte in a search) must limit the client that sent them, never lock buyers
 * out, never eject a shop, and every refusal shows on /metrics and in the shed log. The edge is
 * wired as Edge wires it (shipped traffic defaults), in front of two real shop servers; the
 * clients are told apart by X-Forwarded-For from a trusted proxy (the test's own loopback).
 */
class EdgeRefusalsTest {
    private static final String UPSTREAM_TAG = "edge-refusals-test";
    private static final String SCRAPER = "203.0.113.66";
    private static final String BUYER = "198.51.100.20";
    private final List<WebServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final UpstreamClient upstreams = UpstreamClient.create();
    private final AtomicInteger badSearches = new AtomicInteger();
    private final List<String> shedLines = new CopyOnWriteArrayList<>();
    private final Logger shedLog = Logger.getLogger("dev.fivenines.traffic.shed");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            shedLines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stop() {
        shedLog.removeHandler(capture);
        servers.forEach(WebServer::stop);
        upstreams.close();
    }

    /**
     * Answers one search, whatever text the shop's input checks let through, with 503 "database is not
     * answering", Retry-After 2: what the shop did for a NUL byte before it refused NULs itself, and
     * what any other request-caused failure that no check foresaw would look like.
     */
    private Upstream shop(String name) {
        WebServer server = new NodeServer().port(0)
                .api(List.of(routes -> routes
                        .get("/products", (req, res) -> {
                            if (req.query().rawValue().contains("q=poison")) {
                                badSearches.incrementAndGet();
                                Http.problem(res, Problem.unavailable("the shop's database is not answering; nothing was changed. "
                                        + "Retry shortly"), 2);
                            } else {
                                Http.json(res, 200, Map.of("items", List.of(), "servedBy", name));
                            }
                        })
                        .post("/carts", (req, res) -> Http.json(res, 201, Map.of("id", "c1")))
                        .post("/checkout", (req, res) -> Http.json(res, 201, Map.of("id", "o1")))))
                .start();
        servers.add(server);
        return new Upstream(name, URI.create("http://127.0.0.1:" + server.port()));
    }

    private HttpResponse<String> send(WebServer edge, String client, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
                .timeout(Duration.ofSeconds(10)).header("X-Forwarded-For", client)
                .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.getLast().port() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void givenOneClientsBurstOfSearchesTheShopAnswers503_thenOnlyThatClientIsHeldBack_buyersCheckOut_andEveryRefusalIsCounted()
            throws Exception {
        Traffic config = Traffic.builder().trustedProxies(List.of("127.0.0.1")).build();
        EdgeSessions sessions = new EdgeSessions(new SessionTokens("edge-refusals-test-key-32-bytes!!".getBytes(StandardCharsets.UTF_8),
                () -> System.currentTimeMillis() / 1000, new SplittableRandom(5)), EdgeSessions.Settings.defaults());
        EdgeTraffic traffic = Edge.traffic(config, System::nanoTime, sessions);
        AdmissionMeters.register(Metrics.globalRegistry(), UPSTREAM_TAG, traffic.admission());
        // Random 0: the throttle refuses whenever its probability is above zero, so nothing here is luck.
        UpstreamPool pool = new UpstreamPool("shop", List.of(shop("shop-1"), shop("shop-2")),
                Edge.policy(config, System::nanoTime, () -> 0.0));
        EdgeProxy proxy = new EdgeProxy(path -> pool, upstreams, new HttpTracing(OpenTelemetry.noop()), traffic);
        WebServer edge = new NodeServer().port(0).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
        servers.add(edge);
        shedLog.addHandler(capture);

        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> bad = send(edge, SCRAPER, "GET", "/api/v1/products?q=poison");
            assertThat(bad.statusCode()).isEqualTo(503);
            if (bad.body().contains("\"reason\":\"CLIENT_THROTTLE\"")) {
                throttled++;
                assertThat(bad.headers().firstValue("Retry-After")).isPresent();
            }
        }

        assertThat(badSearches.get()).as("the scraper is held back at the edge after its first refusals").isLessThan(5);
        assertThat(throttled).isEqualTo(200 - badSearches.get());
        for (String path : List.of("/api/v1/products?page=0", "/api/v1/carts", "/api/v1/checkout")) {
            String method = path.contains("products") ? "GET" : "POST";
            assertThat(send(edge, BUYER, method, path).statusCode()).as("buyer %s %s", method, path).isIn(200, 201);
        }
        assertThat(send(edge, SCRAPER, "POST", "/api/v1/checkout").statusCode())
                .as("checkout is never throttled while the shop answers, whoever asks").isEqualTo(201);
        assertThat(pool.all()).noneMatch(pool::ejected);
        assertThat(traffic.admission().metrics().rejectedCount(Criticality.SHEDDABLE_PLUS, RejectReason.CLIENT_THROTTLE))
                .isEqualTo(throttled);
        assertThat(scrape()).containsPattern("fivenines_admission_rejected_total\\{[^}]*criticality=\"SHEDDABLE_PLUS\""
                + "[^}]*reason=\"CLIENT_THROTTLE\"[^}]*upstream=\"" + UPSTREAM_TAG + "\"[^}]*} " + throttled + "(\\.0)?\\b");
        assertThat(shedLines).anySatisfy(line -> assertThat(line)
                .contains("reason=CLIENT_THROTTLE", "class=SHEDDABLE_PLUS", "GET /api/v1/products"));
    }
}
