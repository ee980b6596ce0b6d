package dev.fivenines.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.ConfigException;
import dev.fivenines.base.Json;
import dev.fivenines.web.server.NodeServer;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.value.OnlineLogisticRegression;
import dev.fivenines.traffic.value.SessionFeatures;
import dev.fivenines.traffic.value.SessionTokens;
import dev.fivenines.traffic.value.SessionValueModel;
import dev.fivenines.web.Http;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session identity the edge issues, through real HTTP: the client's headers claim nothing, an
 * unknown, forged, unsigned or expired cookie gets a fresh session and exactly the prior, and
 * "returning customer" is what the edge attested after a checkout it relayed.
 */
class EdgeSessionsTest {
    private static final byte[] KEY = "edge-sessions-test-key-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    /** A first page of a new session: what any unknown visitor is scored as. */
    private static final SessionFeatures PRIOR = new SessionFeatures(0, 0, false, 1, true);
    private static final SessionFeatures RETURNING_FIRST_PAGE = new SessionFeatures(0, 0, true, 1, true);

    private final List<WebServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final UpstreamClient upstreams = UpstreamClient.create();
    private final AtomicLong epochSeconds = new AtomicLong(1_900_000_000L);
    private final SessionTokens tokens = new SessionTokens(KEY, epochSeconds::get, new SplittableRandom(3));
    private SessionValueModel values;
    private WebServer edge;

    @BeforeEach
    void start() {
        values = new SessionValueModel(new OnlineLogisticRegression(SessionFeatures.SIZE, 0.2, 0), System::nanoTime,
                3_600_000_000_000L, 1_000);
        // Taught that returning visitors buy and new ones do not, so a false "returning" would show.
        for (int i = 0; i < 300; i++) {
            values.regression().update(RETURNING_FIRST_PAGE.vector(), true);
            values.regression().update(PRIOR.vector(), false);
        }
        WebServer shop = new NodeServer().port(0)
                .api(List.of(routes -> routes
                        .get("/products", (req, res) -> Http.json(res, 200, echo(req)))
                        .post("/checkout", (req, res) -> Http.json(res, 201, echo(req)))))
                .start();
        servers.add(shop);
        UpstreamPool pool = new UpstreamPool("shop", List.of(new Upstream("shop-1", URI.create("http://127.0.0.1:" + shop.port()))));
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(10).queueCapacity(0).build();
        EdgeTraffic traffic = new EdgeTraffic(RouteClassifier.defaults(), AdmissionController.create(config, System::nanoTime),
                null, values, new EdgeSessions(tokens, EdgeSessions.Settings.defaults()));
        EdgeProxy proxy = new EdgeProxy(path -> pool, upstreams, new HttpTracing(OpenTelemetry.noop()), traffic);
        edge = new NodeServer().port(0).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
        servers.add(edge);
    }

    @AfterEach
    void stop() {
        servers.forEach(WebServer::stop);
        upstreams.close();
    }

    private static Map<String, String> echo(io.helidon.webserver.http.ServerRequest req) {
        return Map.of("session", req.headers().first(HeaderNames.create("X-Session-Id")).orElse(""),
                "returning", req.headers().first(HeaderNames.create("X-Returning-Customer")).orElse(""));
    }

    private HttpResponse<String> get(String... headers) throws Exception {
        return send("GET", "/api/v1/products", headers);
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isIn(200, 201);
        return response;
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    /** What the value model holds for the session the shop was told about, scored. */
    private SessionFeatures tracked(HttpResponse<String> response) throws Exception {
        String session = body(response).get("session").asText();
        return values.features(session).orElseThrow(() -> new AssertionError("session " + session + " is not tracked"));
    }

    @Test
    void givenClaimsInHeadersOrCookiesTheEdgeDidNotSign_eachRequestStartsAFreshSessionScoredExactlyAsThePrior() throws Exception {
        String signedAsSession = tokens.issue(SessionTokens.Kind.SESSION, "someoneElse", epochSeconds.get() + 600);
        String expired = tokens.issue(SessionTokens.Kind.SESSION, "oldSession", epochSeconds.get() - 1);
        String expiredCustomer = tokens.issue(SessionTokens.Kind.CUSTOMER, "oldBuyer", epochSeconds.get() - 1);
        List<String[]> claims = List.of(
                new String[]{"X-Session-Id", "returning-buyer-1", "X-Returning-Customer", "true"},
                new String[]{"Cookie", "fivenines_session=forged.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; "
                        + "fivenines_customer=forged.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                new String[]{"Cookie", "fivenines_session=plainSessionId", "X-Returning-Customer", "true"},
                new String[]{"Cookie", "fivenines_session=" + expired + "; fivenines_customer=" + expiredCustomer},
                new String[]{"Cookie", "fivenines_customer=" + signedAsSession});

        for (String[] claim : claims) {
            HttpResponse<String> response = get(claim);
            String session = body(response).get("session").asText();

            assertThat(session).as("the shop hears the edge's session, not the claim %s", List.of(claim))
                    .isNotIn("returning-buyer-1", "forged", "plainSessionId", "oldSession", "someoneElse")
                    .hasSize(22);
            assertThat(EdgeTrafficTest.sessionId(EdgeTrafficTest.cookie(response, EdgeSessions.SESSION_COOKIE))).isEqualTo(session);
            assertThat(body(response).get("returning").asText()).as("the claim is not forwarded").isEmpty();
            assertThat(tracked(response)).as("claim %s", List.of(claim)).isEqualTo(PRIOR);
            assertThat(values.score(tracked(response))).isEqualTo(values.score(PRIOR));
        }
        assertThat(values.score(PRIOR)).as("the model does tell them apart").isLessThan(values.score(RETURNING_FIRST_PAGE) - 0.3);
    }

    @Test
    void givenAValidSessionCookie_theSessionContinues_underTheEdgesId() throws Exception {
        HttpResponse<String> first = get();
        String cookie = EdgeTrafficTest.cookie(first, EdgeSessions.SESSION_COOKIE);

        HttpResponse<String> second = get("Cookie", "other=1; " + cookie, "X-Session-Id", "claimed");

        assertThat(body(second).get("session").asText()).isEqualTo(body(first).get("session").asText());
        assertThat(second.headers().allValues("Set-Cookie")).as("half its lifetime is left: not re-issued").isEmpty();
        assertThat(tracked(second).requestsSeen()).isEqualTo(2);
    }

    @Test
    void givenASessionsTokenIsPastHalfItsLife_theEdgeRenewsItForTheSameSession() throws Exception {
        HttpResponse<String> first = get();
        String cookie = EdgeTrafficTest.cookie(first, EdgeSessions.SESSION_COOKIE);
        epochSeconds.addAndGet(EdgeSessions.Settings.DEFAULT_TTL_SECONDS / 2 + 1);

        HttpResponse<String> later = get("Cookie", cookie);

        String renewed = EdgeTrafficTest.cookie(later, EdgeSessions.SESSION_COOKIE);
        assertThat(renewed).isNotEqualTo(cookie);
        assertThat(EdgeTrafficTest.sessionId(renewed)).isEqualTo(body(first).get("session").asText());
    }

    @Test
    void givenTheEdgeRelayedASuccessfulCheckout_theBrowserIsAttestedAsACustomer_andItsNextVisitIsAReturningOne() throws Exception {
        String session = EdgeTrafficTest.cookie(get(), EdgeSessions.SESSION_COOKIE);
        HttpResponse<String> checkout = send("POST", "/api/v1/checkout", "Cookie", session);
        String customer = EdgeTrafficTest.cookie(checkout, EdgeSessions.CUSTOMER_COOKIE);
        assertThat(checkout.headers().allValues("Set-Cookie")).anySatisfy(c ->
                assertThat(c).startsWith(EdgeSessions.CUSTOMER_COOKIE + "=").contains("Max-Age=" + 90 * 86_400, "HttpOnly"));

        // a new visit: the browser-session cookie is gone, the customer cookie kept
        HttpResponse<String> nextVisit = get("Cookie", customer);

        assertThat(body(nextVisit).get("session").asText()).isNotEqualTo(EdgeTrafficTest.sessionId(session));
        assertThat(tracked(nextVisit)).isEqualTo(RETURNING_FIRST_PAGE);
    }

    @Test
    void givenAKeyInTheEnvironmentThatIsTooShort_theEdgeRefusesToStartAndSaysWhichVariable() {
        assertThatThrownBy(() -> EdgeSessions.fromEnvironment(Map.of(EdgeSessions.KEY_ENV, "short"),
                EdgeSessions.Settings.defaults(), epochSeconds::get, new SplittableRandom(1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FIVENINES_SESSION_KEY must be at least 32 bytes");
    }
}
