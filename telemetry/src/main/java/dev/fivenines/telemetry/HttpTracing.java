package dev.fivenines.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Server-side span handling that does not depend on any HTTP framework: extract the caller's W3C
 * context from request headers, run the handler in a SERVER span, record the status. Adapters (a
 * Helidon filter) pass the header lookup and the handler.
 *
 * <p>Span names follow the OpenTelemetry HTTP conventions, {@code {method} {route template}}
 * ({@code GET /api/v1/carts/{cartId}}), so their number is the number of routes, not of carts; the
 * path itself is the {@code url.path} attribute. The route comes from the server's matched pattern
 * when the adapter knows it, else from this process's {@link RouteTemplates}; a path neither knows
 * is {@code {method} unmatched}.
 */
public final class HttpTracing {
    /** Set before the SERVER span starts, so the root sampler ({@link TraceSamplingPolicy}) can read it. */
    public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    /** The request path; set before the SERVER span starts, like {@link #HTTP_REQUEST_METHOD}. */
    public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    /** The route template; absent when the request matched no route. */
    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    /** A client span's route template (the edge's call to the shop names the shop's route). */
    public static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    public static final AttributeKey<String> HTTP_REQUEST_METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
    /** What {@link #method} calls a method outside the HTTP standard's (the conventions' name for it). */
    public static final String OTHER_METHOD = "_OTHER";
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");
    private static final ContextKey<String> ROUTE = ContextKey.named("fivenines.http.route");

    private final OpenTelemetry otel;
    private final Tracer tracer;
    private final RouteTemplates routes;

    public HttpTracing(OpenTelemetry otel) {
        this(otel, RouteTemplates.none());
    }

    /** @param routes the templates of the routes this process serves or forwards (the edge's are the shop's) */
    public HttpTracing(OpenTelemetry otel, RouteTemplates routes) {
        this.otel = otel;
        this.tracer = otel.getTracer("dev.fivenines.http");
        this.routes = routes;
    }

    /** The outcome of the handled request, read after the handler ran. */
    public interface Exchange {
        String header(String name);

        int status();

        void run();

        /**
         * The route template the server matched, read after {@link #run()}; empty when it matched
         * none, or only a catch-all (which names no one route).
         */
        default Optional<String> matchedRoute() {
            return Optional.empty();
        }
    }

    /**
     * Runs the exchange in a SERVER span.
     *
     * @return the route the request was counted under: its template, or {@link RouteTemplates#UNMATCHED}
     */
    public String serve(String method, String path, Exchange exchange) {
        String knownMethod = method(method);
        Context parent = otel.getPropagators().getTextMapPropagator().extract(Context.current(), exchange, GETTER);
        Optional<String> tabled = routes.match(path);
        String route = tabled.orElse(RouteTemplates.UNMATCHED);
        SpanBuilder builder = tracer.spanBuilder(spanName(knownMethod, route)).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute(HTTP_REQUEST_METHOD, knownMethod)
                .setAttribute(URL_PATH, path);
        tabled.ifPresent(r -> builder.setAttribute(HTTP_ROUTE, r));
        if (!knownMethod.equals(method)) {
            builder.setAttribute(HTTP_REQUEST_METHOD_ORIGINAL, method);
        }
        Span span = builder.startSpan();
        try (Scope ignored = parent.with(span).with(ROUTE, route).makeCurrent()) {
            exchange.run();
            String served = route(path, exchange.matchedRoute());
            if (!served.equals(route)) {
                route = served;
                span.updateName(spanName(knownMethod, route));
                span.setAttribute(HTTP_ROUTE, route);
            }
            int status = exchange.status();
            span.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            return route;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * What a request for {@code path} is named by: the server's matched route when it is a template
     * (not a catch-all), else this process's table's, else {@link RouteTemplates#UNMATCHED}.
     */
    public String route(String path, Optional<String> matched) {
        return matched.filter(RouteTemplates::isTemplate).or(() -> routes.match(path)).orElse(RouteTemplates.UNMATCHED);
    }

    /** {@code method} when it is a standard HTTP method, else {@link #OTHER_METHOD}: a bounded set, for names and labels. */
    public static String method(String method) {
        return method != null && KNOWN_METHODS.contains(method) ? method : OTHER_METHOD;
    }

    /** {@code GET /api/v1/carts/{cartId}}; {@code HTTP ...} for a non-standard method, as the conventions say. */
    static String spanName(String knownMethod, String route) {
        return (OTHER_METHOD.equals(knownMethod) ? "HTTP" : knownMethod) + " " + route;
    }

    /**
     * The route template of the SERVER request being handled on this thread, for the spans and labels
     * of the work it causes (the edge's CLIENT span to the shop); {@link RouteTemplates#UNMATCHED}
     * outside a request or for an unknown path.
     */
    public static String currentRoute() {
        String route = Context.current().get(ROUTE);
        return route == null ? RouteTemplates.UNMATCHED : route;
    }

    /** A CLIENT span's name for a call made while serving the current request: {@code {method} {route}}. */
    public static String clientSpanName(String method) {
        return spanName(method(method), currentRoute());
    }

    /** Adds the current context's headers (traceparent, baggage) to an outgoing request. */
    public void inject(Map<String, String> headers) {
        otel.getPropagators().getTextMapPropagator().inject(Context.current(), headers, Map::put);
    }

    public Tracer tracer() {
        return tracer;
    }

    private static final TextMapGetter<Exchange> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Exchange carrier) {
            return java.util.List.of("traceparent", "tracestate", "baggage");
        }

        @Override
        public String get(Exchange carrier, String key) {
            return carrier == null ? null : carrier.header(key);
        }
    };

    /** An exchange from a header lookup, a handler and its status (tests and simple adapters). */
    static Exchange exchange(Function<String, String> headers, Runnable handler, int status) {
        return exchange(headers, handler, status, Optional.empty());
    }

    /** As above, for a server that says which route it matched. */
    static Exchange exchange(Function<String, String> headers, Runnable handler, int status, Optional<String> matched) {
        return new Exchange() {
            @Override
            public String header(String name) {
                return headers.apply(name);
            }

            @Override
            public int status() {
                return status;
            }

            @Override
            public void run() {
                handler.run();
            }

            @Override
            public Optional<String> matchedRoute() {
                return matched;
            }
        };
    }
}
