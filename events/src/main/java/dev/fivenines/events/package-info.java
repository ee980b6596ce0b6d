/**
 * Events between services: the CloudEvents {@link dev.fivenines.events.EventEnvelope}, the
 * transactional {@link dev.fivenines.events.Outbox} ({@link dev.fivenines.events.SqlOutbox}) and its
 * {@link dev.fivenines.events.OutboxRelay} to Kafka, the {@link dev.fivenines.events.IdempotentConsumer}
 * with dead-letter topics, {@link dev.fivenines.events.DirectPublisher} for processes without SQL, and
 * the topic catalogue ({@link dev.fivenines.events.Topics}, {@link dev.fivenines.events.EventTypes}).
 *
 * <p>Guards: an event is published if and only if its business transaction committed (the outbox row
 * commits with it); per key, events are handled in order; a handler's effects and the record that the
 * event was handled commit together, so a redelivery changes nothing; a database outage never counts
 * toward parking an event in its dead-letter topic.
 */
package dev.fivenines.events;
