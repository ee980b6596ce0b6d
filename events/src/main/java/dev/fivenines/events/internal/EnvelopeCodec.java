package dev.fivenines.events.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHeaders;
import dev.fivenines.events.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns outbox rows into Kafka records and Kafka records back into {@link EventEnvelope}s. The
 * envelope is the CloudEvents Kafka binding in binary mode: attributes in {@code ce_*} headers, the
 * JSON payload as the record value.
 */
public final class EnvelopeCodec {
    private EnvelopeCodec() {
    }

    public static ProducerRecord<byte[], byte[]> toRecord(OutboxRow row) {
        Headers headers = new RecordHeaders();
        // Trace headers first, so a stray "ce_*" key in them can never shadow an envelope attribute.
        row.traceHeaders().forEach((name, value) -> {
            if (!name.startsWith("ce_") && !name.equals(EventHeaders.CONTENT_TYPE)) {
                add(headers, name, value);
            }
        });
        add(headers, EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE);
        add(headers, EventHeaders.ID, row.eventId().toString());
        add(headers, EventHeaders.SOURCE, row.source());
        add(headers, EventHeaders.TYPE, row.type());
        if (row.subject() != null) {
            add(headers, EventHeaders.SUBJECT, row.subject());
        }
        add(headers, EventHeaders.TIME, row.createdAt().toString());
        add(headers, EventHeaders.SCHEMA_VERSION, Integer.toString(row.schemaVersion()));
        add(headers, EventHeaders.CONTENT_TYPE, EventHeaders.JSON);
        return new ProducerRecord<>(row.topic(), null, row.key().getBytes(StandardCharsets.UTF_8),
                row.payload().getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * Reads the envelope of a record.
     *
     * @throws PoisonEventException naming what is missing or malformed; such a record can never be handled
     */
    static EventEnvelope parse(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = headers(record.headers());
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        UUID id = uuid(required(headers, EventHeaders.ID, where), where);
        String source = required(headers, EventHeaders.SOURCE, where);
        String type = required(headers, EventHeaders.TYPE, where);
        Instant time = time(required(headers, EventHeaders.TIME, where), where);
        int schemaVersion = schemaVersion(required(headers, EventHeaders.SCHEMA_VERSION, where), where);
        String contentType = headers.get(EventHeaders.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(EventHeaders.JSON)) {
            throw new PoisonEventException("record " + where + " (event " + id + ") has content-type '" + contentType
                    + "', expected " + EventHeaders.JSON);
        }
        JsonNode payload = payload(record.value(), where, id);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new EventEnvelope(id, source, type, headers.get(EventHeaders.SUBJECT), time, schemaVersion,
                record.topic(), key, record.partition(), record.offset(), payload, headers);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** All headers as UTF-8 strings; when a name repeats, the last value wins. */
    static Map<String, String> headers(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header header : headers) {
            map.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableMap(map);
    }

    private static String required(Map<String, String> headers, String name, String where) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("record " + where + " has no " + name + " header");
        }
        return value;
    }

    private static UUID uuid(String value, String where) {
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException("length " + value.length());
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("record " + where + " has " + EventHeaders.ID + " '" + abbreviate(value)
                    + "', which is not a UUID", e);
        }
    }

    private static Instant time(String value, String where) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("record " + where + " has " + EventHeaders.TIME + " '" + abbreviate(value)
                    + "', which is not an ISO-8601 timestamp with offset", e);
        }
    }

    private static int schemaVersion(String value, String where) {
        try {
            int version = Integer.parseInt(value.trim());
            if (version < 1) {
                throw new NumberFormatException("below 1");
            }
            return version;
        } catch (NumberFormatException e) {
            throw new PoisonEventException("record " + where + " has " + EventHeaders.SCHEMA_VERSION + " '"
                    + abbreviate(value) + "', which is not a positive integer", e);
        }
    }

    private static JsonNode payload(byte[] value, String where, UUID id) {
        if (value == null || value.length == 0) {
            throw new PoisonEventException("record " + where + " (event " + id + ") has an empty payload");
        }
        try {
            JsonNode node = Json.mapper().readTree(value);
            if (node == null || node.isMissingNode()) {
                throw new PoisonEventException("record " + where + " (event " + id + ") has an empty payload");
            }
            return node;
        } catch (IOException e) {
            throw new PoisonEventException("record " + where + " (event " + id + ") payload is not JSON: "
                    + abbreviate(e.getMessage()), e);
        }
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
