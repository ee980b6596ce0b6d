package dev.fivenines.edge.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.netflix.concurrency.limits.Limit;
import dev.fivenines.base.Json;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.ShedLog;
import io.helidon.webserver.WebServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Helidon server on port 0 behind {@link AdmissionFilter}, with a fixed limit of 2 and no
 * queue: CRITICAL_PLUS may fill both slots, SHEDDABLE only one. Requests are held in flight by latches.
 */
class AdmissionFilterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A fixed limit that remembers what each release told it (true = dropped). */
    private static final class RecordingLimit implements Limit {
        final List<Boolean> drops = new CopyOnWriteArrayList<>();
        private final int limit;

        RecordingLimit(int limit) {
            this.limit = limit;
        }

        @Override
        public int getLimit() {
            return limit;
        }

        @Override
        public void notifyOnChange(Consumer<Integer> consumer) {
        }

        @Override
        public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
            drops.add(didDrop);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final RecordingLimit limit = new RecordingLimit(2);
    private final CountDownLatch sheddableEntered = new CountDownLatch(1);
    private final CountDownLatch checkoutEntered = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);
    private AdmissionController controller;
    private WebServer server;

    @BeforeEach
    void start() {
        controller = new AdmissionController(AdmissionConfig.fixed(2, 0, 0), limit, System::nanoTime,
                new ShedLog(System::nanoTime, TimeUnit.SECONDS.toNanos(1)));
        AdmissionFilter filter = new AdmissionFilter(controller, RouteClassifier.defaults());
        server = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.addFilter(filter)
                        .get("/api/v1/recommendations/{id}", (req, res) -> {
                            sheddableEntered.countDown();
                            await(finish);
                            res.send("[]");
                        })
                        .post("/api/v1/checkout", (req, res) -> {
                            checkoutEntered.countDown();
                            await(finish);
                            res.status(201).send("{}");
                        })
                        .get("/api/v1/products/overloaded", (req, res) -> res.status(503).send("busy"))
                        .get("/api/v1/products/broken", (req, res) -> {
                            throw new IllegalStateException("handler failed");
                        }))
                .build().start();
    }

    @AfterEach
    void stop() {
        finish.countDown();
        if (server != null) {
            server.stop();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(WAIT);
    }

    private CompletableFuture<HttpResponse<String>> async(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenASheddableRequestHoldingTheSheddableShare_whenMoreSheddableAndACheckoutArrive_thenSheddableIs503AndCheckoutIsAdmitted()
            throws Exception {
        CompletableFuture<HttpResponse<String>> holding = async(request("/api/v1/recommendations/p1").GET().build());
        assertThat(sheddableEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> shed = send(request("/api/v1/recommendations/p2").GET().build());
        CompletableFuture<HttpResponse<String>> checkout = async(request("/api/v1/checkout")
                .header(Criticality.HEADER, Criticality.CRITICAL_PLUS.name())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        boolean checkoutAdmitted = checkoutEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        int inflightWithBoth = controller.inflight();
        finish.countDown();

        assertThat(shed.statusCode()).isEqualTo(503);
        // The controller scales Retry-After by class (the least critical is told to wait longest).
        assertThat(shed.headers().firstValue("Retry-After").map(Integer::parseInt)).hasValueSatisfying(s -> assertThat(s).isPositive());
        assertThat(shed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = Json.mapper().readTree(shed.body());
        assertThat(problem.get("type").asText()).isEqualTo("/problems/overloaded");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(checkoutAdmitted).isTrue();
        assertThat(inflightWithBoth).isEqualTo(2);
        assertThat(checkout.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        assertThat(holding.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(controller.inflight()).isZero());
        assertThat(limit.drops).containsExactly(false, false);
    }

    @Test
    void givenTheSheddableShareIsHeld_whenACheckoutDeclaresItselfSheddable_thenItIsShed_andARecommendationCannotClaimCriticalPlus()
            throws Exception {
        CompletableFuture<HttpResponse<String>> holding = async(request("/api/v1/recommendations/p1").GET().build());
        assertThat(sheddableEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> loweredCheckout = send(request("/api/v1/checkout")
                .header(Criticality.HEADER, Criticality.SHEDDABLE.name())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        HttpResponse<String> raisedRecommendation = send(request("/api/v1/recommendations/p3")
                .header(Criticality.HEADER, Criticality.CRITICAL_PLUS.name()).GET().build());
        finish.countDown();

        assertThat(loweredCheckout.statusCode()).isEqualTo(503);
        assertThat(raisedRecommendation.statusCode()).isEqualTo(503);
        assertThat(checkoutEntered.getCount()).isEqualTo(1);
        assertThat(holding.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(controller.inflight()).isZero());
    }

    @Test
    void givenAHandlerAnswering503_whenItFinishes_thenThePermitIsReleasedOnceAsDropped() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/products/overloaded").GET().build());

        assertThat(response.statusCode()).isEqualTo(503);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(limit.drops).containsExactly(true));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(controller.inflight()).isZero());
    }

    @Test
    void givenAHandlerThatThrows_whenTheErrorEscapes_thenThePermitIsStillReleasedWithoutASample() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/products/broken").GET().build());
        HttpResponse<String> next = send(request("/api/v1/products/overloaded").GET().build());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(next.statusCode()).isEqualTo(503);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(controller.inflight()).isZero());
        // Only the second request's 503 is a sample: the exception (IGNORED) or the 500 tells nothing about capacity.
        assertThat(limit.drops).containsExactly(true);
    }

    @Test
    void givenStatuses_whenMappedToOutcomes_thenBelow500IsSuccessAnd503Or504IsDroppedAndOther5xxIgnored() {
        assertThat(List.of(200, 201, 404, 429, 500, 502, 503, 504).stream().map(AdmissionFilter::outcomeOf).toList())
                .containsExactly(dev.fivenines.traffic.admission.Outcome.SUCCESS, dev.fivenines.traffic.admission.Outcome.SUCCESS,
                        dev.fivenines.traffic.admission.Outcome.SUCCESS, dev.fivenines.traffic.admission.Outcome.SUCCESS,
                        dev.fivenines.traffic.admission.Outcome.IGNORED, dev.fivenines.traffic.admission.Outcome.IGNORED,
                        dev.fivenines.traffic.admission.Outcome.DROPPED, dev.fivenines.traffic.admission.Outcome.DROPPED);
    }
}
