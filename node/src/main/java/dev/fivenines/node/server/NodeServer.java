package dev.fivenines.node.server;

import dev.fivenines.base.Problem;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.Http;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.ProblemHandlers;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
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
 * request, problem+json for every error, and bounded request sizes.
 */
public final class NodeServer {
    /**
     * Outermost bound on a request body. Handlers refuse far smaller bodies themselves (the edge
     * 256 KiB, the shop 64 KiB) with a problem+json 413 from the Content-Length alone; this larger
     * server limit exists only so that such bodies reach them instead of the server's plain-text 413.
     */
    public static final long MAX_PAYLOAD_BYTES = 16L * 1024 * 1024;

    private final List<ApiService> services = new ArrayList<>();
    private final List<HealthCheck> readiness = new ArrayList<>();
    private final List<Consumer<HttpRouting.Builder>> extraRoutes = new ArrayList<>();
    private final List<ApiRoutes.Route> routes = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private HttpTracing tracing;
    private String host = "127.0.0.1";
    private int port;

    public NodeServer port(int port) {
        this.port = port;
        return this;
    }

    public NodeServer host(String host) {
        this.host = host;
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
        filters.forEach(routing::addFilter);
        ProblemHandlers.install(routing);
        ApiRoutes api = new ApiRoutes(routing);
        services.forEach(s -> s.register(api));
        routes.addAll(api.routes());
        extraRoutes.forEach(r -> r.accept(routing));
        // Last: anything else under the API is a problem+json 404, not the server's plain-text page.
        routing.any(ApiRoutes.PREFIX + "/*", (req, res) -> Http.problem(res, Problem.of(404, "no-route", "No such route",
                req.prologue().method().text() + " " + req.path().path() + " is not part of this API; see "
                        + ApiRoutes.PREFIX + "/openapi.yaml"), null));
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
        return WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .shutdownGracePeriod(Duration.ofSeconds(5))
                .addFeature(observe)
                .routing(this::routing)
                .build()
                .start();
    }
}
