package dev.fivenines.web.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.web.Http;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** HTTP hygiene of the server every role runs, spoken to byte by byte. */
class NodeServerHygieneTest {
    /** Short deadlines so the test waits little; the bound checked is deadline + sweep + generous slack. */
    private static final Duration HEADERS_DEADLINE = Duration.ofMillis(500);
    private static final Duration BODY_DEADLINE = Duration.ofMillis(500);
    private static final Duration SLACK = Duration.ofSeconds(4);

    private static NodeServer node;
    private static WebServer server;

    @BeforeAll
    static void start() {
        node = new NodeServer().port(0).readDeadlines(HEADERS_DEADLINE, BODY_DEADLINE)
                .api(List.of(routes -> routes
                        .get("/hello", (req, res) -> Http.json(res, 200, Map.of("hi", 1)))
                        .post("/echo", (req, res) -> Http.json(res, 200, Map.of("bytes", Http.readBody(req, 1024).length)))
                        .post("/json", (req, res) -> Http.json(res, 200, Http.readJson(req, JsonNode.class)))));
        server = node.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static RawHttp connect() throws Exception {
        return new RawHttp(server.port());
    }

    private static JsonNode assertProblem(RawHttp.Response response, int status) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    @Test
    void givenHeadersThatNeverEnd_thenTheConnectionIsClosedSoonAfterTheHeadersDeadline() throws Exception {
        try (RawHttp slow = connect()) {
            slow.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n");

            await().atMost(HEADERS_DEADLINE.plus(SLACK)).pollInterval(Duration.ofMillis(50)).until(slow::closedByServer);
        }
        assertThat(node.connectionsClosedForSlowReads()).isPositive();
    }

    @Test
    void givenOnlyAnsweredRequests_thenNoSweepIsScheduled_andTheNextSlowRequestStillMeetsItsDeadline() throws Exception {
        try (RawHttp client = connect()) {
            assertThat(client.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);

            // An idle server's sweeper sleeps (the readiness probes' requests used to wake it ten times a second).
            await().atMost(SLACK).pollInterval(Duration.ofMillis(20)).until(() -> !node.readDeadlineSweepScheduled());
        }
        try (RawHttp slow = connect()) {
            slow.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n");

            await().atMost(HEADERS_DEADLINE.plus(SLACK)).pollInterval(Duration.ofMillis(50)).until(slow::closedByServer);
        }
    }

    @Test
    void givenABodyShorterThanItsContentLength_thenTheConnectionIsClosedSoonAfterTheBodyDeadline() throws Exception {
        try (RawHttp slow = connect()) {
            slow.send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\"");

            await().atMost(BODY_DEADLINE.plus(SLACK)).pollInterval(Duration.ofMillis(50)).until(slow::closedByServer);
        }
    }

    @Test
    void givenAShortBodyTheHandlerNeverReads_thenTheConnectionIsStillClosedSoonAfterTheBodyDeadline() throws Exception {
        try (RawHttp client = connect()) {
            RawHttp.Response answer = client.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc").read();

            assertThat(answer.status()).isEqualTo(200);
            await().atMost(BODY_DEADLINE.plus(SLACK)).pollInterval(Duration.ofMillis(50)).until(client::closedByServer);
        }
    }

    @Test
    void givenABodyTheHandlerNeverReads_whenItArrivesWhole_thenTheConnectionIsKeptForTheNextRequest() throws Exception {
        try (RawHttp client = connect()) {
            RawHttp.Response first = client.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").read();
            RawHttp.Response second = client.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n").read();

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
        }
    }

    @Test
    void givenABadChunk_thenA400Problem() throws Exception {
        try (RawHttp client = connect()) {
            RawHttp.Response answer = client.send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n").read();

            assertThat(assertProblem(answer, 400).path("detail").asText()).contains("framed");
            assertThat(answer.header("Connection")).isEqualTo("close");
            // What followed the bad chunk is never read as a request of its own.
            await().atMost(BODY_DEADLINE.plus(SLACK)).pollInterval(Duration.ofMillis(50)).until(client::closedByServer);
        }
    }

    @Test
    void givenTransportLevelRefusals_thenEachIsAProblemJson() throws Exception {
        Map<Integer, String> requests = Map.of(
                // Just over the 16 KiB bound, so the server has read it all when it answers (no reset).
                431, "GET /api/v1/hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(16_500) + "\r\n\r\n",
                414, "GET /api/v1/" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                505, "GET /api/v1/hello HTTP/1.0\r\nHost: x\r\n\r\n");
        for (var request : requests.entrySet()) {
            try (RawHttp client = connect()) {
                RawHttp.Response answer;
                try {
                    answer = client.send(request.getValue()).read();
                } catch (java.io.IOException e) {
                    throw new AssertionError("no answer to the request meant for " + request.getKey(), e);
                }
                assertProblem(answer, request.getKey());
            }
        }
        for (String malformed : List.of("GARBAGE\r\n\r\n",
                "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")) {
            try (RawHttp client = connect()) {
                RawHttp.Response answer;
                try {
                    answer = client.send(malformed).read();
                } catch (java.io.IOException e) {
                    throw new AssertionError("no answer to " + malformed.substring(0, 20), e);
                }
                assertProblem(answer, 400);
            }
        }
    }

    @Test
    void givenAKnownPathAndAnotherMethod_thenA405WithAllow() throws Exception {
        try (RawHttp client = connect()) {
            RawHttp.Response answer = client.send("DELETE /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n").read();

            assertProblem(answer, 405);
            assertThat(answer.header("Allow")).isEqualTo("GET, HEAD");
        }
        try (RawHttp client = connect()) {
            assertProblem(client.send("DELETE /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n").read(), 404);
        }
    }

    @Test
    void givenHead_thenGetsHeadersWithoutABodyAndTheConnectionStaysUsable() throws Exception {
        try (RawHttp client = connect()) {
            RawHttp.Response get = client.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n").read();
            RawHttp.Response head = client.send("HEAD /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            RawHttp.Response after = client.send("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n").read();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/json");
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.body().length()));
            // Had HEAD carried a body, this would have read it instead of the next response.
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.body()).isEqualTo(get.body());
        }
    }

    @Test
    void givenABodyThatIsNotDeclaredJson_thenA415() throws Exception {
        try (RawHttp client = connect()) {
            RawHttp.Response answer = client.send("POST /api/v1/json HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}").read();

            assertProblem(answer, 415);
        }
        try (RawHttp client = connect()) {
            assertThat(client.send("POST /api/v1/json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}")
                    .read().status()).isEqualTo(200);
        }
    }

    @Test
    void givenANonAsciiByteInAHeaderValue_thenA400NamingTheHeader() throws Exception {
        byte[] prefix = "GET /api/v1/hello HTTP/1.1\r\nHost: x\r\nIdempotency-Key: caf".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, request, 0, prefix.length);
        request[prefix.length] = (byte) 0xC3; // é in UTF-8
        request[prefix.length + 1] = (byte) 0xA9;
        System.arraycopy(suffix, 0, request, prefix.length + 2, suffix.length);
        try (RawHttp client = connect()) {
            JsonNode problem = assertProblem(client.send(request).read(), 400);

            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
        }
    }
}
