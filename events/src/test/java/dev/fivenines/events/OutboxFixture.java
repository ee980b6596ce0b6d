package dev.fivenines.events;

import dev.fivenines.base.Ids;
import dev.fivenines.db.Database;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/** Writes outbox rows the way services do, and reads back what the relay did with them. */
final class OutboxFixture {
    static final String SOURCE = "/fivenines/test";

    private final Database db;
    private final Outbox outbox;

    OutboxFixture(Database db, long seed) {
        this.db = db;
        this.outbox = new SqlOutbox(SOURCE, new Ids(Clock.systemUTC()::millis, new SplittableRandom(seed)),
                W3CTraceContextPropagator.getInstance());
    }

    /** One committed transaction appending one event; returns its id. */
    UUID commit(String topic, String key, int seq) {
        return db.inTransaction(tx -> outbox.append(tx, event(topic, key, seq)));
    }

    static OutgoingEvent event(String topic, String key, int seq) {
        return new OutgoingEvent(topic, key, EventTypes.ORDER_PLACED, key, 1, Map.of("orderId", key, "seq", seq));
    }

    Outbox outbox() {
        return outbox;
    }

    long unsentRows() {
        return count("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
    }

    long rows() {
        return count("SELECT count(*) FROM outbox");
    }

    private long count(String sql) {
        return db.inTransaction(tx -> {
            try (var s = tx.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static UUID eventId(ConsumerRecord<byte[], byte[]> record) {
        return UUID.fromString(header(record, EventHeaders.ID));
    }

    /** Per key, the event ids in the order they first appear in the topic (later duplicates ignored). */
    static Map<String, List<UUID>> firstSeenOrderByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<UUID>> byKey = new LinkedHashMap<>();
        var seen = new java.util.HashSet<UUID>();
        for (var r : records) {
            UUID id = eventId(r);
            if (seen.add(id)) {
                byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(id);
            }
        }
        return byKey;
    }
}
