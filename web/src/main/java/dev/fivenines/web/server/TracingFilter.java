package dev.fivenines.web.server;

import dev.fivenines.telemetry.HttpTracing;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs every request (but the ops endpoints) inside a SERVER span continuing the caller's trace,
 * named by its route template, and times it into {@link HttpServerMeters} under the same route.
 */
final class TracingFilter implements Filter {
    private final HttpTracing tracing;
    private final HttpServerMeters meters;
    private final LongSupplier nanoClock;

    TracingFilter(HttpTracing tracing, HttpServerMeters meters, LongSupplier nanoClock) {
        this.tracing = tracing;
        this.meters = meters;
        this.nanoClock = nanoClock;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (path.startsWith("/observe") || path.startsWith("/metrics")) {
            chain.proceed();
            return;
        }
        String method = req.prologue().method().text();
        long start = nanoClock.getAsLong();
        String route = null;
        try {
            route = tracing.serve(method, path, new HttpTracing.Exchange() {
                @Override
                public String header(String name) {
                    return req.headers().first(HeaderNames.create(name)).orElse(null);
                }

                @Override
                public int status() {
                    return res.status().code();
                }

                @Override
                public void run() {
                    chain.proceed();
                }

                @Override
                public Optional<String> matchedRoute() {
                    return req.matchingPattern();
                }
            });
        } finally {
            // An exception that got past the error handlers is answered 500 by the server.
            int status = route == null ? 500 : res.status().code();
            meters.record(HttpTracing.method(method), route == null ? tracing.route(path, req.matchingPattern()) : route,
                    status, nanoClock.getAsLong() - start);
        }
    }
}
