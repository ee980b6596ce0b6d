package dev.fivenines.web.server;

import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.ProblemDirectHandler;
import dev.fivenines.web.ProblemHandlers;
import dev.fivenines.web.Sockets;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HTTP server every role runs: the role's API routes under /api/v1, ops endpoints
 * ({@code /observe/health/live|ready|started}, Prometheus {@code /metrics}), a SERVER span per
 * request, problem+json for every error (the HTTP layer's own refusals too), bounded request sizes,
 * and deadlines on reading a request ({@link ReadDeadlines}; {@link RequestHygiene} has the rest).
 */
public final class NodeServer {
    /**
     * Outermost bound on a request body. Handlers refuse far smaller bodies themselves (the edge
     * 256 KiB, the shop 64 KiB) with a problem+json 413 from the Content-Length alone; this larger
     * server limit exists only so that such bodies reach them instead of the server's plain-text 413.
     */
    public static final long MAX_PAYLOAD_BYTES = 16L * 1024 * 1024;
    /** From the request line to the end of the headers. */
    public static final Duration HEADERS_DEADLINE = Duration.ofSeconds(10);
    /** From the end of the headers to the end of the body (our bodies are at most 256 KiB). */
    public static final Duration BODY_DEADLINE = Duration.ofSeconds(30);
    /**
     * A kept-alive connection with no request for this long is closed (checked every
     * {@link #IDLE_CHECK_PERIOD}); this also bounds a request line that never ends, which the
     * server's default left to minutes (see docs/decisions/004-request-read-deadlines.md).
     */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration IDLE_CHECK_PERIOD = Duration.ofSeconds(5);

    private final List<ApiService> services = new ArrayList<>();
    private final List<HealthCheck> readiness = new ArrayList<>();
    private final List<Consumer<HttpRouting.Builder>> extraRoutes = new ArrayList<>();
    private final List<ApiRoutes.Route> routes = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private HttpTracing tracing;
    private String host = "127.0.0.1";
    private int port;
    private Duration headersDeadline = HEADERS_DEADLINE;
    private Duration bodyDeadline = BODY_DEADLINE;
    private ReadDeadlines deadlines;

    public NodeServer port(int port) {
        this.port = port;
        return this;
    }

    public NodeServer host(String host) {
        this.host = host;
        return this;
    }

    /** Overrides {@link #HEADERS_DEADLINE} and {@link #BODY_DEADLINE} (tests use short ones). */
    public NodeServer readDeadlines(Duration headers, Duration body) {
        this.headersDeadline = headers;
        this.bodyDeadline = body;
        return this;
    }

    public NodeServer tracing(HttpTracing tracing) {
        this.tracing = tracing;
        return this;
    }

    /** A filter run on every request after tracing (so a refused request is still traced). */
    public NodeServer filter(Filter filter) {
        filters.add(filter);
        return this;
    }

    public NodeServer api(List<? extends ApiService> apiServices) {
        services.addAll(apiServices);
        return this;
    }

    /** Routes outside /api/v1 (admin endpoints, the edge's catch-all proxy). */
    public NodeServer routes(Consumer<HttpRouting.Builder> routing) {
        extraRoutes.add(routing);
        return this;
    }

    public NodeServer readiness(String name, BooleanSupplier check) {
        readiness.add(new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public HealthCheckResponse call() {
                boolean up;
                try {
                    up = check.getAsBoolean();
                } catch (RuntimeException e) {
                    up = false;
                }
                return HealthCheckResponse.builder().status(up).build();
            }
        });
        return this;
    }

    /** Builds the routing; tests call this too. */
    public void routing(HttpRouting.Builder routing) {
        if (tracing != null) {
            routing.addFilter(new TracingFilter(tracing, new HttpServerMeters(Metrics.globalRegistry()), System::nanoTime));
        }
        routing.addFeature(deadlines());
        routing.addFilter(new RequestHygiene(deadlines()));
        filters.forEach(routing::addFilter);
        ProblemHandlers.install(routing);
        ApiRoutes api = new ApiRoutes(routing);
        services.forEach(s -> s.register(api));
        routes.addAll(api.routes());
        extraRoutes.forEach(r -> r.accept(routing));
        // Last: anything else under the API is a problem+json 405 (known path) or 404, not a plain-text page.
        api.registerFallback();
    }

    private ReadDeadlines deadlines() {
        if (deadlines == null) {
            deadlines = new ReadDeadlines(headersDeadline, bodyDeadline, System::nanoTime);
        }
        return deadlines;
    }

    /** Connections closed so far for not sending their headers or body in time. */
    public long connectionsClosedForSlowReads() {
        return deadlines == null ? 0 : deadlines.closedConnections();
    }

    /** Whether a sweep of the read deadlines is scheduled: only while some connection is being watched. */
    boolean readDeadlineSweepScheduled() {
        return deadlines != null && deadlines.sweepScheduled();
    }

    public List<ApiRoutes.Route> registeredRoutes() {
        return List.copyOf(routes);
    }

    public WebServer start() {
        ProcessMeters.registerOnce(Metrics.globalRegistry());
        var health = HealthObserver.builder().details(true);
        readiness.forEach(health::addCheck);
        ObserveFeature observe = ObserveFeature.builder()
                .endpoint("/observe")
                .addObserver(health.build())
                .addObserver(MetricsObserver.builder().endpoint("/metrics").build())
                .build();
        ReadDeadlines readDeadlines = deadlines();
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .connectionOptions(Sockets.options())
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .shutdownGracePeriod(Duration.ofSeconds(5))
                .idleConnectionTimeout(IDLE_TIMEOUT)
                .idleConnectionPeriod(IDLE_CHECK_PERIOD)
                // Ours replaces the discovered HTTP/1 config: two would be two selectors, and with two the
                // server closes an HTTP/1.0 connection without a word instead of answering 505.
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.builder()
                        .addReceiveListener(readDeadlines.receiver())
                        .build())
                .directHandlers(ProblemDirectHandler.all())
                // The messages are the server's own ("Header size exceeded"), needed to tell 431 from 400.
                .errorHandling(e -> e.includeEntity(true))
                .addFeature(observe)
                .routing(this::routing)
                .build();
        return server.start();
    }
}
