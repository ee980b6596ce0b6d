package dev.fivenines.edge;

import dev.fivenines.base.Json;
import dev.fivenines.web.server.NodeServer;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.Http;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The edge against real HTTP servers: live ones, a port that refuses connections, a socket that
 * accepts and never answers, and one that hangs up after reading the request.
 */
class EdgeProxyTest {
    private final List<WebServer> servers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicInteger shopCalls = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        servers.forEach(WebServer::stop);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private WebServer shop(String name) {
        WebServer server = new NodeServer().port(0)
                .api(List.of(routes -> routes
                        .post("/carts", (req, res) -> {
                            shopCalls.incrementAndGet();
                            Http.json(res, 201, Map.of("servedBy", name,
                                    "traceparent", req.headers().first(HeaderNames.create("traceparent")).orElse("")));
                        })
                        .get("/products", (req, res) -> {
                            shopCalls.incrementAndGet();
                            Http.json(res, 200, Map.of("servedBy", name, "query", req.query().rawValue(),
                                    "peerPort", req.remotePeer().port(),
                                    "connection", req.headers().first(HeaderNames.CONNECTION).orElse("")));
                        })))
                .start();
        servers.add(server);
        return server;
    }

    /** Accepts connections (the kernel does, with nobody calling accept) and never answers. */
    private Upstream silent(String name) throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(socket);
        return new Upstream(name, URI.create("http://127.0.0.1:" + socket.getLocalPort()));
    }

    /**
     * A listening socket whose accept queue is full, so the kernel drops new connection attempts
     * and they time out; null where the kernel refuses them instead.
     */
    private Upstream acceptQueueFull(String name) throws Exception {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeables.add(socket);
        for (int i = 0; i < 8; i++) {
            Socket filler = new Socket();
            closeables.add(filler);
            try {
                filler.connect(socket.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException e) {
                return new Upstream(name, URI.create("http://127.0.0.1:" + socket.getLocalPort()));
            }
        }
        return null;
    }

    /** Answers every request with a head that announces a body of 5 bytes, and no body (right for HEAD). */
    private Upstream headersOnly(String name) throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(socket);
        Thread acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    readHead(s.getInputStream());
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Stock: 7\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    readHead(s.getInputStream());
                } catch (IOException e) {
                    // The test closed the socket (the loop ends) or the edge closed this connection.
                }
            }
        });
        closeables.add(acceptor::join);
        return new Upstream(name, URI.create("http://127.0.0.1:" + socket.getLocalPort()));
    }

    /** Reads each request's head, then closes the connection without a word; counts connections. */
    private Upstream hangsUp(String name, AtomicInteger connections) throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(socket);
        Thread acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    readHead(s.getInputStream());
                } catch (IOException e) {
                    // The test closed the socket (the loop ends) or the edge gave up on this connection.
                }
            }
        });
        closeables.add(acceptor::join);
        return new Upstream(name, URI.create("http://127.0.0.1:" + socket.getLocalPort()));
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private WebServer edge(UpstreamPool pool) {
        return edge(pool, UpstreamClient.create());
    }

    private WebServer edge(UpstreamPool pool, UpstreamClient client) {
        closeables.add(client);
        EdgeProxy proxy = new EdgeProxy(path -> pool, client, new HttpTracing(OpenTelemetry.noop()));
        WebServer edge = new NodeServer().port(0).routes(r -> r.any("/api/v1/*", proxy::handle)).start();
        servers.add(edge);
        return edge;
    }

    private HttpResponse<String> post(WebServer edge, String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The port the shop saw the edge's connection come from. */
    private static int peerPort(String body) throws Exception {
        return Json.mapper().readTree(body).path("peerPort").intValue();
    }

    private HttpResponse<String> get(WebServer edge, String target) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + target))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
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

    @Test
    void givenAnInstanceThatAcceptsButNeverAnswersTheAnswerIs504WhenTheDeadlinePasses() throws Exception {
        Upstream hung = silent("shop-hung");
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(1), Duration.ofMillis(200), System::nanoTime);
        WebServer edge = edge(new UpstreamPool("shop", List.of(hung)), client);

        HttpResponse<String> response = post(edge, "/api/v1/carts", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("upstream-timeout").contains("shop-hung did not answer within 200 ms");
    }

    @Test
    void givenAnInstanceHangsUpAfterReadingAPostWithoutIdempotencyKeyTheAnswerIs502AndNoOtherInstanceSeesIt()
            throws Exception {
        AtomicInteger hangUpConnections = new AtomicInteger();
        Upstream flaky = hangsUp("shop-flaky", hangUpConnections);
        Upstream alive = new Upstream("shop-live", URI.create("http://127.0.0.1:" + shop("live").port()));
        WebServer edge = edge(new UpstreamPool("shop", List.of(flaky, alive)));

        HttpResponse<String> response = post(edge, "/api/v1/carts", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("upstream-failed").contains("may or may not have taken effect");
        assertThat(hangUpConnections).hasValue(1);
        assertThat(shopCalls).hasValue(0);
        assertThat(flaky.healthy()).isFalse();
    }

    @Test
    void givenAnInstanceHangsUpAfterReadingAGetTheEdgeRepeatsItOnTheNextInstanceWithTheRawQuery() throws Exception {
        AtomicInteger hangUpConnections = new AtomicInteger();
        Upstream flaky = hangsUp("shop-flaky", hangUpConnections);
        Upstream alive = new Upstream("shop-live", URI.create("http://127.0.0.1:" + shop("live").port()));
        WebServer edge = edge(new UpstreamPool("shop", List.of(flaky, alive)));

        HttpResponse<String> response = get(edge, "/api/v1/products?q=red%20shoes&page=2");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"servedBy\":\"live\"").contains("\"query\":\"q=red%20shoes&page=2\"");
        assertThat(hangUpConnections).hasValue(1);
        assertThat(shopCalls).hasValue(1);
    }

    @Test
    void givenTwoRequestsOneAfterTheOtherTheSecondReusesTheFirstsUpstreamConnection() throws Exception {
        Upstream alive = new Upstream("shop-live", URI.create("http://127.0.0.1:" + shop("live").port()));
        WebServer edge = edge(new UpstreamPool("shop", List.of(alive)));

        String first = get(edge, "/api/v1/products").body();
        String second = get(edge, "/api/v1/products").body();

        assertThat(peerPort(second)).isEqualTo(peerPort(first));
        // The client's "Connection: Upgrade, HTTP2-Settings" stays at the edge; the edge keeps its own alive.
        assertThat(second).contains("\"connection\":\"keep-alive\"");
    }

    @Test
    void givenAnInstanceWhoseConnectTimesOutAPostGoesToTheNextInstanceAndTheFirstIsMarkedDown() throws Exception {
        Upstream unreachable = acceptQueueFull("shop-unreachable");
        assumeThat(unreachable).as("this kernel drops connections to a full accept queue").isNotNull();
        Upstream alive = new Upstream("shop-live", URI.create("http://127.0.0.1:" + shop("live").port()));
        UpstreamClient client = new UpstreamClient(Duration.ofMillis(200), UpstreamClient.REQUEST_TIMEOUT, System::nanoTime);
        WebServer edge = edge(new UpstreamPool("shop", List.of(unreachable, alive)), client);

        HttpResponse<String> response = post(edge, "/api/v1/carts", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"servedBy\":\"live\"");
        assertThat(unreachable.healthy()).isFalse();
        assertThat(shopCalls).hasValue(1);
    }

    @Test
    void aHeadRequestIsAnsweredWithTheUpstreamsHeadersWithoutWaitingForABody() throws Exception {
        Upstream upstream = headersOnly("shop-head");
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(1), Duration.ofSeconds(5), System::nanoTime);
        WebServer edge = edge(new UpstreamPool("shop", List.of(upstream)), client);

        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/api/v1/products"))
                .timeout(Duration.ofSeconds(10)).HEAD().build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Stock")).hasValue("7");
    }

    @Test
    void givenAnInstanceWhoseHostDoesNotResolveAPostGoesToTheNextInstance() throws Exception {
        Upstream unresolvable = new Upstream("shop-nowhere", URI.create("http://no-such-host.invalid:8080"));
        Upstream alive = new Upstream("shop-live", URI.create("http://127.0.0.1:" + shop("live").port()));
        WebServer edge = edge(new UpstreamPool("shop", List.of(unresolvable, alive)));

        HttpResponse<String> response = post(edge, "/api/v1/carts", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(unresolvable.healthy()).isFalse();
        assertThat(shopCalls).hasValue(1);
    }
}
