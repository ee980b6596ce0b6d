package dev.fivenines.loadgen.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP transport against a real JDK HTTP server on loopback that misbehaves on purpose. The timeout runs
 * each test on its own thread: a transport that ignored its deadline would block a platform thread in a socket
 * read that no interrupt ends, and the tear-down (which stops the server) must still run.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpTransportTest {
    private static final long GENEROUS_MILLIS = 10_000;
    private static final long SHORT_MILLIS = 300;

    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private HttpServer server;
    private HttpTransport transport;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(handlers);
        server.createContext("/ok", exchange -> respond(exchange, 200, "application/json", "{\"ok\":true}"));
        server.start();
        transport = new HttpTransport(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        release.countDown();
        ticker.shutdownNow();
        transport.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void givenAChunkedBodyOverTheCap_whenSent_thenTooLarge() {
        serve("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int written = 0; written <= 4 * HttpTransport.MAX_BODY_BYTES; written += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException clientGaveUp) {
                // Expected: the client stops reading at the cap and drops the connection.
            }
        });

        Reply reply = transport.send("GET", "/big", Map.of(), null, GENEROUS_MILLIS);

        assertThat(reply.failure()).isEqualTo(Reply.Failure.TOO_LARGE);
        assertThat(reply.status()).isZero();
    }

    @Test
    void givenADeclaredLengthOverTheCapAndABodyThatNeverComes_whenSent_thenTooLargeWithoutWaitingForIt() {
        serve("/declared", exchange -> {
            exchange.sendResponseHeaders(200, HttpTransport.MAX_BODY_BYTES + 1L);
            OutputStream out = exchange.getResponseBody();
            out.write("{".getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitRelease();
        });

        // Reading the body would run into the deadline and answer TIMEOUT instead.
        Reply reply = transport.send("GET", "/declared", Map.of(), null, GENEROUS_MILLIS);

        assertThat(reply.failure()).isEqualTo(Reply.Failure.TOO_LARGE);
        assertThat(reply.detail()).contains("declared as " + (HttpTransport.MAX_BODY_BYTES + 1));
    }

    @Test
    void givenABodyOfExactlyTheCap_whenSent_thenItIsReturnedWhole() {
        byte[] body = new byte[HttpTransport.MAX_BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        serve("/cap", exchange -> respond(exchange, 200, "text/plain", body));

        Reply reply = transport.send("GET", "/cap", Map.of(), null, GENEROUS_MILLIS);

        assertThat(reply.failure()).isEqualTo(Reply.Failure.NONE);
        assertThat(reply.body()).hasSize(HttpTransport.MAX_BODY_BYTES);
    }

    @Test
    void givenTheServerSendsHeadersThenStallsTheBody_whenSent_thenTimeoutAtTheDeadline() {
        serve("/stall", this::headersThenStall);

        Reply reply = transport.send("GET", "/stall", Map.of(), null, SHORT_MILLIS);

        assertThat(reply.failure()).isEqualTo(Reply.Failure.TIMEOUT);
        assertThat(reply.status()).isZero();
    }

    @Test
    void givenTheServerTricklesTheBodyFasterThanAnyReadTimeout_whenSent_thenTimeoutAtTheDeadline() {
        // A byte every 20 ms never trips a per-read timeout of 300 ms; only a deadline on the whole body ends this.
        BlockingQueue<Boolean> ticks = new LinkedBlockingQueue<>();
        ticker.scheduleAtFixedRate(() -> ticks.add(true), 0, 20, TimeUnit.MILLISECONDS);
        serve("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 100_000);
            OutputStream out = exchange.getResponseBody();
            try {
                while (release.getCount() > 0) {
                    ticks.take();
                    out.write('x');
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGaveUp) {
                // Expected once the client's deadline passes and it drops the connection.
            }
        });

        Reply reply = transport.send("GET", "/trickle", Map.of(), null, SHORT_MILLIS);

        assertThat(reply.failure()).isEqualTo(Reply.Failure.TIMEOUT);
    }

    @Test
    void givenNoHeadersEverArrive_whenSent_thenTimeoutAndTheConnectionIsClosedNotLeaked() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HttpTransport toSilent = new HttpTransport(URI.create("http://127.0.0.1:" + silent.getLocalPort()))) {
            CountDownLatch clientClosed = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try (Socket accepted = silent.accept(); InputStream in = accepted.getInputStream()) {
                    while (in.read() >= 0) {
                        // Swallow the request and never answer; EOF means the client let go of the connection.
                    }
                    clientClosed.countDown();
                } catch (IOException e) {
                    clientClosed.countDown();
                }
            });

            Reply reply = toSilent.send("GET", "/ok", Map.of(), null, SHORT_MILLIS);

            assertThat(reply.failure()).isEqualTo(Reply.Failure.TIMEOUT);
            assertThat(clientClosed.await(10, TimeUnit.SECONDS)).as("the timed-out connection was closed").isTrue();
        }
    }

    @Test
    void givenAnExchangeTimedOutMidBody_whenTheNextRequestIsSent_thenItGetsItsOwnCompleteReply() {
        serve("/stall", this::headersThenStall);
        assertThat(transport.send("GET", "/stall", Map.of(), null, SHORT_MILLIS).failure()).isEqualTo(Reply.Failure.TIMEOUT);

        Reply next = transport.send("GET", "/ok", Map.of(), null, GENEROUS_MILLIS);

        assertThat(next.failure()).isEqualTo(Reply.Failure.NONE);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void givenARedirect_whenSent_thenThe302IsReturnedAndNotFollowed() {
        AtomicInteger elsewhereHits = new AtomicInteger();
        serve("/elsewhere", exchange -> {
            elsewhereHits.incrementAndGet();
            respond(exchange, 200, "application/json", "{}");
        });
        serve("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "/elsewhere");
            respond(exchange, 302, "text/plain", "moved");
        });

        Reply reply = transport.send("GET", "/moved", Map.of(), null, GENEROUS_MILLIS);

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.body()).isEqualTo("moved");
        assertThat(elsewhereHits).hasValue(0);
    }

    @Test
    void givenA503WithRetryAfter_whenSent_thenTheWaitAndTheProblemSurface() {
        serve("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "7");
            respond(exchange, 503, "application/problem+json", "{\"title\":\"busy\"}");
        });

        Reply reply = transport.send("GET", "/busy", Map.of(), null, GENEROUS_MILLIS);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.retryAfterMillis()).isEqualTo(7_000);
        assertThat(reply.isProblem()).isTrue();
        assertThat(reply.body()).isEqualTo("{\"title\":\"busy\"}");
    }

    @Test
    void givenNothingListens_whenSent_thenIo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (HttpTransport nowhere = new HttpTransport(URI.create("http://127.0.0.1:" + closedPort))) {
            Reply reply = nowhere.send("GET", "/ok", Map.of(), null, GENEROUS_MILLIS);

            assertThat(reply.failure()).isEqualTo(Reply.Failure.IO);
            assertThat(reply.detail()).isNotBlank();
        }
    }

    @Test
    void givenTwoRequestsInTurn_whenSent_thenTheyShareOneKeptAliveConnection() {
        List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();
        serve("/who", exchange -> {
            peers.add(exchange.getRemoteAddress());
            respond(exchange, 200, "application/json", "{}");
        });

        assertThat(transport.send("GET", "/who", Map.of(), null, GENEROUS_MILLIS).status()).isEqualTo(200);
        assertThat(transport.send("GET", "/who", Map.of(), null, GENEROUS_MILLIS).status()).isEqualTo(200);

        assertThat(peers).hasSize(2);
        assertThat(peers.get(1)).isEqualTo(peers.get(0));
    }

    @Test
    void givenAPostWithAnEncodedPathAndHeaders_whenSent_thenTheServerSeesThemAsGiven() {
        AtomicReference<String> seen = new AtomicReference<>();
        serve("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "?"
                    + exchange.getRequestURI().getRawQuery() + " key=" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                    + " type=" + exchange.getRequestHeaders().getFirst("Content-Type") + " body=" + body);
            respond(exchange, 201, "application/json", "{\"id\":\"o-1\"}");
        });

        Reply reply = transport.send("POST", "/echo/a%20b?sku=x%2By&n=1", Map.of("Idempotency-Key", "k-1"),
                "{\"qty\":2,\"note\":\"é\"}", GENEROUS_MILLIS);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body()).isEqualTo("{\"id\":\"o-1\"}");
        assertThat(seen.get()).isEqualTo("POST /echo/a%20b?sku=x%2By&n=1 key=k-1 type=application/json body={\"qty\":2,\"note\":\"é\"}");
    }

    @Test
    void givenTheSessionIsInterruptedMidExchange_whenSent_thenAbandonedWithTheInterruptFlagSet() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        serve("/stall", exchange -> {
            entered.countDown();
            headersThenStall(exchange);
        });
        AtomicReference<Reply> reply = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread session = Thread.ofVirtual().start(() -> {
            reply.set(transport.send("GET", "/stall", Map.of(), null, GENEROUS_MILLIS));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        await().until(() -> entered.getCount() == 0);

        session.interrupt();
        session.join();

        assertThat(reply.get().failure()).isEqualTo(Reply.Failure.ABANDONED);
        assertThat(flagAfter.get()).isTrue();
    }

    @Test
    void givenAnExchangeInFlight_whenClosed_thenCloseReturnsAndALaterSendFailsAsIo() {
        CountDownLatch entered = new CountDownLatch(1);
        serve("/stall", exchange -> {
            entered.countDown();
            headersThenStall(exchange);
        });
        Thread.ofVirtual().start(() -> transport.send("GET", "/stall", Map.of(), null, GENEROUS_MILLIS));
        await().until(() -> entered.getCount() == 0);

        transport.close();

        Reply afterClose = transport.send("GET", "/ok", Map.of(), null, GENEROUS_MILLIS);
        assertThat(afterClose.failure()).isEqualTo(Reply.Failure.IO);
    }

    private void headersThenStall(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 100);
        OutputStream out = exchange.getResponseBody();
        out.write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
        out.flush();
        awaitRelease();
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
