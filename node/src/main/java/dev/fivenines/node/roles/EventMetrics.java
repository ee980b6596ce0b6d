package dev.fivenines.node.roles;

import dev.fivenines.events.IdempotentConsumer;
import dev.fivenines.events.OutboxBacklog;
import dev.fivenines.events.OutboxRelay;
import dev.fivenines.web.server.Meters;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Exposes the outbox relay, the outbox backlog and the consumers on {@code /metrics}, so a stuck
 * relay (a growing backlog, an old unsent row), a consumer falling behind (its lag) or one parking
 * events in its dead-letter topic is visible and alertable. Values are read at scrape time from the
 * components' own counters; none of them queries anything per scrape.
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
        gauge("fivenines.outbox.lease.holder", "1 when this process is the publishing relay", relay,
                r -> r.isLeaseHolder() ? 1 : 0);
    }

    /** Read on the backlog reader's own timer, so they move even when no relay runs (OutboxBacklog). */
    void backlog(OutboxBacklog backlog) {
        gauge("fivenines.outbox.backlog", "committed events not yet published (counted up to 100000)", backlog,
                OutboxBacklog::size);
        meters.gauge("fivenines.outbox.oldest.unsent.age.seconds", "age of the oldest unpublished event, in seconds",
                backlog, OutboxBacklog::oldestAgeSeconds, List.of());
        counter("fivenines.outbox.backlog.read.failures", "backlog reads that failed (the gauges kept their last values)",
                backlog, OutboxBacklog::readFailures, List.of());
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
        for (String topic : consumer.topics()) {
            meters.gauge("fivenines.consumer.lag.records", "records of the topic not yet handled by this member "
                    + "(log end minus position, over its partitions)", consumer, c -> c.lag(topic),
                    List.of(Tag.create("consumer", consumer.name()), Tag.create("topic", topic)));
        }
    }

    /** {@code state} must be kept alive by its owner: the registry holds it weakly (see {@link Meters}). */
    <T> void counter(String name, String help, T state, ToLongFunction<T> value, List<Tag> tags) {
        meters.counter(name, help, state, value, tags);
    }

    <T> void gauge(String name, String help, T state, ToLongFunction<T> value) {
        meters.gauge(name, help, state, t -> value.applyAsLong(t), List.of());
    }
}
