/**
 * How the relay and the consumer do their work: envelope coding, the relay's SQL and producer, per
 * record processing, retry bookkeeping, dead-lettering, consumer tracing, the loops' life cycle.
 * Nothing here is a contract: other modules must not use it.
 *
 * <p>Package-private where it can be. Public only because {@code dev.fivenines.events} uses it from
 * its own package: {@link dev.fivenines.events.internal.BatchPublisher}, {@link dev.fivenines.events.internal.OutboxStore}
 * (with {@code Backlog} and {@code BACKLOG_COUNT_CAP}, which {@code OutboxBacklog}'s contract cites) and
 * {@link dev.fivenines.events.internal.Lifecycle} (relay, consumer); {@link dev.fivenines.events.internal.ConsumerTracing}'s
 * and {@link dev.fivenines.events.internal.DeadLetterPublisher}'s constructors, {@link dev.fivenines.events.internal.RecordProcessor}
 * (with {@code Outcome} and {@code Counters}) and the part of {@link dev.fivenines.events.internal.PartitionRetries}
 * the poll loop calls (consumer); {@link dev.fivenines.events.internal.EnvelopeCodec#toRecord} and
 * {@link dev.fivenines.events.internal.OutboxRow} ({@code DirectPublisher}, and tests that build records).
 * {@code Lifecycle.State} is also what {@code OutboxRelay.state()} and {@code IdempotentConsumer.state()} return.
 *
 * <p>Guards: a row is marked sent only after Kafka acknowledged it; only the lease holder publishes;
 * a record's offset is committed only once it was handled, skipped as a duplicate or parked.
 */
package dev.fivenines.events.internal;
