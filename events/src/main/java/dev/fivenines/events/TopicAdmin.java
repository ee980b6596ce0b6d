package dev.fivenines.events;

import dev.fivenines.base.Check;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Creates the topics of the catalogue ({@link Topics#all()}) at role start. Idempotent: existing
 * topics are left alone (their partition count is never changed, since that would move keys between
 * partitions and break per-key order).
 */
public final class TopicAdmin {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(TopicAdmin.class.getName());

    private TopicAdmin() {
    }

    public static void ensureTopics(KafkaSettings settings, Collection<String> topics, int partitions, int replicationFactor) {
        ensureTopics(settings, topics, partitions, replicationFactor, DEFAULT_TIMEOUT);
    }

    /**
     * Makes sure every topic exists and is visible in the cluster metadata, creating the missing ones
     * with {@code partitions} and {@code replicationFactor}; gives up after {@code timeout}.
     *
     * @throws KafkaUnavailableException if the topics are not all there within {@code timeout}
     */
    public static void ensureTopics(KafkaSettings settings, Collection<String> topics, int partitions,
                                    int replicationFactor, Duration timeout) {
        Check.inRange("kafka.partitions", partitions, 1, 10_000);
        Check.inRange("kafka.replicationFactor", replicationFactor, 1, 7);
        Check.argument(!topics.isEmpty(), "no topics given");
        long deadline = System.nanoTime() + timeout.toNanos();
        int callTimeoutMillis = settings.requestTimeoutMillis();
        Exception last = null;
        try (Admin admin = Admin.create(settings.adminConfig("topic-admin"))) {
            while (System.nanoTime() - deadline < 0) {
                try {
                    var existing = admin.listTopics().names().get(callTimeoutMillis, TimeUnit.MILLISECONDS);
                    List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                            .map(t -> new NewTopic(t, partitions, (short) replicationFactor)).toList();
                    if (!missing.isEmpty()) {
                        create(admin, missing, callTimeoutMillis);
                    }
                    Map<String, TopicDescription> described = admin.describeTopics(topics,
                                    new DescribeTopicsOptions().timeoutMs(callTimeoutMillis))
                            .allTopicNames().get(callTimeoutMillis, TimeUnit.MILLISECONDS);
                    described.values().stream().filter(d -> d.partitions().size() != partitions).forEach(d ->
                            LOG.warning(() -> "topic " + d.name() + " has " + d.partitions().size()
                                    + " partitions, not the " + partitions + " asked for; left as it is"));
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Metadata not propagated yet or broker briefly unreachable: ask again until the deadline.
                    last = e;
                    sleepBriefly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while creating topics " + topics, e);
        }
        throw new KafkaUnavailableException("topics " + topics + " not all present on " + settings.bootstrapServers()
                + " within " + timeout + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static void create(Admin admin, List<NewTopic> missing, int callTimeoutMillis)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        var results = admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(callTimeoutMillis)).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(callTimeoutMillis, TimeUnit.MILLISECONDS);
                LOG.info(() -> "created topic " + entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another role created it between our list and create: that is the idempotent outcome.
            }
        }
    }

    private static void sleepBriefly() throws InterruptedException {
        Thread.sleep(200);
    }
}
