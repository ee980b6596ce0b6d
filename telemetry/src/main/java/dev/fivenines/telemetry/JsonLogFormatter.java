package dev.fivenines.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fivenines.base.Json;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log line, with the trace and span ids of the span current on the logging
 * thread, so a log line can be joined to its trace.
 */
public final class JsonLogFormatter extends Formatter {
    private final String service;
    private final String instance;

    public JsonLogFormatter(String service, String instance) {
        this.service = service;
        this.instance = instance;
    }

    @Override
    public String format(LogRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ts", record.getInstant().toString());
        json.put("level", record.getLevel().getName());
        json.put("service", service);
        json.put("instance", instance);
        json.put("logger", record.getLoggerName());
        json.put("thread", Thread.currentThread().getName());
        json.put("msg", formatMessage(record));
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            json.put("trace_id", span.getTraceId());
            json.put("span_id", span.getSpanId());
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            json.put("error", trace.toString());
        }
        try {
            return Json.mapper().writeValueAsString(json) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            return "{\"level\":\"SEVERE\",\"msg\":\"log line not serialisable: " + e.getOriginalMessage() + "\"}"
                    + System.lineSeparator();
        }
    }
}
