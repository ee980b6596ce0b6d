package dev.fivenines.web.server;

import dev.fivenines.telemetry.RouteTemplates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_request_duration_seconds}: a latency histogram per route template, method and
 * status class (2xx, 4xx, 5xx), the OpenTelemetry HTTP server metric in Prometheus form. Labels come
 * from bounded sets (templates, standard methods, five classes), so the series count is the route
 * count times a few, however many carts or orders the paths name.
 *
 * <p>Registered on Micrometer directly: Helidon's timer adds client-side percentiles (a
 * {@code quantile} label on a histogram, which Prometheus rejects and no query can aggregate).
 */
final class HttpServerMeters {
    static final String NAME = "http.server.request.duration";
    /** The OpenTelemetry conventions' boundaries for HTTP request duration, in seconds. */
    static final double[] BUCKET_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
    /** Label combinations kept; past this (a route table gone wrong) requests count under "unmatched". */
    static final int MAX_SERIES = 2_000;

    private record Key(String method, String route, String statusClass) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    HttpServerMeters(io.helidon.metrics.api.MeterRegistry registry) {
        this.registry = registry.unwrap(MeterRegistry.class);
    }

    /** @param method a standard method or {@code _OTHER} (HttpTracing.method) */
    void record(String method, String route, int status, long durationNanos) {
        Key key = new Key(method, route, statusClass(status));
        Timer timer = timers.get(key);
        if (timer == null) {
            if (timers.size() >= MAX_SERIES) {
                key = new Key(method, RouteTemplates.UNMATCHED, key.statusClass());
            }
            timer = timers.computeIfAbsent(key, this::create);
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private Timer create(Key key) {
        Duration[] buckets = new Duration[BUCKET_SECONDS.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofNanos(Math.round(BUCKET_SECONDS[i] * 1e9));
        }
        return Timer.builder(NAME)
                .description("HTTP requests served, by route template, method and status class")
                .serviceLevelObjectives(buckets)
                .tags("http_route", key.route(), "http_request_method", key.method(),
                        "http_response_status_class", key.statusClass())
                .register(registry);
    }

    static String statusClass(int status) {
        int cls = status / 100;
        return (cls >= 1 && cls <= 5 ? cls : 5) + "xx";
    }
}
