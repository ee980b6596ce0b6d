package dev.fivenines.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryTest {
    @Test
    void aServerSpanContinuesTheCallersTraceAndIsWrittenAsAJsonLine(@TempDir Path dir) throws Exception {
        Path spans = dir.resolve("spans-shop-1.jsonl");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        AtomicReference<String> seenTrace = new AtomicReference<>();
        Map<String, String> downstream = new HashMap<>();
        try (Telemetry telemetry = Telemetry.start("shop", "shop-1", spans, Optional.empty())) {
            HttpTracing tracing = new HttpTracing(telemetry.openTelemetry());
            tracing.serve("POST", "/api/v1/checkout", HttpTracing.exchange(
                    name -> name.equals("traceparent") ? "00-" + traceId + "-00f067aa0ba902b7-01" : null,
                    () -> {
                        seenTrace.set(Span.current().getSpanContext().getTraceId());
                        tracing.inject(downstream);
                    }, 201));
        }

        assertThat(seenTrace.get()).isEqualTo(traceId);
        assertThat(downstream.get("traceparent")).startsWith("00-" + traceId + "-");
        List<String> lines = Files.readAllLines(spans);
        assertThat(lines).hasSize(1);
        JsonNode span = Json.mapper().readTree(lines.get(0));
        assertThat(span.path("traceId").asText()).isEqualTo(traceId);
        assertThat(span.path("parentSpanId").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.path("kind").asText()).isEqualTo("SERVER");
        assertThat(span.path("service").asText()).isEqualTo("shop");
        assertThat(span.path("attributes").path("http.response.status_code").asInt()).isEqualTo(201);
    }

    @Test
    void aServerErrorMarksTheSpanAsAnError(@TempDir Path dir) throws Exception {
        Path spans = dir.resolve("spans.jsonl");
        try (Telemetry telemetry = Telemetry.start("edge", "edge-1", spans, Optional.empty())) {
            new HttpTracing(telemetry.openTelemetry()).serve("GET", "/x", HttpTracing.exchange(n -> null, () -> { }, 503));
        }
        assertThat(Json.mapper().readTree(Files.readAllLines(spans).get(0)).path("status").asText()).isEqualTo("ERROR");
    }

    @Test
    void aLogLineIsOneJsonObjectCarryingTheCurrentTraceId(@TempDir Path dir) throws Exception {
        JsonLogFormatter formatter = new JsonLogFormatter("shop", "shop-2");
        String line;
        try (Telemetry telemetry = Telemetry.start("shop", "shop-2", dir.resolve("s.jsonl"), Optional.empty())) {
            Span span = telemetry.openTelemetry().getTracer("test").spanBuilder("work").startSpan();
            try (var ignored = span.makeCurrent()) {
                LogRecord record = new LogRecord(Level.WARNING, "stock low for {0}");
                record.setParameters(new Object[] {"sku-1"});
                record.setLoggerName("dev.fivenines.test");
                line = formatter.format(record);
            } finally {
                span.end();
            }
            JsonNode json = Json.mapper().readTree(line);
            assertThat(json.path("msg").asText()).isEqualTo("stock low for sku-1");
            assertThat(json.path("level").asText()).isEqualTo("WARNING");
            assertThat(json.path("instance").asText()).isEqualTo("shop-2");
            assertThat(json.path("trace_id").asText()).isEqualTo(span.getSpanContext().getTraceId());
        }
        assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
    }
}
