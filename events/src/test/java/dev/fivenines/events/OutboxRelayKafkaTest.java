package dev.fivenines.events;

import dev.fivenines.base.Backoff;
import dev.fivenines.db.Database;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.db.testing.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static dev.fivenines.events.OutboxFixture.eventId;
import static dev.fivenines.events.OutboxFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The relay against a real PostgreSQL and a real Kafka broker. */
class OutboxRelayKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Database db;
    private OutboxFixture fixture;
    private String topic;
    private final List<OutboxRelay> relays = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase("relay");
        fixture = new OutboxFixture(db, 11);
        topic = TestKafka.freshTopic("relay", 3);
    }

    @AfterEach
    void tearDown() {
        relays.forEach(OutboxRelay::close);
        db.close();
    }

    private OutboxRelay relay(String holder) {
        OutboxRelay relay = OutboxRelay.builder(db, TestKafka.settings("relay-test"))
                .holder(holder)
                .random(new SplittableRandom(5))
                .batchSize(7)
                .backoff(Backoff.equalJitter(50, 1_000, 2.0))
                .build();
        relays.add(relay);
        return relay;
    }

    @Test
    void given_committed_events_when_the_relay_runs_then_each_key_arrives_in_order_with_cloudevents_headers_and_rows_are_marked_sent() throws Exception {
        Map<String, List<UUID>> writtenByKey = new LinkedHashMap<>();
        for (int seq = 0; seq < 10; seq++) {
            for (String key : List.of("order-a", "order-b", "order-c")) {
                writtenByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(fixture.commit(topic, key, seq));
            }
        }
        // Two events of one order in one transaction keep their order too.
        UUID[] sameTx = db.inTransaction(tx -> new UUID[] {
                fixture.outbox().append(tx, OutboxFixture.event(topic, "order-a", 10)),
                fixture.outbox().append(tx, OutboxFixture.event(topic, "order-a", 11))});
        writtenByKey.get("order-a").addAll(List.of(sameTx));

        OutboxRelay relay = relay("relay-1").start();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fixture.unsentRows()).isZero());
        assertThat(relay.publishedCount()).isEqualTo(32);
        assertThat(relay.isLeaseHolder()).isTrue();
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readAll(topic, 32, PATIENCE);
        assertThat(records).hasSize(32);
        assertThat(OutboxFixture.firstSeenOrderByKey(records)).isEqualTo(writtenByKey);

        ConsumerRecord<byte[], byte[]> first = records.stream()
                .filter(r -> eventId(r).equals(writtenByKey.get("order-b").get(0))).findFirst().orElseThrow();
        Instant createdAt = db.inTransaction(tx -> {
            try (var s = tx.prepareStatement("SELECT created_at FROM outbox WHERE event_id = ?")) {
                s.setObject(1, eventId(first));
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                }
            }
        });
        assertThat(header(first, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(first, "ce_source")).isEqualTo(OutboxFixture.SOURCE);
        assertThat(header(first, "ce_type")).isEqualTo(EventTypes.ORDER_PLACED);
        assertThat(header(first, "ce_subject")).isEqualTo("order-b");
        assertThat(Instant.parse(header(first, "ce_time"))).isEqualTo(createdAt);
        assertThat(header(first, "ce_schemaversion")).isEqualTo("1");
        assertThat(header(first, "content-type")).isEqualTo("application/json");
        assertThat(dev.fivenines.base.Json.mapper().readTree(first.value()))
                .isEqualTo(dev.fivenines.base.Json.mapper().readTree("{\"orderId\":\"order-b\",\"seq\":0}"));
        try (OutboxBacklog backlog = OutboxBacklog.start(db, "relay-test", 200)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(backlog.reads()).isPositive();
                assertThat(backlog.size()).isZero();
                assertThat(backlog.oldestAgeSeconds()).isZero();
            });
        }
    }

    @Test
    void given_a_rolled_back_transaction_then_its_event_is_never_published() {
        UUID before = fixture.commit(topic, "order-r", 1);
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            fixture.outbox().append(tx, OutboxFixture.event(topic, "order-r", 2));
            throw new IllegalStateException("payment declined: the order is not written");
        })).hasMessageContaining("payment declined");
        UUID after = fixture.commit(topic, "order-r", 3);

        relay("relay-1").start();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fixture.unsentRows()).isZero());
        assertThat(fixture.rows()).isEqualTo(2);
        // Every acknowledged record is in the log now: the count is final.
        assertThat(TestKafka.recordCount(topic)).isEqualTo(2);
        assertThat(TestKafka.readAll(topic, 2, PATIENCE)).extracting(OutboxFixture::eventId).containsExactly(before, after);
    }

    @Test
    void given_two_relays_running_at_once_then_only_the_lease_holder_publishes_and_each_key_stays_in_order() {
        OutboxRelay a = relay("relay-a").start();
        OutboxRelay b = relay("relay-b").start();
        Map<String, List<UUID>> writtenByKey = new LinkedHashMap<>();
        List<String> keys = List.of("k1", "k2", "k3", "k4");
        for (int seq = 0; seq < 15; seq++) {
            for (String key : keys) {
                writtenByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(fixture.commit(topic, key, seq));
            }
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fixture.unsentRows()).isZero());
        assertThat(List.of(a.publishedCount(), b.publishedCount())).containsExactlyInAnyOrder(60L, 0L);
        assertThat(a.isLeaseHolder() ^ b.isLeaseHolder()).isTrue();
        OutboxRelay holder = a.isLeaseHolder() ? a : b;
        OutboxRelay standby = holder == a ? b : a;

        // When the holder stops it hands the lease over; the standby carries on where it left off.
        holder.close();
        for (int seq = 15; seq < 20; seq++) {
            for (String key : keys) {
                writtenByKey.get(key).add(fixture.commit(topic, key, seq));
            }
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fixture.unsentRows()).isZero());
        assertThat(standby.publishedCount()).isEqualTo(20);
        assertThat(standby.isLeaseHolder()).isTrue();
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readAll(topic, 80, PATIENCE);
        assertThat(records).hasSize(80);
        assertThat(OutboxFixture.firstSeenOrderByKey(records)).isEqualTo(writtenByKey);
    }

    @Test
    void given_a_running_relay_when_closed_then_it_stops_and_gives_up_the_lease() {
        OutboxRelay relay = relay("relay-1").start();
        fixture.commit(topic, "order-x", 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fixture.unsentRows()).isZero());

        relay.close();

        assertThat(relay.state()).isEqualTo(dev.fivenines.events.internal.Lifecycle.State.STOPPED);
        String holder = db.inTransaction(tx -> {
            try (var s = tx.createStatement(); var rs = s.executeQuery("SELECT holder FROM outbox_relay_lease")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(holder).isNull();
    }
}
