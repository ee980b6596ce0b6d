package dev.fivenines.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenTelemetry for one process: W3C trace context and baggage propagation, spans batched to a
 * JSON-lines file under the state directory and, when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set, to
 * an OTLP collector (Tempo, Jaeger, Datadog...). Registered as the global instance so libraries that
 * look it up (the outbox) find it.
 */
public final class Telemetry implements AutoCloseable {
    /** Spans waiting for export; beyond this they are dropped (and counted by the SDK), never block a request. */
    public static final int MAX_QUEUED_SPANS = 8_192;

    private final OpenTelemetrySdk sdk;

    private Telemetry(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /** Every trace kept (the sampler is {@code parentBased(alwaysOn)}). */
    public static Telemetry start(String serviceName, String instanceId, Path spanFile, Optional<String> otlpEndpoint)
            throws IOException {
        return start(serviceName, instanceId, spanFile, otlpEndpoint, Sampler.parentBased(Sampler.alwaysOn()));
    }

    /**
     * Keeps the fraction of HTTP request traces {@code policy} gives per request; see {@link #sampler}.
     * Dropped spans are never exported, but their ids still propagate (with the sampled flag off) and
     * still appear in log lines.
     */
    public static Telemetry start(String serviceName, String instanceId, Path spanFile, Optional<String> otlpEndpoint,
                                  TraceSamplingPolicy policy) throws IOException {
        return start(serviceName, instanceId, spanFile, otlpEndpoint, sampler(policy));
    }

    /**
     * The sampler {@link #start(String, String, Path, Optional, TraceSamplingPolicy)} installs: a span
     * with a parent follows the parent's sampled flag (so a downstream service keeps exactly the
     * traces the edge kept, and a caller's {@code traceparent} with flag 01 is always kept); a root
     * HTTP SERVER span is kept with the policy's ratio, decided by its trace id; any other root
     * (a Kafka record that carries no trace, scheduled work) is always kept.
     */
    public static Sampler sampler(TraceSamplingPolicy policy) {
        return Sampler.parentBased(new RequestRatioSampler(policy));
    }

    private static Telemetry start(String serviceName, String instanceId, Path spanFile, Optional<String> otlpEndpoint,
                                   Sampler sampler) throws IOException {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), serviceName,
                AttributeKey.stringKey("service.instance.id"), instanceId)));
        var tracerProvider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(sampler)
                .addSpanProcessor(batch(new JsonLinesSpanExporter(spanFile)));
        otlpEndpoint.filter(s -> !s.isBlank()).ifPresent(endpoint -> tracerProvider.addSpanProcessor(batch(
                OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(5)).build())));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider.build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(sdk);
        return new Telemetry(sdk);
    }

    private static BatchSpanProcessor batch(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
        return BatchSpanProcessor.builder(exporter)
                .setMaxQueueSize(MAX_QUEUED_SPANS)
                .setScheduleDelay(Duration.ofMillis(500))
                .setExporterTimeout(Duration.ofSeconds(5))
                .build();
    }

    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    @Override
    public void close() {
        sdk.getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
        sdk.close();
    }
}
