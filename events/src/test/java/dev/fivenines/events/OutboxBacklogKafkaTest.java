package dev.fivenines.events;

import dev.fivenines.db.Database;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.db.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The backlog gauges against a real PostgreSQL and Kafka: they move with no relay running, and fall when one runs. */
class OutboxBacklogKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Database db;
    private OutboxBacklog backlog;
    private OutboxRelay relay;

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase("backlog");
        backlog = OutboxBacklog.start(db, "backlog-test", 100);
    }

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.close();
        }
        backlog.close();
        db.close();
    }

    @Test
    void givenNoRelayRunning_whenEventsAreCommitted_thenTheBacklogAndTheOldestAgeRise_andARelayDrainsThemToZero() {
        OutboxFixture fixture = new OutboxFixture(db, 41);
        String topic = TestKafka.freshTopic("backlog", 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog.reads()).isPositive());
        assertThat(backlog.size()).isZero();

        for (int seq = 0; seq < 5; seq++) {
            fixture.commit(topic, "order-" + seq, seq);
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog.size()).isEqualTo(5));
        double ageThen = backlog.oldestAgeSeconds();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog.oldestAgeSeconds()).isGreaterThan(ageThen));

        relay = OutboxRelay.builder(db, TestKafka.settings("backlog-test")).holder("backlog-relay")
                .random(new SplittableRandom(3)).build().start();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(backlog.size()).isZero();
            assertThat(backlog.oldestAgeSeconds()).isZero();
        });
        assertThat(backlog.readFailures()).isZero();
    }

    @Test
    void givenTheDatabaseGone_whenTheBacklogIsRead_thenFailuresAreCountedAndTheLastFiguresKept() {
        OutboxFixture fixture = new OutboxFixture(db, 43);
        fixture.commit(TestKafka.freshTopic("backlog-gone", 1), "order-1", 0);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog.size()).isEqualTo(1));

        db.close();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog.readFailures()).isGreaterThanOrEqualTo(2));
        assertThat(backlog.size()).as("the last value read").isEqualTo(1);
    }
}
