package dev.fivenines.events;

import dev.fivenines.base.Backoff;
import dev.fivenines.db.Database;
import dev.fivenines.events.internal.EnvelopeCodec;
import dev.fivenines.events.internal.OutboxRow;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.db.testing.TestPostgres;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A consumer's lag per topic, against a real Kafka: it rises while the handler cannot keep up and falls to 0 after. */
class ConsumerLagKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Database db;
    private IdempotentConsumer consumer;

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase("lag");
    }

    @AfterEach
    void tearDown() {
        if (consumer != null) {
            consumer.close();
        }
        db.close();
    }

    private static ProducerRecord<byte[], byte[]> event(String topic, String key) {
        return EnvelopeCodec.toRecord(new OutboxRow(0, UUID.randomUUID(), topic, key, "test.lag", "/fivenines/test", key, 1,
                "{\"orderId\":\"" + key + "\"}", Map.of(), Instant.parse("2026-12-01T10:00:00Z")));
    }

    @Test
    void givenAHandlerThatCannotProceed_whenRecordsArrive_thenTheLagCountsThem_andFallsToZeroOnceHandled() {
        String topic = TestKafka.freshTopic("lag", 1);
        String quiet = TestKafka.freshTopic("lag-quiet", 1);
        AtomicBoolean blocked = new AtomicBoolean(true);
        consumer = IdempotentConsumer.builder("lag-test")
                .settings(TestKafka.settings("lag-test"))
                .topics(topic, quiet)
                .database(db)
                .handler((tx, e) -> {
                    if (blocked.get()) {
                        throw new IllegalStateException("the warehouse is not answering");
                    }
                })
                .maxAttempts(100)
                .backoff(Backoff.equalJitter(50, 200, 2.0))
                .random(new SplittableRandom(4))
                .build()
                .start();
        assertThat(consumer.topics()).containsExactly(topic, quiet);
        assertThat(consumer.lag(topic)).isZero();

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(event(topic, "order-" + i));
        }
        TestKafka.produce(records);

        // The first record keeps failing, so all six wait behind it (per-partition order).
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumer.lag(topic)).isEqualTo(6));
        assertThat(consumer.lag(quiet)).isZero();

        blocked.set(false);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(consumer.handledCount()).isEqualTo(6);
            assertThat(consumer.lag(topic)).isZero();
        });
        assertThatThrownBy(() -> consumer.lag("not.subscribed")).hasMessageContaining("does not subscribe to not.subscribed");
    }
}
