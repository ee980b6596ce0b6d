package dev.fivenines.events;

import dev.fivenines.base.Backoff;
import dev.fivenines.db.Database;
import dev.fivenines.events.engines.KafkaBroker;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.db.testing.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka goes away and comes back: rows wait in the outbox and are all delivered, in order, after the
 * broker restarts on the same data directory. This test runs a broker of its own so stopping it
 * disturbs no other test.
 */
class RelayRestartKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private KafkaBroker broker;
    private Database db;
    private OutboxRelay relay;

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase("restart");
    }

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.close();
        }
        if (broker != null) {
            broker.close();
        }
        db.close();
    }

    @Test
    void given_kafka_down_when_events_are_committed_then_they_wait_and_are_all_delivered_in_order_after_restart() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("broker.log");
        broker = TestKafka.startBroker(data, 0, 0, log);
        // Short deadlines so the outage shows up as failures quickly.
        KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers(), "restart-test").withTimeouts(1_000, 2_000);
        String topic = "test.restart";
        TopicAdmin.ensureTopics(settings, List.of(topic), 3, 1);
        OutboxFixture fixture = new OutboxFixture(db, 31);
        relay = OutboxRelay.builder(db, settings).holder("relay-restart").random(new SplittableRandom(8))
                .backoff(Backoff.equalJitter(50, 500, 2.0)).build().start();

        Map<String, List<UUID>> writtenByKey = new LinkedHashMap<>();
        List<String> keys = List.of("order-x", "order-y");
        for (String key : keys) {
            writtenByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(fixture.commit(topic, key, 0));
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fixture.unsentRows()).isZero());

        int port = broker.port();
        int controllerPort = broker.controllerPort();
        long pid = broker.pid();
        broker.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        long failuresBefore = relay.failureCount();
        for (int seq = 1; seq <= 10; seq++) {
            for (String key : keys) {
                writtenByKey.get(key).add(fixture.commit(topic, key, seq));
            }
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(relay.failureCount()).isGreaterThanOrEqualTo(failuresBefore + 2));
        assertThat(fixture.unsentRows()).isEqualTo(20);
        try (OutboxBacklog backlog = OutboxBacklog.start(db, "restart-test", 200)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(backlog.size()).isEqualTo(20);
                assertThat(backlog.oldestAgeSeconds()).isPositive();
            });
        }

        broker = TestKafka.startBroker(data, port, controllerPort, log);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fixture.unsentRows()).isZero());
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readAll(broker.bootstrapServers(), topic, 22, PATIENCE);
        // At least once: a retried batch may appear twice, but every event is there, in order per key.
        assertThat(records).extracting(OutboxFixture::eventId).doesNotHaveDuplicates().hasSize(22);
        assertThat(OutboxFixture.firstSeenOrderByKey(records)).isEqualTo(writtenByKey);
    }
}
