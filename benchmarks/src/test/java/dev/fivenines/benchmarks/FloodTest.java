package dev.fivenines.benchmarks;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FloodTest {
    @Test
    void theFloodIgnoresRetryAfterAndComesFromItsOwnAddress() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicLong served = new AtomicLong();
        Set<String> peers = ConcurrentHashMap.newKeySet();
        Set<String> paths = ConcurrentHashMap.newKeySet();
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            peers.add(exchange.getRemoteAddress().getAddress().getHostAddress());
            paths.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Retry-After", "30");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try (Flood flood = new Flood("http://127.0.0.1:" + server.getAddress().getPort() + "/",
                InetAddress.getByName("127.0.0.2"), 50).start(2)) {
            // Told to come back in 30 s, a well-behaved client would have sent 2 requests by now.
            await().atMost(Duration.ofSeconds(20)).until(() -> served.get() >= 40);
            Flood.Result result = flood.stop();

            assertThat(result.byStatus()).containsOnlyKeys(503);
            assertThat(result.requests()).isGreaterThanOrEqualTo(40).isLessThanOrEqualTo(served.get());
            assertThat(result.perSecond()).isPositive();
        } finally {
            server.stop(0);
        }
        assertThat(peers).containsExactly("127.0.0.2");
        assertThat(paths).contains("/api/v1/products").anyMatch(p -> p.matches("/api/v1/products/sku-0000[0-9]{2}"));
    }
}
