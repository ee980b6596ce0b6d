package dev.fivenines.node.roles;

import dev.fivenines.events.IdempotentConsumer;
import dev.fivenines.events.OutboxRelay;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Exposes the outbox relay and the consumers on {@code /metrics}, so a stuck relay (a growing
 * backlog, an old unsent row) or a consumer parking events in its dead-letter topic is visible and
 * alertable. Values are read at scrape time from the components' own counters.
 */
final class EventMetrics {
    private final MeterRegistry registry;

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void relay(OutboxRelay relay) {
        counter("fivenines.outbox.published", "events published to Kafka", relay::publishedCount);
        counter("fivenines.outbox.failures", "relay cycles that failed (Kafka or database unavailable)", relay::failureCount);
        gauge("fivenines.outbox.backlog", "committed events not yet published", relay::backlogSize);
        gauge("fivenines.outbox.oldest.unsent.age.ms", "age of the oldest unpublished event", relay::oldestUnsentAgeMillis);
        gauge("fivenines.outbox.lease.holder", "1 when this process is the publishing relay", () -> relay.isLeaseHolder() ? 1 : 0);
    }

    void consumer(IdempotentConsumer consumer) {
        List<Tag> tags = List.of(Tag.create("consumer", consumer.name()));
        counter("fivenines.consumer.handled", "events handled", consumer::handledCount, tags);
        counter("fivenines.consumer.duplicates", "redelivered events skipped by dedupe", consumer::duplicateCount, tags);
        counter("fivenines.consumer.dead.lettered", "events parked in the dead-letter topic", consumer::deadLetteredCount, tags);
        counter("fivenines.consumer.handler.failures", "handler attempts that failed", consumer::handlerFailureCount, tags);
    }

    void counter(String name, String help, LongSupplier value) {
        counter(name, help, value, List.of());
    }

    void counter(String name, String help, LongSupplier value, List<Tag> tags) {
        registry.getOrCreate(FunctionalCounter.builder(name, value, LongSupplier::getAsLong).description(help).tags(tags));
    }

    void gauge(String name, String help, LongSupplier value) {
        registry.getOrCreate(Gauge.builder(name, value, v -> (double) v.getAsLong()).description(help));
    }
}
