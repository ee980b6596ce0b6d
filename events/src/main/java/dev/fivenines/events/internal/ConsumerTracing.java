package dev.fivenines.events.internal;

import dev.fivenines.events.EventEnvelope;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Continues the producer's trace in the consumer: the W3C {@code traceparent} header (stored with the
 * outbox row when the event was written) becomes the parent of a CONSUMER span named
 * {@code <topic> process}, following the OpenTelemetry messaging conventions.
 */
public final class ConsumerTracing {
    static final String INSTRUMENTATION_SCOPE = "dev.fivenines.events";

    static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            for (Header header : carrier) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header header = carrier.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;
    private final String consumerGroup;

    public ConsumerTracing(OpenTelemetry openTelemetry, String consumerGroup) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.consumerGroup = consumerGroup;
    }

    /** The trace context the record carries (or the root context when it carries none). */
    static Context extract(Headers headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
    }

    /** Starts (does not make current) the span for processing {@code record}; the caller ends it. */
    Span start(ConsumerRecord<byte[], byte[]> record) {
        return tracer.spanBuilder(record.topic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(extract(record.headers()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.operation.name", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.consumer.group.name", consumerGroup)
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .startSpan();
    }

    /** Adds what is only known once the envelope parsed. */
    static void describe(Span span, EventEnvelope envelope) {
        span.setAttribute("messaging.message.id", envelope.id().toString());
        span.setAttribute("cloudevents.event_type", envelope.type());
        if (envelope.key() != null) {
            span.setAttribute("messaging.kafka.message.key", envelope.key());
        }
    }
}
