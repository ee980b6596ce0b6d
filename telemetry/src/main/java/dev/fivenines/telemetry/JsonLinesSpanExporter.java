package dev.fivenines.telemetry;

import dev.fivenines.base.Json;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes finished spans as JSON lines to a file per process, so a trace can be read on a laptop
 * without running a tracing back end ({@code fivenines trace <id>} stitches the files together).
 * Runs behind a BatchSpanProcessor: bounded queue, off the request path.
 */
public final class JsonLinesSpanExporter implements SpanExporter {
    private static final Logger LOG = Logger.getLogger(JsonLinesSpanExporter.class.getName());
    private final BufferedWriter out;

    public JsonLinesSpanExporter(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
        try {
            for (SpanData span : spans) {
                out.write(Json.mapper().writeValueAsString(toJson(span)));
                out.newLine();
            }
            out.flush();
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "lost " + spans.size() + " spans: could not write the span file", e);
            return CompletableResultCode.ofFailure();
        }
    }

    static Map<String, Object> toJson(SpanData span) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("traceId", span.getTraceId());
        json.put("spanId", span.getSpanId());
        json.put("parentSpanId", span.getParentSpanContext().isValid() ? span.getParentSpanId() : null);
        json.put("name", span.getName());
        json.put("kind", span.getKind().name());
        json.put("service", span.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")));
        json.put("instance", span.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.instance.id")));
        json.put("startEpochNanos", span.getStartEpochNanos());
        json.put("endEpochNanos", span.getEndEpochNanos());
        json.put("status", span.getStatus().getStatusCode().name());
        Map<String, Object> attributes = new LinkedHashMap<>();
        span.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), v));
        json.put("attributes", attributes);
        return json;
    }

    @Override
    public CompletableResultCode flush() {
        try {
            synchronized (this) {
                out.flush();
            }
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofFailure();
        }
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
        try {
            out.close();
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofFailure();
        }
    }
}
