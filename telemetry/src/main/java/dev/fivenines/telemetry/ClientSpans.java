package dev.fivenines.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A call to a dependency in a CLIENT span of its own, so a trace shows its share of the time and its failures. */
public final class ClientSpans {
    private ClientSpans() {
    }

    /**
     * @param attributes what to say about the call before it starts
     * @param describe   what to say about its result
     */
    public static <T> T call(Tracer tracer, String name, Consumer<SpanBuilder> attributes, Supplier<T> call,
                      BiConsumer<Span, T> describe) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT);
        attributes.accept(builder);
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            T result = call.get();
            describe.accept(span, result);
            return result;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }
}
