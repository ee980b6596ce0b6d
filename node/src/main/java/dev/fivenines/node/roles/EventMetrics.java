package dev.fivenines.node.roles;

import dev.fivenines.events.IdempotentConsumer;
import dev.fivenines.events.OutboxRelay;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Exposes the outbox relay and the consumers on {@code /metrics}, so a stuck relay (a growing
 * backlog, an old unsent row) or a consumer parking events in its dead-letter topic is visible and
 * alertable. Values are read at scrape time from the components' own counters.
 */
final class EventMetrics {
    private final Meters meters;

    EventMetrics(MeterRegistry registry) {
        this.meters = new Meters(registry);
    }

    void relay(OutboxRelay relay) {
        List<Tag> none = List.of();
        counter("fivenines.outbox.published", "events published to Kafka", relay, OutboxRelay::publishedCount, none);
        counter("fivenines.outbox.failures", "relay cycles that failed (Kafka or database unavailable)", relay,
                OutboxRelay::failureCount, none);
        gauge("fivenines.outbox.backlog", "committed events not yet published", relay, OutboxRelay::backlogSize);
        gauge("fivenines.outbox.oldest.unsent.age.ms", "age of the oldest unpublished event", relay,
                OutboxRelay::oldestUnsentAgeMillis);
        gauge("fivenines.outbox.lease.holder", "1 when this process is the publishing relay", relay,
                r -> r.isLeaseHolder() ? 1 : 0);
    }

    void consumer(IdempotentConsumer consumer) {
        List<Tag> tags = List.of(Tag.create("consumer", consumer.name()));
        counter("fivenines.consumer.handled", "events handled", consumer, IdempotentConsumer::handledCount, tags);
        counter("fivenines.consumer.duplicates", "redelivered events skipped by dedupe", consumer,
                IdempotentConsumer::duplicateCount, tags);
        counter("fivenines.consumer.dead.lettered", "events parked in the dead-letter topic", consumer,
                IdempotentConsumer::deadLetteredCount, tags);
        counter("fivenines.consumer.handler.failures", "handler attempts that failed", consumer,
                IdempotentConsumer::handlerFailureCount, tags);
    }

    /** {@code state} must be kept alive by its owner: the registry holds it weakly (see {@link Meters}). */
    <T> void counter(String name, String help, T state, ToLongFunction<T> value, List<Tag> tags) {
        meters.counter(name, help, state, value, tags);
    }

    <T> void gauge(String name, String help, T state, ToLongFunction<T> value) {
        meters.gauge(name, help, state, t -> value.applyAsLong(t), List.of());
    }
}
