package dev.fivenines.node.roles;

import dev.fivenines.base.Ids;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.events.EventHeaders;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.TopicAdmin;
import dev.fivenines.events.Topics;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.edge.learning.OrderEventsLearner;
import dev.fivenines.traffic.value.OnlineLogisticRegression;
import dev.fivenines.traffic.value.SessionFeatures;
import dev.fivenines.traffic.value.SessionValueModel;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The edge wires its order-events learner only when the value model is on and Kafka is configured. */
class EdgeRoleOrderEventsTest {
    private static final Path LOCAL = Path.of("../config/local.yaml");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private static RoleContext edge(int instance, Map<String, String> env) {
        ClusterConfig config = ClusterConfig.load(LOCAL, env);
        Clock clock = Clock.systemUTC();
        return new RoleContext("edge", instance, 0, config, null, env, null, null, clock,
                new Ids(clock::millis, new SplittableRandom(1)));
    }

    private SessionValueModel model() {
        return new SessionValueModel(new OnlineLogisticRegression(SessionFeatures.SIZE, 0.05, 1e-4), nanos::get,
                TimeUnit.MINUTES.toNanos(30), 1_000);
    }

    @Test
    void givenTheValueModelOff_whenTheEdgeIsWired_thenNoLearnerIsStarted() {
        assertThat(EdgeRole.orderEventsLearner(edge(1, Map.of("FIVENINES_KAFKA_BOOTSTRAP", "127.0.0.1:9")), null, nanos::get))
                .isNull();
    }

    @Test
    void givenAMalformedKafkaAddress_whenTheEdgeIsWired_thenItRunsWithoutALearnerInsteadOfFailingToStart() {
        assertThat(EdgeRole.orderEventsLearner(edge(1, Map.of("FIVENINES_KAFKA_BOOTSTRAP", "no port here")), model(), nanos::get))
                .isNull();
    }

    @Test
    void givenKafkaConfigured_whenAnOrderOfATrackedSessionIsPlaced_thenTheWiredLearnerTeachesTheEdgesModel() throws Exception {
        TopicAdmin.ensureTopics(TestKafka.settings("edge-role-admin"), Topics.all(), 2, 1);
        SessionValueModel values = model();
        String session = "s-" + UUID.randomUUID();
        values.rank(session, 2, 1_999, false);
        // An instance number no other test uses: the learner's group is the edge instance's own.
        int instance = 100 + new SplittableRandom().nextInt(10_000);

        try (OrderEventsLearner learner = EdgeRole.orderEventsLearner(
                edge(instance, Map.of("FIVENINES_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers())), values, nanos::get)) {
            assertThat(learner).isNotNull();
            await().atMost(Duration.ofSeconds(60)).until(learner::reading);

            OrderPlaced placed = new OrderPlaced(UUID.randomUUID().toString(), "ann@example.com",
                    List.of(new OrderPlaced.Line("sku-1", 1, new MoneyJson("19.99", "EUR"))), new MoneyJson("19.99", "EUR"),
                    Instant.parse("2026-03-01T12:00:00Z"), session);
            RecordHeaders headers = new RecordHeaders();
            headers.add(EventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            headers.add(EventHeaders.SOURCE, "/fivenines/shop".getBytes(StandardCharsets.UTF_8));
            headers.add(EventHeaders.TYPE, EventTypes.ORDER_PLACED.getBytes(StandardCharsets.UTF_8));
            headers.add(EventHeaders.TIME, "2026-03-01T12:00:00Z".getBytes(StandardCharsets.UTF_8));
            headers.add(EventHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
            TestKafka.produce(List.of(new ProducerRecord<>(Topics.ORDERS, null,
                    placed.orderId().getBytes(StandardCharsets.UTF_8), Json.mapper().writeValueAsBytes(placed), headers)));

            await().atMost(Duration.ofSeconds(60)).until(() -> values.positives() == 1);
            assertThat(values.features(session)).isEmpty();
        }
    }
}
