package dev.fivenines.events;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import dev.fivenines.db.Database;
import dev.fivenines.events.internal.ConsumerTracing;
import dev.fivenines.events.internal.DeadLetterPublisher;
import dev.fivenines.events.internal.Lifecycle;
import dev.fivenines.events.internal.Lifecycle.State;
import dev.fivenines.events.internal.PartitionRetries;
import dev.fivenines.events.internal.RecordProcessor;
import dev.fivenines.events.internal.RecordProcessor.Outcome;
import io.opentelemetry.api.OpenTelemetry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Reads events and hands each to an {@link EventHandler} exactly once in effect.
 *
 * <p>Per record, in partition (= key) order: parse the envelope (unparseable -> dead-letter at once);
 * then in one SQL transaction record {@code (consumer, event id)} in {@code processed_events} and run
 * the handler, so the handler's effects and the dedupe row commit together and a redelivered event is
 * skipped. A failing handler is retried with backoff (the partition is paused meanwhile, the others
 * go on) and after {@code maxAttempts} the record is parked in {@code <topic>.dlq} with the reason.
 * Failures of the database itself never count toward that limit: the record waits for it. Offsets
 * are committed only for records handled, skipped or parked, so a crash redelivers and dedupe
 * absorbs it. They are committed at most once per {@code commitIntervalMillis} (and always when
 * partitions are revoked and on close), not after every batch: a commit is a round trip and a write
 * on the broker's group coordinator, and at a few events a second every batch is one record. A crash
 * redelivers at most that interval's records, which dedupe absorbs (decision 030).
 */
public final class IdempotentConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    /** Offsets committed at most this often after batches; a crash redelivers at most this long's records. */
    public static final long DEFAULT_COMMIT_INTERVAL_MILLIS = 1_000;
    /**
     * The longest one poll waits for records. The broker holds an idle fetch for
     * {@link KafkaSettings#FETCH_MAX_WAIT_MILLIS} anyway, so a shorter wait only woke the loop to ask
     * again for what was already asked (500 ms: four wake-ups per fetch). Records end a poll at once,
     * {@link #close()} wakes it, and paused partitions and pending commits bound it (decision 044).
     */
    public static final long DEFAULT_POLL_TIMEOUT_MILLIS = 2_000;

    private final String name;
    private final KafkaSettings settings;
    private final List<String> topics;
    private final Database database;
    private final EventHandler handler;
    private final int maxAttempts;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final LongSupplier nanoClock;
    private final int maxPollRecords;
    private final long pollTimeoutMillis;
    private final long closeTimeoutMillis;
    private final long commitIntervalNanos;
    private final ConsumerTracing tracing;
    private final Lifecycle lifecycle;
    private final PartitionRetries retries = new PartitionRetries();
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private long lastCommitNanos;

    private final RecordProcessor.Counters counters = new RecordProcessor.Counters();

    /** Records behind the end of each subscribed topic, summed over this member's partitions; see {@link #lag}. */
    private final Map<String, AtomicLong> lagByTopic = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;

    private IdempotentConsumer(Builder b) {
        this.name = b.name;
        this.settings = b.settings;
        this.topics = List.copyOf(b.topics);
        this.database = b.database;
        this.handler = b.handler;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.random = b.random;
        this.nanoClock = b.nanoClock;
        this.maxPollRecords = b.maxPollRecords;
        this.pollTimeoutMillis = b.pollTimeoutMillis;
        this.closeTimeoutMillis = b.closeTimeoutMillis;
        this.commitIntervalNanos = TimeUnit.MILLISECONDS.toNanos(b.commitIntervalMillis);
        this.lastCommitNanos = b.nanoClock.getAsLong() - commitIntervalNanos; // the first batch commits at once
        this.tracing = new ConsumerTracing(b.openTelemetry, b.name);
        this.lifecycle = new Lifecycle("consumer " + b.name);
        topics.forEach(t -> lagByTopic.put(t, new AtomicLong()));
    }

    /** @param name consumer group and dedupe namespace: two consumers with one name share the work */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Joins the group and starts the poll loop on its own daemon thread. */
    public IdempotentConsumer start() {
        lifecycle.transition(State.NEW, State.RUNNING);
        consumer = new KafkaConsumer<>(settings.consumerConfig(name, maxPollRecords));
        Thread t = new Thread(this::loop, "fivenines-consumer-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    public String name() {
        return name;
    }

    /** Events whose handler committed. */
    public long handledCount() {
        return counters.handled.get();
    }

    /** Deliveries skipped because the event id was already processed. */
    public long duplicateCount() {
        return counters.duplicates.get();
    }

    /** Records parked in a dead-letter topic. */
    public long deadLetteredCount() {
        return counters.deadLettered.get();
    }

    /** Handler attempts that threw (each retry counts). */
    public long handlerFailureCount() {
        return counters.handlerFailures.get();
    }

    /** Attempts that failed because the database or Kafka was unavailable. */
    public long infrastructureFailureCount() {
        return counters.infrastructureFailures.get();
    }

    public State state() {
        return lifecycle.state();
    }

    public List<String> topics() {
        return topics;
    }

    /**
     * Records of {@code topic} not yet handled by this member: over its assigned partitions, the log
     * end offset minus the position it will read next, as the client last learned them from its
     * fetches (no call to the broker). Updated after each batch; a member stuck in a handler keeps
     * showing the lag it had when it took the batch. 0 for a topic it has no partition of.
     */
    public long lag(String topic) {
        AtomicLong lag = lagByTopic.get(topic);
        Check.argument(lag != null, "consumer %s does not subscribe to %s (it reads %s)", name, topic, topics);
        return lag.get();
    }

    private void loop() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        int loopFailures = 0;
        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(settings, name)) {
            RecordProcessor processor = new RecordProcessor(name, database, handler, maxAttempts, tracing, retries,
                    deadLetters, counters);
            c.subscribe(topics, new Rebalance(c));
            while (!lifecycle.stopRequested()) {
                try {
                    pollOnce(c, processor);
                    loopFailures = 0;
                } catch (WakeupException e) {
                    break; // close() asked us to stop
                } catch (RuntimeException e) {
                    loopFailures++;
                    long wait = backoff.delayMillis(loopFailures, random::nextDouble);
                    int n = loopFailures;
                    LOG.log(Level.WARNING, e, () -> "consumer " + name + " poll loop failed (" + n + " in a row); "
                            + "uncommitted records will be read again, retrying in " + wait + " ms: " + e.getMessage());
                    if (lifecycle.awaitStop(wait)) {
                        break;
                    }
                }
            }
        } catch (Error e) {
            LOG.log(Level.SEVERE, e, () -> "consumer " + name + " died; its partitions move to the other members");
            throw e;
        } finally {
            try {
                commitPending(c, "on close");
            } catch (WakeupException e) {
                // The wakeup from close() was still pending and is now used up: commit for real.
                commitPending(c, "on close");
            }
            try {
                c.close(CloseOptions.timeout(Duration.ofMillis(settings.requestTimeoutMillis())));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "consumer " + name + " did not leave its group cleanly; the broker "
                        + "reassigns its partitions when the session times out");
            }
            lifecycle.tryTransition(State.STOPPING, State.STOPPED);
        }
    }

    private void pollOnce(KafkaConsumer<byte[], byte[]> c, RecordProcessor processor) {
        long now = nanoClock.getAsLong();
        List<TopicPartition> due = retries.resumeDue(now);
        if (!due.isEmpty()) {
            c.resume(due);
        }
        long untilResume = TimeUnit.NANOSECONDS.toMillis(retries.nanosUntilNextResume(now));
        // Offsets waiting for their commit still go out within the commit interval; an idle member
        // with nothing pending sleeps the whole poll timeout (decision 044).
        long untilCommit = pending.isEmpty() ? Long.MAX_VALUE
                : TimeUnit.NANOSECONDS.toMillis(Math.max(0, commitIntervalNanos - (now - lastCommitNanos)));
        long waitMillis = Math.max(1, Math.min(pollTimeoutMillis, Math.min(untilResume, untilCommit)));
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(waitMillis));
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (lifecycle.stopRequested()) {
                    commitPending(c, "on stop");
                    return;
                }
                Outcome outcome = processor.process(record);
                if (outcome == Outcome.RETRY_LATER) {
                    // Later records of this partition wait behind the failing one: per-key order.
                    c.seek(partition, record.offset());
                    c.pause(List.of(partition));
                    long delay = backoff.delayMillis(Math.max(1, retries.consecutiveFailures(partition)), random::nextDouble);
                    retries.pauseUntil(partition, nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delay));
                    break;
                }
                pending.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (nanoClock.getAsLong() - lastCommitNanos >= commitIntervalNanos) {
            commitPending(c, "after a batch");
        }
        updateLag(c);
    }

    /** From the client's cached fetch positions and end offsets: bounded by the assigned partitions, no remote call. */
    private void updateLag(KafkaConsumer<byte[], byte[]> c) {
        Map<String, Long> sums = new HashMap<>();
        for (TopicPartition partition : c.assignment()) {
            c.currentLag(partition).ifPresent(lag -> sums.merge(partition.topic(), lag, Long::sum));
        }
        lagByTopic.forEach((topic, lag) -> lag.set(sums.getOrDefault(topic, 0L)));
    }

    private void commitPending(KafkaConsumer<byte[], byte[]> c, String when) {
        if (pending.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(pending);
        try {
            c.commitSync(offsets, Duration.ofMillis(settings.requestTimeoutMillis()));
            lastCommitNanos = nanoClock.getAsLong();
            pending.keySet().removeAll(offsets.keySet());
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "consumer " + name + " could not commit offsets " + when + " " + offsets
                    + "; those records may be delivered again and will be deduplicated: " + e.getMessage());
        }
    }

    /** Commits what was done on partitions leaving us, and forgets their retry state. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;

        Rebalance(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitPending(c, "on revocation");
            partitions.forEach(pending::remove);
            retries.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.fine(() -> "consumer " + name + " assigned " + partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
            retries.forget(partitions);
        }
    }

    /** Stops the loop (waking it if it is polling) and returns within the close timeout. */
    @Override
    public void close() {
        if (lifecycle.tryTransition(State.NEW, State.STOPPED)) {
            return;
        }
        if (!lifecycle.tryTransition(State.RUNNING, State.STOPPING)) {
            return;
        }
        consumer.wakeup();
        Thread t = thread;
        try {
            if (!t.join(Duration.ofMillis(closeTimeoutMillis))) {
                LOG.severe(() -> "consumer " + name + " did not stop within " + closeTimeoutMillis + " ms; its daemon "
                        + "thread is left to finish the current event");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a consumer; validated in {@link #build()} with messages naming the key and range. */
    public static final class Builder {
        private final String name;
        private KafkaSettings settings;
        private List<String> topics;
        private Database database;
        private EventHandler handler;
        private int maxAttempts = 5;
        private Backoff backoff = Backoff.equalJitter(100, 5_000, 2.0);
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();
        private RandomGenerator random;
        private LongSupplier nanoClock = System::nanoTime;
        private int maxPollRecords = 100;
        private long pollTimeoutMillis = DEFAULT_POLL_TIMEOUT_MILLIS;
        private long closeTimeoutMillis = 10_000;
        private long commitIntervalMillis = DEFAULT_COMMIT_INTERVAL_MILLIS;

        private Builder(String name) {
            this.name = name;
        }

        public Builder settings(KafkaSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder topics(Collection<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        public Builder topics(String... topics) {
            return topics(List.of(topics));
        }

        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        public Builder handler(EventHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Handler attempts before the record is parked (1 = no retry). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** Where processing spans go; the no-op default records nothing but still propagates context. */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /** Source of backoff jitter. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        public Builder maxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        public Builder pollTimeoutMillis(long pollTimeoutMillis) {
            this.pollTimeoutMillis = pollTimeoutMillis;
            return this;
        }

        public Builder closeTimeoutMillis(long closeTimeoutMillis) {
            this.closeTimeoutMillis = closeTimeoutMillis;
            return this;
        }

        /**
         * Least time between two offset commits after batches ({@link #DEFAULT_COMMIT_INTERVAL_MILLIS});
         * 0 commits after every batch. Revocation and close always commit.
         */
        public Builder commitIntervalMillis(long commitIntervalMillis) {
            this.commitIntervalMillis = commitIntervalMillis;
            return this;
        }

        public IdempotentConsumer build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new ConfigException("consumer name must be 1-100 characters of [a-z0-9._-] starting with a letter "
                        + "or digit, was '" + name + "'");
            }
            Check.argument(settings != null, "consumer %s needs KafkaSettings", name);
            Check.argument(topics != null && !topics.isEmpty(), "consumer %s needs at least one topic", name);
            Check.argument(database != null, "consumer %s needs a Database", name);
            Check.argument(handler != null, "consumer %s needs an EventHandler", name);
            Check.argument(random != null, "consumer %s needs a random source for backoff jitter", name);
            Check.inRange("consumer." + name + ".maxAttempts", maxAttempts, 1, 100);
            Check.inRange("consumer." + name + ".maxPollRecords", maxPollRecords, 1, 10_000);
            Check.inRange("consumer." + name + ".pollTimeoutMillis", pollTimeoutMillis, 1, 60_000);
            Check.inRange("consumer." + name + ".closeTimeoutMillis", closeTimeoutMillis, 100, 120_000);
            Check.inRange("consumer." + name + ".commitIntervalMillis", commitIntervalMillis, 0, 60_000);
            return new IdempotentConsumer(this);
        }
    }
}
