package dev.fivenines.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.Map;
import java.util.function.Function;

/**
 * Server-side span handling that does not depend on any HTTP framework: extract the caller's W3C
 * context from request headers, run the handler in a SERVER span, record the status. Adapters (a
 * Helidon filter) pass the header lookup and the handler.
 */
public final class HttpTracing {
    /** Set before the SERVER span starts, so the root sampler ({@link TraceSamplingPolicy}) can read it. */
    public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    /** The request path; set before the SERVER span starts, like {@link #HTTP_REQUEST_METHOD}. */
    public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    private final OpenTelemetry otel;
    private final Tracer tracer;

    public HttpTracing(OpenTelemetry otel) {
        this.otel = otel;
        this.tracer = otel.getTracer("dev.fivenines.http");
    }

    /** The outcome of the handled request, read after the handler ran. */
    public interface Exchange {
        String header(String name);

        int status();

        void run();
    }

    public void serve(String method, String route, Exchange exchange) {
        Context parent = otel.getPropagators().getTextMapPropagator().extract(Context.current(), exchange, GETTER);
        Span span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute(HTTP_REQUEST_METHOD, method)
                .setAttribute(URL_PATH, route)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            exchange.run();
            int status = exchange.status();
            span.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
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
        };
    }
}
