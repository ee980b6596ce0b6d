package dev.fivenines.benchmarks;

import dev.fivenines.commerce.catalog.CatalogSeeder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A rude client: {@code connections} workers that fetch product pages and searches as fast as they are
 * answered and never wait, whatever the status or Retry-After (a scraper, a bot, a broken retry
 * loop). It binds its own loopback address (127.0.0.0/8 is all loopback on Linux), so the edge's
 * per-client quota and throttle see it as one client apart from the well-behaved load.
 */
final class Flood implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final String[] TERMS = {"shirt", "mug", "lamp", "book", "shoe", "red", "blue"};

    /** What the flood got back; status 0 counts requests that got no answer (timeout, refused). */
    record Result(long requests, double seconds, Map<Integer, Long> byStatus) {
        double perSecond() {
            return seconds <= 0 ? 0 : requests / seconds;
        }
    }

    private final HttpClient http;
    private final String target;
    private final int products;
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private long startNanos;
    private long stopNanos;

    Flood(String target, InetAddress from, int products) {
        this.target = target.replaceAll("/+$", "");
        this.products = products;
        this.http = HttpClient.newBuilder().localAddress(from).connectTimeout(REQUEST_TIMEOUT).build();
    }

    /** Starts {@code connections} workers; each sends its next request as soon as the last is answered. */
    Flood start(int connections) {
        running = true;
        startNanos = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            SplittableRandom random = new SplittableRandom(0xf100dL + i);
            workers.add(Thread.ofVirtual().name("flood-", i).start(() -> loop(random)));
        }
        return this;
    }

    private void loop(SplittableRandom random) {
        while (running) {
            String path = random.nextInt(4) == 0
                    ? "/api/v1/products?page=0&size=20&q=" + TERMS[random.nextInt(TERMS.length)]
                    : "/api/v1/products/" + CatalogSeeder.productId(1 + random.nextInt(products));
            int status;
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(target + path)).timeout(REQUEST_TIMEOUT).GET().build();
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    /** Stops the workers (each within its request's deadline) and says what they got. */
    Result stop() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            if (!worker.join(REQUEST_TIMEOUT.plusSeconds(1))) {
                worker.interrupt();
            }
        }
        stopNanos = System.nanoTime();
        Map<Integer, Long> counts = new TreeMap<>();
        byStatus.forEach((status, n) -> counts.put(status, n.sum()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new Result(total, (stopNanos - startNanos) / 1e9, counts);
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
        http.close();
    }
}
