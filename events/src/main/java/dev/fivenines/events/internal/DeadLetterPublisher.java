package dev.fivenines.events.internal;

import dev.fivenines.events.EventHeaders;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.KafkaUnavailableException;
import dev.fivenines.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Parks a record in {@code <topic>.dlq}: same key, value and headers as read, plus why, by whom,
 * after how many attempts and from where. Waits for the acknowledgement, so the consumer commits the
 * original offset only once the record is safe in the dead-letter topic.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    /** Longest reason kept in the header; the full stack trace is in the consumer's log. */
    static final int MAX_REASON_CHARS = 2_000;

    private final KafkaSettings settings;
    private final String consumer;
    private Producer<byte[], byte[]> producer;

    public DeadLetterPublisher(KafkaSettings settings, String consumer) {
        this.settings = settings;
        this.consumer = consumer;
    }

    static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String consumer,
                                                     String reason, int attempts) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dlq_")) {
                headers.add(header);
            }
        }
        String shortReason = reason == null ? "unknown" : reason.length() <= MAX_REASON_CHARS
                ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
        headers.add(EventHeaders.DLQ_REASON, shortReason.getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.DLQ_CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.DLQ_ATTEMPTS, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.DLQ_ORIGIN, (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(), record.value(), headers);
    }

    /** Publishes and waits for the acknowledgement, within the settings' publish deadline. */
    void publish(ConsumerRecord<byte[], byte[]> record, String reason, int attempts) {
        ProducerRecord<byte[], byte[]> parked = deadLetter(record, consumer, reason, attempts);
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(settings.producerConfig(consumer + "-dlq"));
            }
            producer.send(parked).get(settings.publishDeadlineMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            discard();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new KafkaUnavailableException("could not park " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " in " + parked.topic() + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard();
            throw new KafkaUnavailableException("interrupted while parking a record in " + parked.topic(), e);
        }
    }

    private void discard() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofMillis(settings.requestTimeoutMillis()));
            producer = null;
        }
    }
}
