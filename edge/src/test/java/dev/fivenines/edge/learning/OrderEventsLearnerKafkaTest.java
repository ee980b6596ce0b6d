package dev.fivenines.edge.learning;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.events.EventHeaders;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.traffic.value.OnlineLogisticRegression;
import dev.fivenines.traffic.value.SessionFeatures;
import dev.fivenines.traffic.value.SessionValueModel;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edge's value model learns purchases from the shop's OrderPlaced events on a real Kafka broker:
 * every edge (its own consumer group) learns every order, and records it cannot read are skipped
 * without stopping it.
 */
class OrderEventsLearnerKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ORDER_KEY = "0190f1b2-0000-7000-8000-00000000000a";

    /** A clock that stands still, so no tracked session goes quiet and expires during a test. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private SessionValueModel model() {
        return new SessionValueModel(new OnlineLogisticRegression(SessionFeatures.SIZE, 0.05, 1e-4), nanos::get,
                TimeUnit.MINUTES.toNanos(30), 1_000);
    }

    private OrderEventsLearner learner(SessionValueModel values, KafkaSettings settings, String edge, String topic) {
        return new OrderEventsLearner(values, settings, OrderEventsLearner.groupId(edge + "-" + topic), topic,
                Backoff.equalJitter(50, 500, 2.0), new SplittableRandom(3), nanos::get, 200, 60_000);
    }

    private static ProducerRecord<byte[], byte[]> event(String topic, String type, String schemaVersion, byte[] payload) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.SOURCE, "/fivenines/shop".getBytes(StandardCharsets.UTF_8));
        if (type != null) {
            headers.add(EventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(EventHeaders.TIME, "2026-03-01T12:00:00Z".getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.SCHEMA_VERSION, schemaVersion.getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.CONTENT_TYPE, EventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
        // One key for every record of a test: one partition, so they are read in the order published.
        return new ProducerRecord<>(topic, null, ORDER_KEY.getBytes(StandardCharsets.UTF_8), payload, headers);
    }

    private static ProducerRecord<byte[], byte[]> placed(String topic, String sessionId) {
        OrderPlaced payload = new OrderPlaced(UUID.randomUUID().toString(), "ann@example.com",
                List.of(new OrderPlaced.Line("sku-1", 1, new MoneyJson("9.99", "EUR"))), new MoneyJson("9.99", "EUR"),
                Instant.parse("2026-03-01T12:00:00Z"), sessionId);
        try {
            return event(topic, EventTypes.ORDER_PLACED, "1", Json.mapper().writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void browse(SessionValueModel values, String session) {
        values.rank(session, 1, 0, false);
    }

    @Test
    void givenTwoEdgesTrackingASession_whenItsOrderPlacedIsPublished_thenBothModelsLearnOnePositive() {
        String topic = TestKafka.freshTopic("edge-learner-two-edges", 2);
        SessionValueModel edge1 = model();
        SessionValueModel edge2 = model();
        browse(edge1, "s-bought");
        browse(edge2, "s-bought");
        browse(edge1, "s-browsing");
        KafkaSettings settings = TestKafka.settings("edge-learner-test");

        try (OrderEventsLearner first = learner(edge1, settings, "edge-1", topic).start();
             OrderEventsLearner second = learner(edge2, settings, "edge-2", topic).start()) {
            await().atMost(PATIENCE).until(() -> first.reading() && second.reading());

            TestKafka.produce(List.of(
                    event(topic, EventTypes.ORDER_PAID, "1", "{\"orderId\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                    placed(topic, null),
                    placed(topic, "s-bought")));

            await().atMost(PATIENCE).until(() -> edge1.positives() == 1 && edge2.positives() == 1);
            assertThat(edge1.features("s-bought")).as("a converted session is no longer tracked").isEmpty();
            assertThat(edge1.features("s-browsing")).isPresent();
            assertThat(first.convertedCount()).isEqualTo(1);
            assertThat(first.skippedCount()).as("other event types and orders without a session are not errors").isZero();
        }
    }

    @Test
    void givenASessionAlreadyLearned_whenASecondOrderPlacedOfItArrives_thenItIsNotASecondPositive() {
        String topic = TestKafka.freshTopic("edge-learner-duplicate", 2);
        SessionValueModel values = model();
        browse(values, "s-retried");
        browse(values, "s-later");

        try (OrderEventsLearner learner = learner(values, TestKafka.settings("edge-learner-test"), "edge-1", topic).start()) {
            await().atMost(PATIENCE).until(learner::reading);
            TestKafka.produce(List.of(placed(topic, "s-retried")));
            await().atMost(PATIENCE).until(() -> values.positives() == 1);

            // The buyer comes back, and a checkout retried after a crash publishes the order again.
            browse(values, "s-retried");
            TestKafka.produce(List.of(placed(topic, "s-retried"), placed(topic, "s-later")));

            await().atMost(PATIENCE).until(() -> values.positives() == 2);
            assertThat(values.features("s-later")).isEmpty();
            assertThat(values.features("s-retried")).as("a buyer coming back within the window is not tracked again").isEmpty();
            await().atMost(PATIENCE).until(() -> learner.convertedCount() == 3);
            assertThat(values.positives()).as("the repeat taught nothing").isEqualTo(2);
        }
    }

    @Test
    void givenMalformedRecordsBeforeAGoodOne_whenConsumed_thenEachIsSkippedAndTheGoodOneStillTeaches() {
        String topic = TestKafka.freshTopic("edge-learner-malformed", 2);
        SessionValueModel values = model();
        browse(values, "s-good");
        browse(values, "a b");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(event(topic, null, "1", "{}".getBytes(StandardCharsets.UTF_8)));
        records.add(event(topic, EventTypes.ORDER_PLACED, "1", "not json".getBytes(StandardCharsets.UTF_8)));
        records.add(event(topic, EventTypes.ORDER_PLACED, "1", "{\"orderId\":{\"nested\":true}}".getBytes(StandardCharsets.UTF_8)));
        records.add(event(topic, EventTypes.ORDER_PLACED, "2", "{\"sessionId\":\"s-good\"}".getBytes(StandardCharsets.UTF_8)));
        records.add(placed(topic, "a b"));
        records.add(placed(topic, "s-good"));

        try (OrderEventsLearner learner = learner(values, TestKafka.settings("edge-learner-test"), "edge-1", topic).start()) {
            await().atMost(PATIENCE).until(learner::reading);
            TestKafka.produce(records);

            await().atMost(PATIENCE).until(() -> values.positives() == 1);
            assertThat(learner.skippedCount()).isEqualTo(5);
            assertThat(values.features("s-good")).isEmpty();
            assertThat(values.features("a b")).as("an invalid session id teaches nothing").isPresent();
        }
    }

    @Test
    void givenNoKafkaListening_whenTheLearnerStarts_thenStartReturnsItKeepsTryingAndCloseStopsIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaSettings nowhere = KafkaSettings.of("127.0.0.1:" + closedPort, "edge-learner-test").withTimeouts(1_000, 2_000);
        SessionValueModel values = model();

        OrderEventsLearner learner = learner(values, nowhere, "edge-1", "fivenines.orders").start();
        try {
            assertThat(learner.state()).isEqualTo(OrderEventsLearner.State.RUNNING);
            assertThat(learner.reading()).isFalse();
            assertThat(learner.stopped()).as("the loop keeps trying in the background").isFalse();
        } finally {
            learner.close();
        }

        assertThat(learner.stopped()).isTrue();
        assertThat(learner.state()).isEqualTo(OrderEventsLearner.State.STOPPED);
    }
}
