package dev.fivenines.edge;

import dev.fivenines.web.server.NodeServer;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.ClientQuotas;
import dev.fivenines.traffic.admission.Decision;
import dev.fivenines.traffic.admission.Outcome;
import dev.fivenines.traffic.admission.Permit;
import dev.fivenines.traffic.admission.RejectReason;
import dev.fivenines.traffic.admission.Ticket;
import dev.fivenines.traffic.admission.TrustedProxies;
import dev.fivenines.traffic.value.OnlineLogisticRegression;
import dev.fivenines.traffic.value.SessionFeatures;
import dev.fivenines.traffic.value.SessionTokens;
import dev.fivenines.traffic.value.SessionValueModel;
import dev.fivenines.web.Http;
import io.helidon.http.HeaderNames;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The edge's traffic shaping against real HTTP servers: classification, shedding, quotas, drain, admin API. */
class EdgeTrafficTest {
    private static final String TOKEN = "edge-admin-test-token";
    private final List<WebServer> servers = new ArrayList<>();
    private final List<Permit> held = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final UpstreamClient upstreams = UpstreamClient.create();

    @AfterEach
    void stop() {
        held.forEach(p -> p.release(Outcome.IGNORED));
        servers.forEach(WebServer::stop);
        upstreams.close();
    }

    /** A shop that echoes who served it and the traffic headers it received. */
    private Upstream shop(String name) {
        WebServer server = new NodeServer().port(0)
                .api(List.of(routes -> routes
                        .get("/products", (req, res) -> Http.json(res, 200, echo(name, req)))
                        .get("/recommendations", (req, res) -> Http.json(res, 200, echo(name, req)))
                        .post("/checkout", (req, res) -> Http.json(res, 201, echo(name, req)))
                        .post("/carts/{id}/lines", (req, res) -> Http.json(res, 201, Map.of("id", "c1",
                                "total", Map.of("amount", "42.50", "currency", "USD"))))))
                .start();
        servers.add(server);
        return new Upstream(name, URI.create("http://127.0.0.1:" + server.port()));
    }

    private static Map<String, String> echo(String name, io.helidon.webserver.http.ServerRequest req) {
        return Map.of("servedBy", name,
                "criticality", req.headers().first(HeaderNames.create("X-Criticality")).orElse(""),
                "baggage", req.headers().first(HeaderNames.create("baggage")).orElse(""),
                "forwardedFor", String.join(" | ", req.headers().all(HeaderNames.create("X-Forwarded-For"), List::of)));
    }

    private WebServer edge(UpstreamPool pool, EdgeTraffic traffic) {
        EdgeProxy proxy = new EdgeProxy(path -> pool, upstreams, new HttpTracing(OpenTelemetry.noop()), traffic);
        EdgeAdmin admin = new EdgeAdmin(TOKEN, List.of(pool), traffic);
        WebServer edge = new NodeServer().port(0).routes(r -> {
            admin.routes(r);
            r.any("/api/v1/*", proxy::handle);
        }).start();
        servers.add(edge);
        return edge;
    }

    private static EdgeTraffic traffic(int limit, ClientQuotas quotas) {
        return traffic(limit, quotas, null);
    }

    private static EdgeTraffic traffic(int limit, ClientQuotas quotas, SessionValueModel values) {
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(limit).queueCapacity(0).build();
        return new EdgeTraffic(RouteClassifier.defaults(), AdmissionController.create(config, System::nanoTime), quotas, values,
                values == null ? null : sessions());
    }

    static EdgeSessions sessions() {
        return new EdgeSessions(new SessionTokens("edge-traffic-test-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8),
                () -> System.currentTimeMillis() / 1000, new SplittableRandom(11)), EdgeSessions.Settings.defaults());
    }

    /** A fresh session at the edge: its first page's Set-Cookie, as "name=value" for the next request's Cookie header. */
    private String newSession(WebServer edge) throws Exception {
        HttpResponse<String> first = send(edge, "GET", "/api/v1/products", null);
        assertThat(first.statusCode()).isEqualTo(200);
        return cookie(first, EdgeSessions.SESSION_COOKIE);
    }

    static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
    }

    static String sessionId(String cookie) {
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf('.'));
    }

    private static SessionValueModel valueModel() {
        return new SessionValueModel(new OnlineLogisticRegression(SessionFeatures.SIZE, 0.05, 0), System::nanoTime,
                3_600_000_000_000L, 100);
    }

    private HttpResponse<String> send(WebServer edge, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A shop whose every product page answers {@code status}, with Retry-After or without. */
    private Upstream failingShop(String name, int status, Integer retryAfter) {
        WebServer server = new NodeServer().port(0)
                .api(List.of(routes -> routes.get("/products", (req, res) -> Http.problem(res,
                        dev.fivenines.base.Problem.of(status, "test", "Test", name + " answers " + status), retryAfter))))
                .start();
        servers.add(server);
        return new Upstream(name, URI.create("http://127.0.0.1:" + server.port()));
    }

    @Test
    void givenAnInstanceThatShedsWithRetryAfter_thenItStaysInRotation_butOneThatAnswers500IsEjected() throws Exception {
        Upstream shedding = failingShop("shop-1", 503, 1);
        Upstream broken = failingShop("shop-1", 500, null);
        UpstreamPool shed = new UpstreamPool("shop", List.of(shedding, shop("shop-2")));
        UpstreamPool fail = new UpstreamPool("shop", List.of(broken, shop("shop-2")));
        WebServer toShedding = edge(shed, traffic(10, null));
        WebServer toBroken = edge(fail, traffic(10, null));

        for (int i = 0; i < 20; i++) {
            assertThat(send(toShedding, "GET", "/api/v1/products", null).statusCode()).isIn(200, 503);
            assertThat(send(toBroken, "GET", "/api/v1/products", null).statusCode()).isIn(200, 500);
        }

        assertThat(shed.ejected(shedding)).as("alive and shedding: admission's business, not an outlier").isFalse();
        // at least as many as the consecutive errors that eject (5) reached it
        assertThat(shed.overloadAnswers(shedding)).isGreaterThanOrEqualTo(5);
        assertThat(fail.ejected(broken)).as("fails while its peer succeeds").isTrue();
    }

    @Test
    void givenACheckoutTheUpstreamSeesItsClassInTheHeaderAndInBaggage() throws Exception {
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic(10, null));

        HttpResponse<String> response = send(edge, "POST", "/api/v1/checkout", "{}", "baggage", "tenant=acme");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("\"criticality\":\"CRITICAL_PLUS\"")
                .contains("tenant=acme,fivenines.criticality=CRITICAL_PLUS");
    }

    @Test
    void givenAClientClaimsAHigherClassTheEdgeKeepsTheRoutesClass() throws Exception {
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic(10, null));

        HttpResponse<String> response = send(edge, "GET", "/api/v1/recommendations", null,
                "X-Criticality", "CRITICAL_PLUS", "baggage", "fivenines.criticality=CRITICAL_PLUS");

        assertThat(response.body()).contains("\"criticality\":\"SHEDDABLE\"").contains("\"baggage\":\"fivenines.criticality=SHEDDABLE\"");
    }

    @Test
    void givenTheLimitIsHeldByCheckoutsBrowsingIsShedWith503ProblemAndRetryAfter() throws Exception {
        EdgeTraffic traffic = traffic(4, null);
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic);
        // SHEDDABLE_PLUS may fill 3 of 4 slots: three running checkouts leave it nothing
        for (int i = 0; i < 3; i++) {
            held.add(((Decision.Admitted) traffic.admission().offer(Ticket.of(Criticality.CRITICAL_PLUS))).permit());
        }

        HttpResponse<String> browse = send(edge, "GET", "/api/v1/products", null);
        HttpResponse<String> checkout = send(edge, "POST", "/api/v1/checkout", "{}");

        assertThat(browse.statusCode()).isEqualTo(503);
        assertThat(browse.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(browse.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(browse.body()).contains("\"type\":\"/problems/overloaded\"", "\"criticality\":\"SHEDDABLE_PLUS\"", "\"reason\":\"LIMIT\"");
        assertThat(checkout.statusCode()).isEqualTo(201);
        assertThat(traffic.admission().metrics().rejectedCount(Criticality.SHEDDABLE_PLUS, RejectReason.LIMIT)).isEqualTo(1);
        // The edge releases the permit after the response is written, so the client may see it first.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(traffic.admission().inflight()).as("the checkout's slot came back").isEqualTo(3));
    }

    @Test
    void givenRecommendationsHoldEveryOneOfTheirSlotsProductPagesStillGoThroughToTheShops() throws Exception {
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(4).queueCapacity(0).build();
        AdmissionController shopsAdmission = AdmissionController.create(config, System::nanoTime);
        AdmissionController recsAdmission = AdmissionController.create(config, System::nanoTime);
        EdgeTraffic traffic = new EdgeTraffic(RouteClassifier.defaults(), shopsAdmission, null, null,
                Map.of("recommendations", recsAdmission), null, null);
        UpstreamPool shops = new UpstreamPool("shop", List.of(shop("shop-1")));
        UpstreamPool recs = new UpstreamPool("recommendations", List.of(shop("recs-1")));
        EdgeProxy proxy = new EdgeProxy(path -> path.contains("recommendations") ? recs : shops, upstreams,
                new HttpTracing(OpenTelemetry.noop()), traffic);
        WebServer edge = new NodeServer().port(0).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
        servers.add(edge);
        // Slow recommendations fill their own class share (SHEDDABLE: half of 4) and stay there.
        for (int i = 0; i < 2; i++) {
            held.add(((Decision.Admitted) recsAdmission.offer(Ticket.of(Criticality.SHEDDABLE))).permit());
        }

        HttpResponse<String> moreRecs = send(edge, "GET", "/api/v1/recommendations", null);
        HttpResponse<String> product = send(edge, "GET", "/api/v1/products", null);

        assertThat(moreRecs.statusCode()).isEqualTo(503);
        assertThat(product.statusCode()).isEqualTo(200);
        assertThat(traffic.allAdmissions()).containsExactly(shopsAdmission, recsAdmission);
        assertThat(shopsAdmission.metrics().rejectedCount(Criticality.SHEDDABLE_PLUS, RejectReason.LIMIT)).isZero();
    }

    @Test
    void givenAClientOverItsQuotaItGets429WithRetryAfter() throws Exception {
        EdgeTraffic traffic = traffic(10, new ClientQuotas(0.5, 2, 100, System::nanoTime));
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic);

        assertThat(send(edge, "GET", "/api/v1/products", null).statusCode()).isEqualTo(200);
        assertThat(send(edge, "GET", "/api/v1/products", null).statusCode()).isEqualTo(200);
        HttpResponse<String> third = send(edge, "GET", "/api/v1/products", null);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(third.body()).contains("/problems/too-many-requests");
    }

    @Test
    void givenAForwardedFor_theEdgeAppendsItsPeer_andQuotasKeyOnTheClientBehindATrustedProxyOnly() throws Exception {
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(10).queueCapacity(0).build();
        UpstreamPool pool = new UpstreamPool("shop", List.of(shop("shop-1")));
        EdgeTraffic behindProxy = new EdgeTraffic(RouteClassifier.defaults(), AdmissionController.create(config, System::nanoTime),
                new ClientQuotas(0.001, 1, 100, System::nanoTime), null, Map.of(),
                TrustedProxies.parse("traffic.trustedProxies", List.of("127.0.0.0/8")), null);
        EdgeTraffic direct = new EdgeTraffic(RouteClassifier.defaults(), AdmissionController.create(config, System::nanoTime),
                new ClientQuotas(0.001, 1, 100, System::nanoTime), null, Map.of(), TrustedProxies.none(), null);
        WebServer viaProxy = edge(pool, behindProxy);
        WebServer noProxy = edge(pool, direct);

        HttpResponse<String> a = send(viaProxy, "GET", "/api/v1/products", null, "X-Forwarded-For", "192.0.2.9, 203.0.113.1");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.body()).contains("\"forwardedFor\":\"192.0.2.9, 203.0.113.1, 127.0.0.1\"");
        assertThat(send(viaProxy, "GET", "/api/v1/products", null, "X-Forwarded-For", "203.0.113.1").statusCode())
                .as("the same client behind the proxy: its one token is spent").isEqualTo(429);
        assertThat(send(viaProxy, "GET", "/api/v1/products", null, "X-Forwarded-For", "203.0.113.2").statusCode())
                .as("another client behind the same proxy has its own quota").isEqualTo(200);

        HttpResponse<String> first = send(noProxy, "GET", "/api/v1/products", null);
        assertThat(first.body()).contains("\"forwardedFor\":\"127.0.0.1\"");
        assertThat(send(noProxy, "GET", "/api/v1/products", null, "X-Forwarded-For", "203.0.113.2").statusCode())
                .as("no trusted proxy: the header names nobody, the socket peer is the client").isEqualTo(429);
    }

    @Test
    void givenForcedSheddingThroughTheAdminApiOnlyCriticalAndAboveGetThrough() throws Exception {
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic(10, null));

        assertThat(send(edge, "PUT", "/admin/traffic/shedding", "{\"shedBelow\":\"CRITICAL\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> set = send(edge, "PUT", "/admin/traffic/shedding", "{\"shedBelow\":\"CRITICAL\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"shedBelow\":\"CRITICAL\"");

        assertThat(send(edge, "GET", "/api/v1/products", null).body()).contains("\"reason\":\"FORCED_SHED\"");
        assertThat(send(edge, "POST", "/api/v1/checkout", "{}").statusCode()).isEqualTo(201);

        HttpResponse<String> bad = send(edge, "PUT", "/admin/traffic/shedding", "{\"shedBelow\":\"MOST\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("shedBelow");
    }

    @Test
    void givenABrowseShedAndACheckoutServed_theTrafficStatusCountsThemByClassAndTimesTheCheckout() throws Exception {
        UpstreamPool pool = new UpstreamPool("shop", List.of(shop("shop-1")));
        EdgeTraffic traffic = traffic(10, null);
        EdgeProxy proxy = new EdgeProxy(path -> pool, upstreams, new HttpTracing(OpenTelemetry.noop()), traffic);
        EdgeAdmin admin = new EdgeAdmin(dev.fivenines.edge.console.AdminAccess.bearerOnly(TOKEN), List.of(pool), traffic,
                proxy.checkoutLatency());
        WebServer edge = new NodeServer().port(0).routes(r -> {
            admin.routes(r);
            r.any("/api/v1/*", proxy::handle);
        }).start();
        servers.add(edge);
        assertThat(send(edge, "PUT", "/admin/traffic/shedding", "{\"shedBelow\":\"CRITICAL\"}",
                "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

        assertThat(send(edge, "GET", "/api/v1/products", null).statusCode()).isEqualTo(503);
        assertThat(send(edge, "POST", "/api/v1/checkout", "{}").statusCode()).isEqualTo(201);

        HttpResponse<String> status = send(edge, "GET", "/admin/traffic", null, "Authorization", "Bearer " + TOKEN);
        assertThat(status.statusCode()).isEqualTo(200);
        var body = dev.fivenines.base.Json.mapper().readTree(status.body());
        assertThat(body.path("byClass").path("CRITICAL_PLUS").path("admitted").asLong()).isEqualTo(1);
        long rejected = 0;
        for (var c : body.path("byClass")) {
            rejected += c.path("rejected").asLong();
        }
        assertThat(rejected).as("the shed product page").isEqualTo(1);
        assertThat(body.path("checkoutLatency").path("count").asLong()).isEqualTo(1);
        assertThat(body.path("checkoutLatency").path("failed").asLong()).isZero();
        assertThat(body.path("checkoutLatency").path("p99Millis").isNumber()).isTrue();
    }

    @Test
    void givenAnInstanceIsDrainedThroughTheAdminApiItGetsNoNewRequestsUntilUndrained() throws Exception {
        Upstream one = shop("shop-1");
        Upstream two = shop("shop-2");
        WebServer edge = edge(new UpstreamPool("shop", List.of(one, two)), traffic(10, null));

        assertThat(send(edge, "POST", "/admin/upstreams/shop-1/drain", null, "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(send(edge, "GET", "/api/v1/products", null).body()).contains("\"servedBy\":\"shop-2\"");
        }
        assertThat(one.requests()).isZero();

        send(edge, "POST", "/admin/upstreams/shop-1/undrain", null, "Authorization", "Bearer " + TOKEN);
        for (int i = 0; i < 4; i++) {
            send(edge, "GET", "/api/v1/products", null);
        }
        assertThat(one.requests()).isEqualTo(2);
        assertThat(send(edge, "POST", "/admin/upstreams/shop-9/drain", null, "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void givenAdmissionIsTurnedOffThroughTheAdminApiTheStatusSaysSo() throws Exception {
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic(10, null));

        HttpResponse<String> off = send(edge, "PUT", "/admin/traffic/admission", "{\"enabled\":false}",
                "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> status = send(edge, "GET", "/admin/traffic", null, "Authorization", "Bearer " + TOKEN);

        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"mode\":\"OFF\"", "\"enabled\":false", "\"limit\":10", "\"shop-1\"");

        HttpResponse<String> bulkhead = send(edge, "PUT", "/admin/traffic/admission", "{\"mode\":\"bulkhead\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(bulkhead.statusCode()).isEqualTo(200);
        assertThat(bulkhead.body()).contains("\"mode\":\"BULKHEAD\"");

        HttpResponse<String> bad = send(edge, "PUT", "/admin/traffic/admission", "{\"mode\":\"fast\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("must be one of [adaptive, bulkhead, off]");
        assertThat(send(edge, "PUT", "/admin/traffic/admission", "{\"mode\":\"off\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void givenASessionThatChecksOutTheValueModelLearnsAPurchaseFromIt() throws Exception {
        SessionValueModel values = valueModel();
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic(10, null, values));

        String s1 = newSession(edge);
        newSession(edge);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(values.tracked()).isEqualTo(2));
        assertThat(send(edge, "POST", "/api/v1/checkout", "{}", "Cookie", s1).statusCode()).isEqualTo(201);

        // The edge learns from the outcome after it has answered the client.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(values.positives()).isEqualTo(1);
            assertThat(values.tracked()).isEqualTo(1);
        });
    }

    @Test
    void givenOneSessionsFirstPageIsShedAndAnothersIsServedOnlyTheServedSessionIsUnderWay() throws Exception {
        SessionValueModel values = valueModel();
        EdgeTraffic traffic = traffic(4, null, values);
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic);
        for (int i = 0; i < 3; i++) {
            held.add(((Decision.Admitted) traffic.admission().offer(Ticket.of(Criticality.CRITICAL_PLUS))).permit());
        }
        HttpResponse<String> shedPage = send(edge, "GET", "/api/v1/products", null);
        assertThat(shedPage.statusCode()).isEqualTo(503);
        String shed = sessionId(cookie(shedPage, EdgeSessions.SESSION_COOKIE));
        held.forEach(p -> p.release(Outcome.SUCCESS));
        held.clear();

        String served = sessionId(newSession(edge));

        assertThat(values.rank(served, 0, 0, false).underWay()).isTrue();
        assertThat(values.rank(shed, 0, 0, false).underWay()).isFalse();
        assertThat(values.censoredSessions()).as("the shed session will teach the model nothing").isEqualTo(1);
    }

    @Test
    void givenTheShopFailsASessionsRequestTheSessionTeachesTheValueModelNothing() throws Exception {
        SessionValueModel values = valueModel();
        WebServer edge = edge(new UpstreamPool("shop", List.of(failingShop("shop-1", 500, null))), traffic(10, null, values));

        assertThat(send(edge, "GET", "/api/v1/products", null).statusCode()).isEqualTo(500);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(values.censoredSessions()).isEqualTo(1));
        assertThat(values.tracked()).as("still tracked, for its rank").isEqualTo(1);
        HttpResponse<String> status = send(edge, "GET", "/admin/traffic", null, "Authorization", "Bearer " + TOKEN);
        assertThat(status.body()).contains("\"valueModel\":{\"positives\":0,\"negatives\":0,\"censored\":1,\"tracked\":1");
    }

    @Test
    void givenASessionAddsToItsCartTheValueModelLearnsTheCartsTotalFromTheShopsAnswer() throws Exception {
        SessionValueModel values = valueModel();
        WebServer edge = edge(new UpstreamPool("shop", List.of(shop("shop-1"))), traffic(10, null, values));

        HttpResponse<String> added = send(edge, "POST", "/api/v1/carts/c1/lines", "{\"productId\":\"p1\",\"quantity\":1}");
        String session = sessionId(cookie(added, EdgeSessions.SESSION_COOKIE));

        assertThat(added.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(values.features(session))
                .hasValueSatisfying(f -> {
                    assertThat(f.cartValueMinor()).isEqualTo(4250);
                    assertThat(f.checkoutStage()).isEqualTo(2);
                }));
    }

    @Test
    void givenARequestPathTheCheckoutStageFollowsThePurchase() {
        assertThat(EdgeProxy.checkoutStage("GET", "/api/v1/products/p1")).isZero();
        assertThat(EdgeProxy.checkoutStage("POST", "/api/v1/carts")).isEqualTo(1);
        assertThat(EdgeProxy.checkoutStage("PUT", "/api/v1/carts/c1/lines/p1")).isEqualTo(2);
        assertThat(EdgeProxy.checkoutStage("POST", "/api/v1/checkout")).isEqualTo(3);
    }
}
