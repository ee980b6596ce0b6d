package dev.fivenines.events.internal;

import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.KafkaUnavailableException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The relay's producer: idempotent, acks=all, created on first use and replaced after a failure.
 * {@link #publish} is called from the relay loop only; {@link #discard} may also be called from the
 * closing thread to fail a publish that is waiting for acknowledgements.
 */
public final class BatchPublisher {
    private final KafkaSettings settings;
    private final String clientIdSuffix;
    private final LongSupplier nanoClock;
    private final AtomicReference<Producer<byte[], byte[]>> producer = new AtomicReference<>();

    public BatchPublisher(KafkaSettings settings, String clientIdSuffix, LongSupplier nanoClock) {
        this.settings = settings;
        this.clientIdSuffix = clientIdSuffix;
        this.nanoClock = nanoClock;
    }

    /**
     * Sends the rows in order and returns once Kafka acknowledged every one.
     *
     * @throws KafkaUnavailableException at the first row that was not acknowledged within the deadline
     */
    public void publish(List<OutboxRow> batch) {
        Producer<byte[], byte[]> p = producer();
        long deadline = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(settings.publishDeadlineMillis());
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (OutboxRow row : batch) {
            Future<RecordMetadata> ack;
            try {
                ack = p.send(EnvelopeCodec.toRecord(row));
            } catch (RuntimeException e) {
                throw new KafkaUnavailableException("could not send outbox row " + row.id() + " (event " + row.eventId()
                        + ", topic " + row.topic() + "): " + e.getMessage(), e);
            }
            acks.add(ack);
            // A send that failed at once (no metadata within max.block.ms) already cost its full wait:
            // stop here rather than wait again for every later row, which must not overtake it anyway.
            if (ack.isDone()) {
                awaitAck(row, ack, deadline);
            }
        }
        for (int i = 0; i < acks.size(); i++) {
            awaitAck(batch.get(i), acks.get(i), deadline);
        }
    }

    private void awaitAck(OutboxRow row, Future<RecordMetadata> ack, long deadlineNanos) {
        try {
            long remaining = Math.max(1, deadlineNanos - nanoClock.getAsLong());
            ack.get(remaining, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KafkaUnavailableException("Kafka did not acknowledge outbox row " + row.id() + " (event "
                    + row.eventId() + ", topic " + row.topic() + "): " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("no acknowledgement for outbox row " + row.id() + " within "
                    + settings.publishDeadlineMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing outbox row " + row.id(), e);
        }
    }

    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> p = producer.get();
        if (p == null) {
            p = new KafkaProducer<>(settings.producerConfig(clientIdSuffix));
            if (!producer.compareAndSet(null, p)) {
                p.close(Duration.ZERO);
                p = producer.get();
            }
        }
        return p;
    }

    /**
     * After a failure the producer may hold sends that will still fail one by one, or stale
     * metadata; a fresh one starts clean when Kafka comes back. Its unacknowledged records are
     * abandoned, which is safe: their rows were not marked sent.
     */
    public void discard() {
        Producer<byte[], byte[]> p = producer.getAndSet(null);
        if (p != null) {
            p.close(Duration.ZERO);
        }
    }
}
