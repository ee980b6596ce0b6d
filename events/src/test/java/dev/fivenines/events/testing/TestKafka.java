package dev.fivenines.events.testing;

import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.Topics;
import dev.fivenines.events.TopicAdmin;
import dev.fivenines.events.engines.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Kafka broker per test JVM (a child JVM started from {@code fivenines.kafka.lib} on first
 * use and stopped by a shutdown hook), plus helpers to give each test its own topics and to read
 * what landed in them.
 */
public final class TestKafka {
    public static final String LIB_PROPERTY = "fivenines.kafka.lib";
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("fivenines-test-kafka");
                broker = startBroker(dir.resolve("data"), 0, 0, dir.resolve("broker.log"));
                KafkaBroker started = broker;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    deleteQuietly(dir);
                }, "test-kafka-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the test Kafka broker", e);
            }
        }
        return broker;
    }

    /**
     * Starts a broker of its own (for tests that stop and restart one); the caller closes it.
     * Uses the same JDK as the tests and the broker jars named by {@value #LIB_PROPERTY}.
     */
    public static KafkaBroker startBroker(Path dataDirectory, int port, int controllerPort, Path logFile) throws IOException {
        String lib = System.getProperty(LIB_PROPERTY);
        if (lib == null || lib.isBlank()) {
            throw new IllegalStateException("system property " + LIB_PROPERTY + " is not set; the parent pom's surefire "
                    + "configuration sets it to kafka-broker/target/lib");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return KafkaBroker.start(java, Path.of(lib), dataDirectory, port, controllerPort, logFile);
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Settings for clients of the shared broker, with short timeouts so failures show quickly. */
    public static KafkaSettings settings(String clientId) {
        return KafkaSettings.of(bootstrapServers(), clientId);
    }

    /**
     * Creates a topic no other test uses, and its dead-letter topic, with {@code partitions}
     * partitions; returns its name.
     */
    public static String freshTopic(String prefix, int partitions) {
        String topic = "test." + prefix.toLowerCase().replaceAll("[^a-z0-9]", "-") + "." + TOPICS.incrementAndGet();
        TopicAdmin.ensureTopics(settings("test-admin"), List.of(topic, Topics.deadLetter(topic)), partitions, 1);
        return topic;
    }

    /**
     * Reads every record of {@code topic} from the beginning until {@code expected} arrived or
     * {@code timeout} passed; returns them ordered by partition, then offset.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic, int expected,
                                                               Duration timeout) {
        var config = new java.util.HashMap<String, Object>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        return readAll(bootstrapServers(), topic, expected, timeout);
    }

    /** Records in {@code topic} now (sum of end offsets; test topics are never compacted or trimmed). */
    public static long recordCount(String topic) {
        var config = new java.util.HashMap<String, Object>(settings("test-counter").consumerConfig("test-counter", 1));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Publishes raw records (for tests that need malformed or duplicated deliveries) and waits for acks. */
    public static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        try (var producer = new KafkaProducer<byte[], byte[]>(settings("test-producer").producerConfig("raw"))) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            records.forEach(r -> acks.add(producer.send(r)));
            for (var ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("test producer could not publish: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
