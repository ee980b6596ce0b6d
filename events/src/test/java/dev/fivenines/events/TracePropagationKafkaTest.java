package dev.fivenines.events;

import dev.fivenines.db.Database;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.db.testing.TestPostgres;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A trace started where the event is written continues in the consumer: outbox -> Kafka -> handler. */
class TracePropagationKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Keeps finished spans in memory (opentelemetry-sdk-testing is not available here). */
    private static final class RecordingExporter implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private final RecordingExporter exporter = new RecordingExporter();
    private OpenTelemetrySdk otel;
    private Database producerDb;
    private Database consumerDb;
    private OutboxRelay relay;
    private IdempotentConsumer consumer;

    @BeforeEach
    void setUp() {
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
        producerDb = TestPostgres.freshDatabase("trace_shop");
        consumerDb = TestPostgres.freshDatabase("trace_fulfillment");
    }

    @AfterEach
    void tearDown() {
        if (consumer != null) {
            consumer.close();
        }
        if (relay != null) {
            relay.close();
        }
        producerDb.close();
        consumerDb.close();
        otel.close();
    }

    @Test
    void given_an_event_written_inside_a_span_then_the_handler_runs_in_a_consumer_span_of_the_same_trace() {
        String topic = TestKafka.freshTopic("trace", 1);
        OutboxFixture shop = new OutboxFixture(producerDb, 21);
        Span checkout = otel.getTracer("test").spanBuilder("POST /api/v1/checkout").setSpanKind(SpanKind.SERVER).startSpan();
        UUID eventId;
        try (Scope ignored = checkout.makeCurrent()) {
            eventId = shop.commit(topic, "order-t", 1);
        } finally {
            checkout.end();
        }
        SpanContext producing = checkout.getSpanContext();

        AtomicReference<SpanContext> seenByHandler = new AtomicReference<>();
        relay = OutboxRelay.builder(producerDb, TestKafka.settings("trace-test")).holder("relay-trace")
                .random(new SplittableRandom(1)).build().start();
        consumer = IdempotentConsumer.builder("trace-fulfillment")
                .settings(TestKafka.settings("trace-test"))
                .topics(topic)
                .database(consumerDb)
                .handler((tx, event) -> seenByHandler.set(Span.current().getSpanContext()))
                .random(new SplittableRandom(2))
                .openTelemetry(otel)
                .build().start();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumer.handledCount()).isEqualTo(1));
        assertThat(seenByHandler.get().getTraceId()).isEqualTo(producing.getTraceId());
        assertThat(seenByHandler.get().getSpanId()).isNotEqualTo(producing.getSpanId());

        SpanData processing = exporter.spans.stream().filter(s -> s.getName().equals(topic + " process"))
                .findFirst().orElseThrow();
        assertThat(processing.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(processing.getTraceId()).isEqualTo(producing.getTraceId());
        assertThat(processing.getParentSpanId()).isEqualTo(producing.getSpanId());
        assertThat(processing.getSpanId()).isEqualTo(seenByHandler.get().getSpanId());
        assertThat(processing.getAttributes().asMap()).extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
                .contains("messaging.system=kafka", "messaging.destination.name=" + topic,
                        "messaging.consumer.group.name=trace-fulfillment", "messaging.message.id=" + eventId);
    }

    @Test
    void given_the_default_noop_telemetry_then_the_handler_still_sees_the_producing_trace() {
        String topic = TestKafka.freshTopic("trace-noop", 1);
        OutboxFixture shop = new OutboxFixture(producerDb, 22);
        Span checkout = otel.getTracer("test").spanBuilder("POST /api/v1/checkout").startSpan();
        try (Scope ignored = checkout.makeCurrent()) {
            shop.commit(topic, "order-n", 1);
        } finally {
            checkout.end();
        }

        AtomicReference<SpanContext> seenByHandler = new AtomicReference<>();
        relay = OutboxRelay.builder(producerDb, TestKafka.settings("trace-test")).holder("relay-noop")
                .random(new SplittableRandom(3)).build().start();
        consumer = IdempotentConsumer.builder("trace-noop")
                .settings(TestKafka.settings("trace-test"))
                .topics(topic)
                .database(consumerDb)
                .handler((tx, event) -> seenByHandler.set(Span.current().getSpanContext()))
                .random(new SplittableRandom(4))
                .build().start();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumer.handledCount()).isEqualTo(1));
        assertThat(seenByHandler.get().getTraceId()).isEqualTo(checkout.getSpanContext().getTraceId());
    }
}
