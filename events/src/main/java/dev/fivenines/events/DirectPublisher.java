package dev.fivenines.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fivenines.base.Json;
import dev.fivenines.events.internal.EnvelopeCodec;
import dev.fivenines.events.internal.OutboxRow;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes events straight to Kafka, for processes that have no SQL database and so no outbox (the
 * stock ledger's replicas). Same envelope as the relay's. At most once: a crash before the send
 * completes loses the event, which is logged; where loss matters, use the {@link Outbox}. Callers
 * give each event a deterministic id so a second publication of the same fact (by a new leader) is
 * absorbed by the consumers' dedupe.
 *
 * <p>{@link #publish} never blocks its caller (it may be a Raft apply thread): events go through a
 * bounded queue to one sending thread; a full queue drops the event with a SEVERE log line.
 */
public final class DirectPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DirectPublisher.class.getName());
    public static final int MAX_QUEUED = 1_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String source;
    private final Clock clock;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED), Thread.ofPlatform().name("direct-publisher").daemon().factory());

    public DirectPublisher(KafkaSettings settings, String source, Clock clock) {
        this.producer = new KafkaProducer<>(settings.producerConfig("direct"));
        this.source = source;
        this.clock = clock;
    }

    public void publish(UUID eventId, OutgoingEvent event) {
        String payload;
        try {
            payload = Json.mapper().writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload of " + event.type() + " is not serialisable", e);
        }
        OutboxRow row = new OutboxRow(0, eventId, event.topic(), event.key(), event.type(), source, event.subject(),
                event.schemaVersion(), payload, Map.of(), clock.instant());
        try {
            sender.execute(() -> producer.send(EnvelopeCodec.toRecord(row), (metadata, error) -> {
                if (error != null) {
                    LOG.log(Level.SEVERE, "lost event " + event.type() + " " + eventId + " (" + event.subject()
                            + "): Kafka did not take it: " + error.getMessage(), error);
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.severe("lost event " + event.type() + " " + eventId + " (" + event.subject() + "): " + MAX_QUEUED
                    + " events already wait for Kafka");
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("direct publisher closed with events still queued; they are lost");
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
