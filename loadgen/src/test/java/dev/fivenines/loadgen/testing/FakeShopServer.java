package dev.fivenines.loadgen.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fivenines.loadgen.engine.Reply;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves a {@link FakeShop} over real HTTP on 127.0.0.1 and an ephemeral port. */
public final class FakeShopServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public FakeShopServer(FakeShop shop) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(executor);
        server.createContext("/api/v1/", exchange -> handle(shop, exchange));
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void handle(FakeShop shop, HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null) {
                headers.put("Idempotency-Key", key);
            }
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            if (cookie != null) {
                headers.put("Cookie", cookie);
            }
            String token = exchange.getRequestHeaders().getFirst("X-Order-Token");
            if (token != null) {
                headers.put("X-Order-Token", token);
            }
            Reply r = shop.send(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                    body.isEmpty() ? null : body, 10_000);
            if (r.status() == 0) {
                exchange.sendResponseHeaders(504, -1);
                return;
            }
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            r.setCookies().forEach(c -> exchange.getResponseHeaders().add("Set-Cookie", c));
            if (r.retryAfterMillis() >= 0) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(r.retryAfterMillis() / 1000));
            }
            exchange.sendResponseHeaders(r.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
