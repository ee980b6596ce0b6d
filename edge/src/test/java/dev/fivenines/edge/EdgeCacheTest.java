package dev.fivenines.edge;

import dev.fivenines.edge.cache.ResponseCache;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.Caching;
import dev.fivenines.web.EntityTag;
import dev.fivenines.web.Http;
import dev.fivenines.web.server.NodeServer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge's response cache between a real client and a real upstream, on a controlled clock. */
class EdgeCacheTest {
    private static final EntityTag TAG = EntityTag.weakOf().add("sku-1").build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicInteger shopCalls = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final ResponseCache cache = new ResponseCache(ResponseCache.Settings.defaults());
    private final UpstreamClient client = UpstreamClient.create();
    private final List<String> ifNoneMatchSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private WebServer shop;
    private WebServer edge;

    @BeforeEach
    void start() {
        shop = new NodeServer().port(0).api(List.of(routes -> routes
                .get("/products/{id}", (req, res) -> {
                    shopCalls.incrementAndGet();
                    ifNoneMatchSeen.add(req.headers().first(HeaderNames.IF_NONE_MATCH).orElse("-"));
                    Caching.answer(req, res, TAG, "public, max-age=2", () -> Map.of("id", "sku-1"));
                })
                .get("/carts/{id}", (req, res) -> {
                    shopCalls.incrementAndGet();
                    Http.json(res, 200, Map.of("id", "cart"));
                })
                .get("/promo", (req, res) -> {
                    shopCalls.incrementAndGet();
                    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=60");
                    res.headers().add(HeaderNames.SET_COOKIE, "promo=1");
                    Http.json(res, 200, Map.of("promo", true));
                })
                .get("/broken", (req, res) -> {
                    shopCalls.incrementAndGet();
                    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=60");
                    Http.json(res, 500, Map.of("broken", true));
                }))).start();
        Upstream upstream = new Upstream("shop-1", URI.create("http://127.0.0.1:" + shop.port()));
        UpstreamPool pool = new UpstreamPool("shop", List.of(upstream));
        EdgeProxy proxy = new EdgeProxy(path -> pool, client, new HttpTracing(OpenTelemetry.noop()),
                EdgeTraffic.passThrough(), new EdgeCache(cache, nanos::get));
        edge = new NodeServer().port(0).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
    }

    @AfterEach
    void stop() {
        edge.stop();
        shop.stop();
        client.close();
    }

    private HttpResponse<String> send(String method, String target, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + target))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenAPublicProductPage_whenAskedTwiceWithinItsMaxAge_thenTheSecondIsAnsweredByTheEdgeWithItsAge() throws Exception {
        HttpResponse<String> first = send("GET", "/api/v1/products/sku-1");
        nanos.addAndGet(Duration.ofMillis(1500).toNanos());
        HttpResponse<String> second = send("GET", "/api/v1/products/sku-1");

        assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(second.headers().firstValue("Age")).hasValue("1");
        assertThat(second.headers().firstValue("ETag")).hasValue(TAG.header());
        assertThat(second.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(second.body()).isEqualTo(first.body()).contains("sku-1");
        assertThat(send("HEAD", "/api/v1/products/sku-1").headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(shopCalls).hasValue(1);
        assertThat(cache.hits()).isEqualTo(2);

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(send("GET", "/api/v1/products/sku-1").headers().firstValue("X-Cache")).as("max-age spent").hasValue("MISS");
        assertThat(shopCalls).hasValue(2);
    }

    @Test
    void givenTheClientHoldsTheTag_whenItAsks_thenTheEdgeAnswers304OnAHitAndOnAMissAsksTheShopForTheWholeAnswer() throws Exception {
        HttpResponse<String> miss = send("GET", "/api/v1/products/sku-1", "If-None-Match", TAG.header());
        HttpResponse<String> hit = send("GET", "/api/v1/products/sku-1", "If-None-Match", TAG.header());

        assertThat(miss.statusCode()).isEqualTo(304);
        assertThat(miss.body()).isEmpty();
        assertThat(miss.headers().firstValue("ETag")).hasValue(TAG.header());
        assertThat(miss.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");
        assertThat(ifNoneMatchSeen).as("the shop was asked for the body, to be kept").containsExactly("-");
        assertThat(hit.statusCode()).isEqualTo(304);
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(send("GET", "/api/v1/products/sku-1", "If-None-Match", "W/\"other\"").statusCode())
                .as("another tag: the body").isEqualTo(200);
        assertThat(shopCalls).hasValue(1);
    }

    @Test
    void givenAnswersTheEdgeMustNotKeep_whenAskedTwice_thenEachGoesToTheShop() throws Exception {
        for (String target : List.of("/api/v1/carts/c1", "/api/v1/promo", "/api/v1/broken")) {
            send("GET", target);
            HttpResponse<String> again = send("GET", target);
            assertThat(again.headers().firstValue("X-Cache")).as(target).hasValue("MISS");
        }
        assertThat(shopCalls).hasValue(6);
        assertThat(send("GET", "/api/v1/carts/c1").headers().firstValue("Cache-Control")).hasValue("private, no-store");
        assertThat(cache.entries()).isZero();
    }

    @Test
    void givenAuthorizationOrAClientThatAsksTheOrigin_whenAsked_thenTheShopAnswers() throws Exception {
        send("GET", "/api/v1/products/sku-1");

        HttpResponse<String> withCredentials = send("GET", "/api/v1/products/sku-1", "Authorization", "Bearer t");
        HttpResponse<String> noCache = send("GET", "/api/v1/products/sku-1", "Cache-Control", "no-cache");

        assertThat(withCredentials.headers().firstValue("X-Cache")).isEmpty();
        assertThat(noCache.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(shopCalls).hasValue(3);
    }

    @Test
    void givenTheEdgeIssuesSessions_whenAPublicAnswerGoesOutWithItsCookie_thenItSaysPrivateOnAMissAndOnAHit() throws Exception {
        EdgeSessions sessions = EdgeSessions.fromEnvironment(Map.of(EdgeSessions.KEY_ENV, "k".repeat(32)),
                EdgeSessions.Settings.defaults(), () -> 1_000_000L, new java.security.SecureRandom());
        EdgeTraffic base = EdgeTraffic.passThrough();
        EdgeTraffic withSessions = new EdgeTraffic(base.classifier(), base.admission(), null,
                new dev.fivenines.traffic.value.SessionValueModel(new dev.fivenines.traffic.value.OnlineLogisticRegression(
                        dev.fivenines.traffic.value.SessionFeatures.SIZE, 0.05, 1e-4), nanos::get, Duration.ofMinutes(30).toNanos(), 1000),
                sessions);
        UpstreamPool pool = new UpstreamPool("shop", List.of(new Upstream("shop-1", URI.create("http://127.0.0.1:" + shop.port()))));
        EdgeProxy proxy = new EdgeProxy(path -> pool, client, new HttpTracing(OpenTelemetry.noop()), withSessions,
                new EdgeCache(cache, nanos::get));
        WebServer sessionEdge = new NodeServer().port(0).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
        try {
            for (String expected : List.of("MISS", "HIT")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sessionEdge.port()
                        + "/api/v1/products/sku-1")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.headers().firstValue("X-Cache")).hasValue(expected);
                assertThat(answer.headers().firstValue("Set-Cookie")).as(expected).isPresent();
                assertThat(answer.headers().firstValue("Cache-Control")).as(expected).hasValue("private, max-age=2");
            }
        } finally {
            sessionEdge.stop();
        }
    }

    @Test
    void givenTheEdgeIssuesASessionCookie_whenAPublicAnswerCarriesIt_thenItIsPrivateForCachesInFront() {
        io.helidon.http.ServerResponseHeaders headers = io.helidon.http.ServerResponseHeaders.create();
        headers.set(HeaderNames.CACHE_CONTROL, "public, max-age=2");
        headers.add(HeaderNames.SET_COOKIE, "fivenines_session=x");

        EdgeCache.keepCookiesPrivate(headers);

        assertThat(headers.first(HeaderNames.CACHE_CONTROL)).hasValue("private, max-age=2");
    }
}
