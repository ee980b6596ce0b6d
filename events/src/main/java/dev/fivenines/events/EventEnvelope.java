package dev.fivenines.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fivenines.base.Json;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An event as a consumer receives it: CloudEvents attributes (carried in Kafka headers as
 * {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_subject}, {@code ce_time},
 * {@code ce_schemaversion}) and the JSON payload.
 */
public record EventEnvelope(UUID id, String source, String type, String subject, Instant time, int schemaVersion,
                            String topic, String key, int partition, long offset, JsonNode payload,
                            Map<String, String> headers) {

    public <T> T payloadAs(Class<T> type) {
        try {
            return Json.mapper().treeToValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("payload of " + this.type + " " + id + " does not match "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
