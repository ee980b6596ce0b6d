package dev.fivenines.events.internal;

import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHeaders;
import dev.fivenines.events.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCodecTest {
    private static final UUID EVENT_ID = UUID.fromString("0190f3a2-1c2d-7e3f-8a4b-5c6d7e8f9a0b");
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static OutboxRow row(String payload, Map<String, String> trace) {
        return new OutboxRow(41, EVENT_ID, "fivenines.orders", "order-1", "dev.fivenines.order.placed",
                "/fivenines/shop", "order-1", 1, payload, trace, Instant.parse("2026-11-22T10:15:30.123456Z"));
    }

    private static ConsumerRecord<byte[], byte[]> delivered(ProducerRecord<byte[], byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 3, 17, 0L, TimestampType.CREATE_TIME, -1, -1, sent.key(), sent.value(),
                sent.headers(), Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> withHeaders(Headers headers, String value) {
        return new ConsumerRecord<>("fivenines.orders", 0, 5, 0L, TimestampType.CREATE_TIME, -1, -1,
                "k".getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                headers, Optional.empty());
    }

    private static Headers validHeaders() {
        return delivered(EnvelopeCodec.toRecord(row("{}", Map.of()))).headers();
    }

    @Test
    void given_an_outbox_row_when_published_then_its_headers_are_the_cloudevents_binary_binding() {
        ProducerRecord<byte[], byte[]> record = EnvelopeCodec.toRecord(row("{\"orderId\":\"order-1\"}",
                Map.of(EventHeaders.TRACEPARENT, TRACEPARENT)));

        assertThat(record.topic()).isEqualTo("fivenines.orders");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("order-1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"order-1\"}");
        assertThat(EnvelopeCodec.headers(record.headers())).containsOnly(
                Map.entry("traceparent", TRACEPARENT),
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", EVENT_ID.toString()),
                Map.entry("ce_source", "/fivenines/shop"),
                Map.entry("ce_type", "dev.fivenines.order.placed"),
                Map.entry("ce_subject", "order-1"),
                Map.entry("ce_time", "2026-11-22T10:15:30.123456Z"),
                Map.entry("ce_schemaversion", "1"),
                Map.entry("content-type", "application/json"));
    }

    @Test
    void given_a_published_row_when_read_back_then_the_envelope_carries_every_attribute() {
        EventEnvelope envelope = EnvelopeCodec.parse(delivered(EnvelopeCodec.toRecord(
                row("{\"orderId\":\"order-1\",\"total\":{\"amount\":\"12.50\",\"currency\":\"EUR\"}}",
                        Map.of(EventHeaders.TRACEPARENT, TRACEPARENT)))));

        assertThat(envelope.id()).isEqualTo(EVENT_ID);
        assertThat(envelope.source()).isEqualTo("/fivenines/shop");
        assertThat(envelope.type()).isEqualTo("dev.fivenines.order.placed");
        assertThat(envelope.subject()).isEqualTo("order-1");
        assertThat(envelope.time()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123456Z"));
        assertThat(envelope.schemaVersion()).isEqualTo(1);
        assertThat(envelope.topic()).isEqualTo("fivenines.orders");
        assertThat(envelope.key()).isEqualTo("order-1");
        assertThat(envelope.partition()).isEqualTo(3);
        assertThat(envelope.offset()).isEqualTo(17);
        assertThat(envelope.payload().path("total").path("amount").asText()).isEqualTo("12.50");
        assertThat(envelope.headers()).containsEntry("traceparent", TRACEPARENT);
    }

    @Test
    void given_trace_headers_that_try_to_shadow_an_attribute_then_the_envelope_attribute_wins() {
        ProducerRecord<byte[], byte[]> record = EnvelopeCodec.toRecord(row("{}", Map.of("ce_type", "forged")));

        assertThat(EnvelopeCodec.headers(record.headers())).containsEntry("ce_type", "dev.fivenines.order.placed");
        assertThat(record.headers().headers("ce_type")).hasSize(1);
    }

    @Test
    void given_a_record_without_an_event_id_then_it_is_poison_and_the_reason_names_the_header() {
        Headers headers = validHeaders();
        headers.remove(EventHeaders.ID);

        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(headers, "{}")))
                .isInstanceOf(PoisonEventException.class)
                .hasMessage("record fivenines.orders-0@5 has no ce_id header");
    }

    @Test
    void given_a_record_with_no_headers_at_all_then_it_is_poison() {
        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(new RecordHeaders(), "{}")))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("has no ce_id header");
    }

    @Test
    void given_a_payload_that_is_not_json_then_it_is_poison() {
        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(validHeaders(), "not json {")))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("payload is not JSON");
    }

    @Test
    void given_an_empty_payload_then_it_is_poison() {
        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(validHeaders(), null)))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("empty payload");
    }

    @Test
    void given_malformed_attributes_then_each_is_named_in_the_reason() {
        Headers badId = validHeaders();
        badId.remove(EventHeaders.ID);
        badId.add(EventHeaders.ID, "42".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(badId, "{}")))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("ce_id '42', which is not a UUID");

        Headers badTime = validHeaders();
        badTime.remove(EventHeaders.TIME);
        badTime.add(EventHeaders.TIME, "yesterday".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(badTime, "{}")))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("ce_time 'yesterday'");

        Headers badVersion = validHeaders();
        badVersion.remove(EventHeaders.SCHEMA_VERSION);
        badVersion.add(EventHeaders.SCHEMA_VERSION, "0".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(badVersion, "{}")))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("ce_schemaversion '0'");

        Headers xml = validHeaders();
        xml.remove(EventHeaders.CONTENT_TYPE);
        xml.add(EventHeaders.CONTENT_TYPE, "application/xml".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EnvelopeCodec.parse(withHeaders(xml, "{}")))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("content-type 'application/xml'");
    }

    @Test
    void given_a_time_with_an_offset_then_it_is_read_as_the_same_instant() {
        Headers headers = validHeaders();
        headers.remove(EventHeaders.TIME);
        headers.add(EventHeaders.TIME, "2026-11-22T11:15:30+01:00".getBytes(StandardCharsets.UTF_8));

        assertThat(EnvelopeCodec.parse(withHeaders(headers, "{}")).time()).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
    }

    @Test
    void given_a_record_to_park_then_the_dead_letter_keeps_key_value_and_headers_and_adds_the_reason() {
        ConsumerRecord<byte[], byte[]> original = delivered(EnvelopeCodec.toRecord(row("{}", Map.of())));

        ProducerRecord<byte[], byte[]> parked = DeadLetterPublisher.deadLetter(original, "fulfillment", "boom", 3);

        assertThat(parked.topic()).isEqualTo("fivenines.orders.dlq");
        assertThat(parked.key()).isEqualTo(original.key());
        assertThat(parked.value()).isEqualTo(original.value());
        assertThat(EnvelopeCodec.headers(parked.headers()))
                .containsEntry("ce_id", EVENT_ID.toString())
                .containsEntry("dlq_reason", "boom")
                .containsEntry("dlq_consumer", "fulfillment")
                .containsEntry("dlq_attempts", "3")
                .containsEntry("dlq_origin", "fivenines.orders-3@17");
    }
}
