package dev.fivenines.node.server;

import dev.fivenines.telemetry.HttpTracing;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Runs every request (but the ops endpoints) inside a SERVER span continuing the caller's trace. */
final class TracingFilter implements Filter {
    private final HttpTracing tracing;

    TracingFilter(HttpTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (path.startsWith("/observe") || path.startsWith("/metrics")) {
            chain.proceed();
            return;
        }
        tracing.serve(req.prologue().method().text(), path, new HttpTracing.Exchange() {
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
        });
    }
}
