package dev.fivenines.events;

import dev.fivenines.base.Backoff;
import dev.fivenines.db.Database;
import dev.fivenines.events.internal.EnvelopeCodec;
import dev.fivenines.events.internal.OutboxRow;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.db.testing.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.fivenines.events.OutboxFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer against a real Kafka broker and a real PostgreSQL. */
class IdempotentConsumerKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String FAILING = "test.always-fails";
    private static final String POISONED = "test.poisoned";
    private static final String DATABASE_FLAKY = "test.database-flaky";
    private final AtomicInteger outagesLeft = new AtomicInteger(5);

    private Database db;
    private String topic;
    private String name;
    private final List<IdempotentConsumer> consumers = new ArrayList<>();
    private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<UUID> handledInOrder = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase("consumer");
        db.inTransaction(tx -> {
            try (var s = tx.createStatement()) {
                // No unique key on purpose: a second handling of an event would show as a second row.
                s.execute("CREATE TABLE effects (event_id UUID NOT NULL, note TEXT NOT NULL)");
            }
            return null;
        });
        topic = TestKafka.freshTopic("consumer", 2);
        name = "test-consumer-" + NAMES.incrementAndGet();
    }

    @AfterEach
    void tearDown() {
        consumers.forEach(IdempotentConsumer::close);
        db.close();
    }

    /** Writes an effect in the consumer's transaction, or fails as the event's type asks. */
    private void handle(Connection tx, EventEnvelope event) throws SQLException {
        calls.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        try (var insert = tx.prepareStatement("INSERT INTO effects (event_id, note) VALUES (?, ?)")) {
            insert.setObject(1, event.id());
            insert.setString(2, event.type());
            insert.executeUpdate();
        }
        if (EventHandler.is(event, FAILING)) {
            throw new IllegalStateException("warehouse says no to " + event.subject());
        }
        if (EventHandler.is(event, DATABASE_FLAKY) && outagesLeft.getAndDecrement() > 0) {
            throw new SQLException("connection to the database was lost", "08006");
        }
        if (EventHandler.is(event, POISONED)) {
            throw new PoisonEventException("order " + event.subject() + " does not exist and never will");
        }
        handledInOrder.add(event.id());
    }

    private IdempotentConsumer consumer() {
        IdempotentConsumer consumer = IdempotentConsumer.builder(name)
                .settings(TestKafka.settings("consumer-test"))
                .topics(topic)
                .database(db)
                .handler(this::handle)
                .maxAttempts(3)
                .backoff(Backoff.equalJitter(20, 200, 2.0))
                .random(new SplittableRandom(9))
                .build();
        consumers.add(consumer);
        return consumer.start();
    }

    private ProducerRecord<byte[], byte[]> event(String key, String type) {
        OutboxRow row = new OutboxRow(0, UUID.randomUUID(), topic, key, type, "/fivenines/test", key, 1,
                "{\"orderId\":\"" + key + "\"}", Map.of(), Instant.parse("2026-11-22T10:00:00Z"));
        return EnvelopeCodec.toRecord(row);
    }

    private static UUID id(ProducerRecord<byte[], byte[]> record) {
        return UUID.fromString(new String(record.headers().lastHeader(EventHeaders.ID).value(), StandardCharsets.UTF_8));
    }

    private long effects(UUID eventId) {
        return db.inTransaction(tx -> {
            try (var s = tx.prepareStatement("SELECT count(*) FROM effects WHERE event_id = ?")) {
                s.setObject(1, eventId);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private boolean processed(UUID eventId) {
        return db.inTransaction(tx -> {
            try (var s = tx.prepareStatement("SELECT 1 FROM processed_events WHERE consumer = ? AND event_id = ?")) {
                s.setString(1, name);
                s.setObject(2, eventId);
                try (var rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Test
    void given_the_same_event_delivered_twice_then_it_is_handled_once_and_the_duplicate_is_skipped() {
        var first = event("order-1", EventTypes.ORDER_PLACED);
        var second = event("order-1", EventTypes.ORDER_PAID);
        TestKafka.produce(List.of(first, first, second));

        IdempotentConsumer consumer = consumer();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(consumer.handledCount()).isEqualTo(2);
            assertThat(consumer.duplicateCount()).isEqualTo(1);
        });
        assertThat(handledInOrder).containsExactly(id(first), id(second));
        assertThat(calls.get(id(first))).hasValue(1);
        assertThat(effects(id(first))).isEqualTo(1);
        assertThat(effects(id(second))).isEqualTo(1);
        assertThat(consumer.deadLetteredCount()).isZero();
    }

    @Test
    void given_a_consumer_restarted_under_the_same_name_then_it_resumes_after_the_committed_offsets() {
        var before = event("order-2", EventTypes.ORDER_PLACED);
        TestKafka.produce(List.of(before));
        IdempotentConsumer first = consumer();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(first.handledCount()).isEqualTo(1));
        first.close();

        var after = event("order-2", EventTypes.ORDER_SHIPPED);
        TestKafka.produce(List.of(after));
        IdempotentConsumer second = consumer();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(second.handledCount()).isEqualTo(1));
        assertThat(second.duplicateCount()).isZero();
        assertThat(handledInOrder).containsExactly(id(before), id(after));
    }

    @Test
    void given_a_commit_interval_then_offsets_wait_for_it_after_the_first_batch_and_are_committed_once_it_passes() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        IdempotentConsumer consumer = IdempotentConsumer.builder(name)
                .settings(TestKafka.settings("consumer-test"))
                .topics(topic)
                .database(db)
                .handler(this::handle)
                .random(new SplittableRandom(9))
                .nanoClock(nanos::get)
                .commitIntervalMillis(60_000)
                .build();
        consumers.add(consumer);
        consumer.start();
        TestKafka.produce(List.of(event("order-7", EventTypes.ORDER_PLACED)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(1));

        TestKafka.produce(List.of(event("order-7", EventTypes.ORDER_PAID), event("order-7", EventTypes.ORDER_SHIPPED)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumer.handledCount()).isEqualTo(3));
        assertThat(committedOffsetsNow()).as("within the interval the handled records stay uncommitted").isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(3));
    }

    @Test
    void given_a_long_poll_timeout_then_pending_offsets_are_still_committed_once_the_commit_interval_passes() {
        IdempotentConsumer consumer = IdempotentConsumer.builder(name)
                .settings(TestKafka.settings("consumer-test"))
                .topics(topic)
                .database(db)
                .handler(this::handle)
                .random(new SplittableRandom(11))
                .pollTimeoutMillis(60_000)
                .commitIntervalMillis(1_000)
                .build();
        consumers.add(consumer);
        consumer.start();
        TestKafka.produce(List.of(event("order-8", EventTypes.ORDER_PLACED)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(1));

        TestKafka.produce(List.of(event("order-8", EventTypes.ORDER_PAID)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumer.handledCount()).isEqualTo(2));

        // No record comes after it: the idle poll is cut short by the commit that is due, not its 60 s.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(2));
    }

    private long committedOffsetsNow() {
        try {
            return committedOffsets();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the group's offsets", e);
        }
    }

    /** The group's committed offsets, summed over the topic's partitions. */
    private long committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(name).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).values()
                    .stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    @Test
    void given_a_handler_that_always_fails_then_after_max_attempts_the_event_is_parked_with_the_reason_and_the_next_one_is_handled() {
        var doomed = event("order-3", FAILING);
        var next = event("order-3", EventTypes.ORDER_CANCELLED);
        TestKafka.produce(List.of(doomed, next));

        IdempotentConsumer consumer = consumer();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(consumer.deadLetteredCount()).isEqualTo(1);
            assertThat(consumer.handledCount()).isEqualTo(1);
        });
        assertThat(calls.get(id(doomed))).hasValue(3);
        assertThat(consumer.handlerFailureCount()).isEqualTo(3);
        // Each failed attempt rolled back, so the failed event left no effect behind.
        assertThat(effects(id(doomed))).isZero();
        assertThat(handledInOrder).containsExactly(id(next));
        assertThat(processed(id(doomed))).isTrue();

        List<ConsumerRecord<byte[], byte[]>> parked = TestKafka.readAll(Topics.deadLetter(topic), 1, PATIENCE);
        assertThat(parked).hasSize(1);
        ConsumerRecord<byte[], byte[]> dead = parked.get(0);
        assertThat(header(dead, EventHeaders.ID)).isEqualTo(id(doomed).toString());
        assertThat(header(dead, EventHeaders.DLQ_REASON))
                .isEqualTo("java.lang.IllegalStateException: warehouse says no to order-3");
        assertThat(header(dead, EventHeaders.DLQ_CONSUMER)).isEqualTo(name);
        assertThat(header(dead, EventHeaders.DLQ_ATTEMPTS)).isEqualTo("3");
        assertThat(header(dead, EventHeaders.DLQ_ORIGIN)).startsWith(topic + "-");
        assertThat(dead.value()).isEqualTo(doomed.value());
        assertThat(dead.key()).isEqualTo(doomed.key());
    }

    @Test
    void given_records_that_cannot_be_parsed_or_are_declared_poison_then_they_are_parked_at_once_without_retries() {
        var notJson = event("order-4", EventTypes.ORDER_PLACED);
        var notJsonRecord = new ProducerRecord<>(topic, null, notJson.key(),
                "<order>not json</order>".getBytes(StandardCharsets.UTF_8), notJson.headers());
        var noHeaders = new ProducerRecord<>(topic, null, "order-4".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        var declaredPoison = event("order-4", POISONED);
        var fine = event("order-4", EventTypes.ORDER_PAID);
        TestKafka.produce(List.of(notJsonRecord, noHeaders, declaredPoison, fine));

        IdempotentConsumer consumer = consumer();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(consumer.deadLetteredCount()).isEqualTo(3);
            assertThat(consumer.handledCount()).isEqualTo(1);
        });
        assertThat(calls).doesNotContainKey(id(notJson));
        assertThat(calls.get(id(declaredPoison))).hasValue(1);
        assertThat(handledInOrder).containsExactly(id(fine));

        List<ConsumerRecord<byte[], byte[]>> parked = TestKafka.readAll(Topics.deadLetter(topic), 3, PATIENCE);
        assertThat(parked).hasSize(3);
        assertThat(parked).extracting(r -> header(r, EventHeaders.DLQ_ATTEMPTS)).containsExactly("0", "0", "1");
        assertThat(header(parked.get(0), EventHeaders.DLQ_REASON)).contains("payload is not JSON");
        assertThat(header(parked.get(1), EventHeaders.DLQ_REASON)).contains("has no ce_id header");
        assertThat(header(parked.get(2), EventHeaders.DLQ_REASON)).contains("does not exist and never will");
    }

    @Test
    void given_the_database_failing_more_often_than_max_attempts_then_the_event_waits_for_it_instead_of_being_parked() {
        var waiting = event("order-6", DATABASE_FLAKY);
        TestKafka.produce(List.of(waiting));

        IdempotentConsumer consumer = consumer();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumer.handledCount()).isEqualTo(1));
        assertThat(calls.get(id(waiting))).hasValue(6);
        assertThat(consumer.infrastructureFailureCount()).isEqualTo(5);
        assertThat(consumer.handlerFailureCount()).isZero();
        assertThat(consumer.deadLetteredCount()).isZero();
        assertThat(effects(id(waiting))).isEqualTo(1);
    }

    @Test
    void given_a_running_consumer_when_closed_then_it_stops_promptly() {
        IdempotentConsumer consumer = consumer();
        TestKafka.produce(List.of(event("order-5", EventTypes.ORDER_PLACED)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consumer.handledCount()).isEqualTo(1));

        consumer.close();

        assertThat(consumer.state()).isEqualTo(dev.fivenines.events.internal.Lifecycle.State.STOPPED);
    }
}
