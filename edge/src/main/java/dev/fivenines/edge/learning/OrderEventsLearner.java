package dev.fivenines.edge.learning;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.Check;
import dev.fivenines.base.Json;
import dev.fivenines.base.state.Transitions;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.events.EventHeaders;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.traffic.value.SessionValueModel;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Teaches the edge's {@link SessionValueModel} from the shop's own {@code OrderPlaced} events, so a
 * purchase this edge did not see answered (placed through another edge, a retry that took another
 * route, an order placed by an admin) still counts as a conversion of the session it was made in.
 *
 * <p>Every edge must see every order, so each consumes in a group of its own ({@link #groupId}). The
 * model lives in memory and forgets everything on restart, so on its first assignment of a partition
 * in this process the learner starts at the end of the log rather than replaying orders of sessions
 * it cannot know; offsets are committed afterwards only so that a rebalance within the process (its
 * own rejoin after a Kafka hiccup) resumes where it was instead of skipping orders.
 *
 * <p>Kafka is off the buying path: {@link #start()} never touches the network and the consumer is
 * created and polled on a daemon thread that keeps trying, with backoff, while Kafka is unreachable,
 * and says so in a warning every {@code warnAfterMillis}. Every call to Kafka is bounded (poll
 * timeout, {@link KafkaSettings#requestTimeoutMillis()} for everything else). A record that cannot be
 * read is logged and skipped: the only effect an order has here is a learning signal, and one lost
 * signal is worth less than a stalled loop.
 */
public final class OrderEventsLearner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OrderEventsLearner.class.getName());
    public static final int MAX_POLL_RECORDS = 500;
    public static final long DEFAULT_POLL_TIMEOUT_MILLIS = 500;
    public static final long DEFAULT_WARN_AFTER_MILLIS = 30_000;
    /** A new topic (or partition) is noticed within this time; Kafka's default is 5 minutes. */
    static final int METADATA_MAX_AGE_MILLIS = 30_000;
    static final long RECONNECT_BACKOFF_MAX_MILLIS = 5_000;

    /** The learner's life; {@code start} and {@code close} move it along the table, anything else throws. */
    public enum State { NEW, RUNNING, STOPPED }

    private static final Transitions<State> MOVES = Transitions.of(State.class, "edge order learner")
            .allow(State.NEW, State.RUNNING, State.STOPPED)
            .allow(State.RUNNING, State.STOPPED)
            .terminal(State.STOPPED);

    private final SessionValueModel values;
    private final KafkaSettings settings;
    private final String groupId;
    private final String topic;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final long pollTimeoutMillis;
    private final long warnAfterNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Partitions already placed at the log end in this process: later assignments resume from commits. */
    private final Set<TopicPartition> started = new HashSet<>();
    private final AtomicLong converted = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean reading;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;

    /**
     * @param groupId           this edge's own consumer group (never shared with another edge)
     * @param pollTimeoutMillis longest one poll blocks, hence also how late a missed wake-up stops the loop
     * @param warnAfterMillis   how long the learner may go without partitions before it warns (and again after as long)
     */
    public OrderEventsLearner(SessionValueModel values, KafkaSettings settings, String groupId, String topic, Backoff backoff,
                              RandomGenerator random, LongSupplier nanoTime, long pollTimeoutMillis, long warnAfterMillis) {
        Check.argument(values != null, "values must be given");
        Check.argument(settings != null, "settings must be given");
        Check.argument(groupId != null && !groupId.isBlank(), "groupId must be given");
        Check.argument(topic != null && !topic.isBlank(), "topic must be given");
        Check.argument(backoff != null && random != null && nanoTime != null, "backoff, random and nanoTime must be given");
        Check.inRange("edge.orderEvents.pollTimeoutMillis", pollTimeoutMillis, 1, 60_000);
        Check.inRange("edge.orderEvents.warnAfterMillis", warnAfterMillis, 1, 3_600_000);
        this.values = values;
        this.settings = settings;
        this.groupId = groupId;
        this.topic = topic;
        this.backoff = backoff;
        this.random = random;
        this.nanoTime = nanoTime;
        this.pollTimeoutMillis = pollTimeoutMillis;
        this.warnAfterNanos = TimeUnit.MILLISECONDS.toNanos(warnAfterMillis);
    }

    /** The consumer group of edge instance {@code instanceName}: one per edge, so each sees every order. */
    public static String groupId(String instanceName) {
        return "fivenines-edge-values-" + instanceName;
    }

    /** Starts the loop on a daemon thread and returns at once, whether or not Kafka is reachable. */
    public OrderEventsLearner start() {
        transition(State.NEW, State.RUNNING);
        Thread t = new Thread(this::run, "fivenines-edge-order-learner");
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    public State state() {
        return state.get();
    }

    /** True once partitions are assigned and positioned: orders published from now on will be read. */
    public boolean reading() {
        return reading;
    }

    /** OrderPlaced events with a valid session handed to the value model. */
    public long convertedCount() {
        return converted.get();
    }

    /** Records that could not be read (malformed envelope or payload, bad session id) and were skipped. */
    public long skippedCount() {
        return skipped.get();
    }

    private void run() {
        int failures = 0;
        long quietSince = nanoTime.getAsLong();
        long lastWarning = quietSince;
        while (!stopRequested()) {
            KafkaConsumer<byte[], byte[]> c = null;
            try {
                c = new KafkaConsumer<>(consumerConfig());
                consumer = c;
                // close() sets the stop flag before it reads the consumer; we publish it before we read the flag.
                if (stopRequested()) {
                    break;
                }
                c.subscribe(List.of(topic), new Rebalance(c));
                while (!stopRequested()) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(pollTimeoutMillis));
                    records.forEach(this::learn);
                    if (!records.isEmpty()) {
                        c.commitAsync((offsets, error) -> {
                            if (error != null) {
                                LOG.fine(() -> "edge order learner could not commit " + offsets + "; a rebalance may "
                                        + "read those orders again (a no-op for sessions already converted): " + error);
                            }
                        });
                    }
                    failures = 0;
                    long now = nanoTime.getAsLong();
                    if (reading) {
                        quietSince = now;
                        lastWarning = now;
                    } else if (now - lastWarning >= warnAfterNanos) {
                        lastWarning = now;
                        long quietSeconds = TimeUnit.NANOSECONDS.toSeconds(now - quietSince);
                        LOG.warning(() -> "edge value model is not learning from " + topic + ": no partitions from Kafka at "
                                + settings.bootstrapServers() + " for " + quietSeconds + " s; still trying. Checkouts "
                                + "answered through this edge still teach it");
                    }
                }
            } catch (WakeupException e) {
                break; // close() asked us to stop
            } catch (RuntimeException e) {
                failures++;
                long wait = backoff.delayMillis(failures, random::nextDouble);
                int n = failures;
                LOG.log(Level.WARNING, e, () -> "edge order learner failed (" + n + " in a row); orders placed meanwhile "
                        + "may not teach this edge's value model; retrying in " + wait + " ms: " + e.getMessage());
                closeQuietly(c);
                c = null;
                if (awaitStop(wait)) {
                    break;
                }
            } finally {
                reading = false;
                consumer = null;
                closeQuietly(c);
            }
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = settings.consumerConfig(groupId, MAX_POLL_RECORDS);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, METADATA_MAX_AGE_MILLIS);
        // Static membership: the group has one member per edge instance, so a restarted edge (or the
        // consumer this loop recreates after a failure) takes its predecessor's place at once instead
        // of waiting out the dead member's session timeout before it gets partitions.
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupId);
        // While Kafka is down, retry connections at most every few seconds, not every second.
        config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MILLIS);
        return config;
    }

    /** Hands one record's session, if it carries a valid one, to the value model; never throws. */
    void learn(ConsumerRecord<byte[], byte[]> record) {
        String type = header(record, EventHeaders.TYPE);
        if (type == null) {
            skip(record, "it has no " + EventHeaders.TYPE + " header");
            return;
        }
        if (!EventTypes.ORDER_PLACED.equals(type)) {
            return; // the topic carries the order's whole life; only its placement is a purchase
        }
        String version = header(record, EventHeaders.SCHEMA_VERSION);
        if (version != null && !version.trim().equals(Integer.toString(OrderPlaced.SCHEMA_VERSION))) {
            skip(record, "it has schema version '" + abbreviate(version) + "'; this edge reads " + OrderPlaced.SCHEMA_VERSION);
            return;
        }
        OrderPlaced placed;
        try {
            placed = record.value() == null ? null : Json.mapper().readValue(record.value(), OrderPlaced.class);
        } catch (java.io.IOException | RuntimeException e) {
            skip(record, "its payload is not an OrderPlaced: " + abbreviate(e.getMessage()));
            return;
        }
        if (placed == null) {
            skip(record, "it has no payload");
            return;
        }
        String session = placed.sessionId();
        if (session == null) {
            return; // placed outside any session the edge could know
        }
        if (!OrderPlaced.isValidSessionId(session)) {
            skip(record, "its sessionId is not 1-" + OrderPlaced.MAX_SESSION_ID_LENGTH + " visible ASCII characters");
            return;
        }
        // A repeat (a checkout retried after a crash publishes the order again, or this edge saw the
        // 201 already) teaches nothing: the model remembers for a window which sessions bought.
        values.converted(session);
        converted.incrementAndGet();
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, String why) {
        skipped.incrementAndGet();
        LOG.warning(() -> "edge order learner skipped record " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + " because " + why + "; its purchase, if any, does not teach the value model");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8);
        return value.isBlank() ? null : value;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /** Puts partitions new to this process at the log end; the rest resume from their commits. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;

        Rebalance(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition p : partitions) {
                if (!started.contains(p)) {
                    fresh.add(p);
                }
            }
            if (!fresh.isEmpty()) {
                c.seekToEnd(fresh);
                // seekToEnd is lazy: resolve it now (bounded by the API timeout), so that reading() means
                // an order published from here on is read, not skipped by a later end lookup.
                for (TopicPartition p : fresh) {
                    c.position(p, Duration.ofMillis(settings.requestTimeoutMillis()));
                    started.add(p);
                }
            }
            reading = !c.assignment().isEmpty();
            LOG.fine(() -> "edge order learner assigned " + partitions + " (" + fresh.size() + " new, started at the end)");
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            reading = false;
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            reading = false;
        }
    }

    private boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    private boolean awaitStop(long millis) {
        try {
            return stopRequested.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void closeQuietly(KafkaConsumer<byte[], byte[]> c) {
        if (c == null) {
            return;
        }
        try {
            c.close(CloseOptions.timeout(Duration.ofMillis(settings.requestTimeoutMillis())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "edge order learner did not leave group " + groupId + " cleanly; the broker "
                    + "drops it when its session times out");
        }
    }

    private void transition(State from, State to) {
        if (!MOVES.allows(from, to) || !state.compareAndSet(from, to)) {
            throw new IllegalStateException("edge order learner: cannot go " + from + " -> " + to + ", it is " + state.get());
        }
    }

    /**
     * Stops the loop, waking it if it is polling, and waits for it up to the Kafka request timeout
     * plus one poll (the consumer's own close is bounded by the request timeout).
     */
    @Override
    public void close() {
        State was = state.getAndSet(State.STOPPED);
        stopRequested.countDown();
        if (was != State.RUNNING) {
            return;
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        try {
            long waitMillis = 2L * settings.requestTimeoutMillis() + pollTimeoutMillis;
            if (!t.join(Duration.ofMillis(waitMillis))) {
                LOG.severe(() -> "edge order learner did not stop within " + waitMillis + " ms; its daemon thread is left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when the loop's thread has ended (or never started). */
    public boolean stopped() {
        Thread t = thread;
        return state.get() == State.STOPPED && (t == null || !t.isAlive());
    }
}
