package dev.fivenines.node.roles;

import dev.fivenines.events.EventHandler;
import dev.fivenines.events.IdempotentConsumer;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.OutboxBacklog;
import dev.fivenines.events.OutboxRelay;
import dev.fivenines.db.Database;
import io.helidon.metrics.api.Metrics;

import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** How a role plugs into Kafka: its outbox relay and its idempotent consumers. */
final class EventWiring {
    private static final EventMetrics METRICS = new EventMetrics(Metrics.globalRegistry());

    private EventWiring() {
    }

    /** Backoff jitter only: each loop gets its own generator (they are not shared across threads). */
    private static RandomGenerator jitter() {
        return new SplittableRandom(new SecureRandom().nextLong());
    }

    static KafkaSettings kafka(RoleContext ctx) {
        return KafkaSettings.of(ctx.kafkaBootstrap(), "fivenines-" + ctx.instanceName());
    }

    /**
     * The role's outbox relay and the reader of its backlog gauges (which runs whether or not this
     * relay holds the lease); closing the result stops both.
     */
    static AutoCloseable relay(RoleContext ctx, Database db) {
        OutboxBacklog backlog = OutboxBacklog.start(db, ctx.instanceName(), OutboxBacklog.DEFAULT_REFRESH_MILLIS);
        METRICS.backlog(backlog);
        OutboxRelay relay;
        try {
            relay = OutboxRelay.builder(db, kafka(ctx)).holder(ctx.instanceName()).random(jitter()).build().start();
        } catch (RuntimeException e) {
            backlog.close();
            throw e;
        }
        METRICS.relay(relay);
        return () -> {
            try {
                relay.close();
            } finally {
                backlog.close();
            }
        };
    }

    /** A consumer in group {@code name}; every instance of the role shares the group's partitions. */
    static IdempotentConsumer consumer(RoleContext ctx, Database db, String name, List<String> topics, EventHandler handler) {
        IdempotentConsumer consumer = IdempotentConsumer.builder(name)
                .settings(kafka(ctx))
                .topics(topics)
                .database(db)
                .handler(handler)
                .openTelemetry(ctx.telemetry().openTelemetry())
                .random(jitter())
                .build()
                .start();
        METRICS.consumer(consumer);
        return consumer;
    }
}
