package dev.fivenines.events.internal;

import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.PoisonEventException;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the idempotent consumer does with one record: parse the envelope, then in one transaction
 * record the event id and run the handler; classify failures (the event's, or the database's);
 * park in the dead-letter topic when the event cannot be handled. Runs on the poll thread only.
 */
public final class RecordProcessor {
    private static final Logger LOG = Logger.getLogger(RecordProcessor.class.getName());

    public enum Outcome { HANDLED, DUPLICATE, PARKED, RETRY_LATER }

    /** What happened so far; read from any thread by the metrics exporter. */
    public static final class Counters {
        public final AtomicLong handled = new AtomicLong();
        public final AtomicLong duplicates = new AtomicLong();
        public final AtomicLong deadLettered = new AtomicLong();
        public final AtomicLong handlerFailures = new AtomicLong();
        public final AtomicLong infrastructureFailures = new AtomicLong();
    }

    private final String name;
    private final Database database;
    private final EventHandler handler;
    private final int maxAttempts;
    private final ConsumerTracing tracing;
    private final PartitionRetries retries;
    private final DeadLetterPublisher deadLetters;
    private final Counters counters;

    public RecordProcessor(String name, Database database, EventHandler handler, int maxAttempts, ConsumerTracing tracing,
                           PartitionRetries retries, DeadLetterPublisher deadLetters, Counters counters) {
        this.name = name;
        this.database = database;
        this.handler = handler;
        this.maxAttempts = maxAttempts;
        this.tracing = tracing;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.counters = counters;
    }

    /** Handles, skips or parks one record; RETRY_LATER means: seek back, pause, try again after a backoff. */
    public Outcome process(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Span span = tracing.start(record);
        try (Scope ignored = span.makeCurrent()) {
            EventEnvelope envelope;
            try {
                envelope = EnvelopeCodec.parse(record);
            } catch (PoisonEventException e) {
                fail(span, e);
                return park(record, null, null, e.getMessage(), 0);
            }
            ConsumerTracing.describe(span, envelope);
            int failedSoFar = retries.handlerFailures(partition, record.offset());
            if (failedSoFar >= maxAttempts) {
                // Already given up on it; only parking it failed last time.
                return park(record, envelope, null, retries.lastReason(partition, record.offset()), failedSoFar);
            }
            try {
                boolean fresh = database.inTransaction(tx -> handleOnce(tx, envelope));
                retries.clear(partition);
                (fresh ? counters.handled : counters.duplicates).incrementAndGet();
                return fresh ? Outcome.HANDLED : Outcome.DUPLICATE;
            } catch (RuntimeException e) {
                Throwable cause = e instanceof HandlerFailure hf ? hf.getCause() : e;
                fail(span, cause);
                return afterFailure(record, envelope, partition, cause);
            }
        } finally {
            span.end();
        }
    }

    /** Records the event as processed and runs the handler, in the caller's transaction. */
    private boolean handleOnce(Connection tx, EventEnvelope envelope) throws SQLException {
        if (!markProcessed(tx, envelope.id())) {
            return false;
        }
        try {
            handler.handle(tx, envelope);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new HandlerFailure(e);
        }
        return true;
    }

    private boolean markProcessed(Connection tx, UUID eventId) throws SQLException {
        try (var insert = tx.prepareStatement(
                "INSERT INTO processed_events (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, name);
            insert.setObject(2, eventId);
            return insert.executeUpdate() == 1;
        }
    }

    private Outcome afterFailure(ConsumerRecord<byte[], byte[]> record, EventEnvelope envelope, TopicPartition partition,
                                 Throwable cause) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (cause instanceof PoisonEventException) {
            counters.handlerFailures.incrementAndGet();
            return park(record, envelope, cause, reason(cause), retries.handlerFailures(partition, record.offset()) + 1);
        }
        if (Failures.isInfrastructure(cause)) {
            counters.infrastructureFailures.incrementAndGet();
            int n = retries.recordInfrastructureFailure(partition, record.offset());
            LOG.log(Level.WARNING, cause, () -> "consumer " + name + ": database unavailable while handling event "
                    + envelope.id() + " (" + where + "), failure " + n + "; the partition waits and retries: "
                    + cause.getMessage());
            return Outcome.RETRY_LATER;
        }
        counters.handlerFailures.incrementAndGet();
        int attempts = retries.recordHandlerFailure(partition, record.offset(), reason(cause));
        if (attempts >= maxAttempts) {
            return park(record, envelope, cause, reason(cause), attempts);
        }
        LOG.info(() -> "consumer " + name + ": handler failed on event " + envelope.id() + " (" + where + "), attempt "
                + attempts + " of " + maxAttempts + ", retrying: " + cause);
        return Outcome.RETRY_LATER;
    }

    /** @param cause the handler's exception, logged with its stack trace; null when the record never parsed */
    private Outcome park(ConsumerRecord<byte[], byte[]> record, EventEnvelope envelope, Throwable cause, String reason,
                         int attempts) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            deadLetters.publish(record, reason, attempts);
        } catch (RuntimeException e) {
            counters.infrastructureFailures.incrementAndGet();
            retries.recordInfrastructureFailure(partition, record.offset());
            LOG.log(Level.WARNING, e, () -> "consumer " + name + " could not park " + where
                    + " in the dead-letter topic; it stays unconsumed and is tried again: " + e.getMessage());
            return Outcome.RETRY_LATER;
        }
        counters.deadLettered.incrementAndGet();
        LOG.log(Level.WARNING, cause, () -> "consumer " + name + " parked " + where
                + (envelope == null ? "" : " (event " + envelope.id() + ", " + envelope.type() + ")") + " in " + Topics.deadLetter(record.topic()) + " after " + attempts
                + " attempt(s): " + reason);
        if (envelope != null) {
            try {
                database.inTransaction(tx -> markProcessed(tx, envelope.id()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "consumer " + name + " parked event " + envelope.id()
                        + " but could not record it as processed; another delivery of it would be handled again");
            }
        }
        retries.clear(partition);
        return Outcome.PARKED;
    }

    private static String reason(Throwable cause) {
        return cause.getClass().getName() + ": " + cause.getMessage();
    }

    private static void fail(Span span, Throwable cause) {
        span.recordException(cause);
        span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
    }

    /** Carries a handler's checked exception through the transaction helper. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause);
        }
    }
}
