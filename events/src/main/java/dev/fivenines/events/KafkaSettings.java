package dev.fivenines.events;

import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where Kafka is and how long any call to it may take. Validated when built; every message names the
 * key and its legal range.
 *
 * @param bootstrapServers      comma-separated {@code host:port} list ({@code kafka.bootstrapServers})
 * @param clientId              prefix of every client id this role uses ({@code kafka.clientId})
 * @param requestTimeoutMillis  deadline of one request to a broker, and of a metadata wait in {@code send}
 * @param deliveryTimeoutMillis deadline of one produced record, retries included
 */
public record KafkaSettings(String bootstrapServers, String clientId, int requestTimeoutMillis, int deliveryTimeoutMillis) {
    public static final int DEFAULT_REQUEST_TIMEOUT_MILLIS = 5_000;
    public static final int DEFAULT_DELIVERY_TIMEOUT_MILLIS = 10_000;
    /** Producers wait this long to fill a batch; Kafka needs delivery >= linger + request timeout. */
    public static final int LINGER_MILLIS = 5;
    /**
     * How long the broker holds a consumer's fetch when there is nothing to read. A record that
     * arrives answers the held fetch at once (fetch.min.bytes is 1), so this adds no latency; it only
     * sets how often an idle consumer asks again: Kafka's 500 ms meant two fetches a second from each
     * of the ~9 idle consumers of the local cluster (decision 028). At most half the request timeout
     * ({@link #fetchMaxWaitMillis}), so a held fetch never looks like a broker that stopped answering.
     */
    public static final int FETCH_MAX_WAIT_MILLIS = 2_000;

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:(\\d{1,5})");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,100}");

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("kafka.bootstrapServers must be a comma-separated list of host:port, was empty");
        }
        for (String server : bootstrapServers.split(",")) {
            var m = HOST_PORT.matcher(server.trim());
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65_535) {
                throw new ConfigException("kafka.bootstrapServers must be a comma-separated list of host:port with port in [1, 65535], was '"
                        + bootstrapServers + "'");
            }
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new ConfigException("kafka.clientId must be 1-100 characters of [A-Za-z0-9._-], was '" + clientId + "'");
        }
        Check.inRange("kafka.requestTimeoutMillis", requestTimeoutMillis, 500, 120_000);
        Check.inRange("kafka.deliveryTimeoutMillis", deliveryTimeoutMillis, requestTimeoutMillis + LINGER_MILLIS, 600_000);
    }

    public static KafkaSettings of(String bootstrapServers, String clientId) {
        return new KafkaSettings(bootstrapServers, clientId, DEFAULT_REQUEST_TIMEOUT_MILLIS, DEFAULT_DELIVERY_TIMEOUT_MILLIS);
    }

    public KafkaSettings withTimeouts(int requestTimeoutMillis, int deliveryTimeoutMillis) {
        return new KafkaSettings(bootstrapServers, clientId, requestTimeoutMillis, deliveryTimeoutMillis);
    }

    /** How long the broker may hold an idle fetch of ours: {@link #FETCH_MAX_WAIT_MILLIS}, at most half the request timeout. */
    public int fetchMaxWaitMillis() {
        return Math.min(FETCH_MAX_WAIT_MILLIS, requestTimeoutMillis / 2);
    }

    /** The longest one {@code send} plus its acknowledgement can take: metadata wait + delivery timeout. */
    public long publishDeadlineMillis() {
        return (long) requestTimeoutMillis + deliveryTimeoutMillis;
    }

    /**
     * An idempotent, acks=all producer of byte keys and values: retries cannot duplicate or reorder
     * records within a partition, and {@code send} blocks at most {@link #requestTimeoutMillis}.
     */
    public Map<String, Object> producerConfig(String clientIdSuffix) {
        Map<String, Object> config = common(clientIdSuffix);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMillis);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestTimeoutMillis);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MILLIS);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * A consumer in group {@code groupId} that commits offsets only when told to and, as a new group,
     * starts from the earliest record (events written before its first start are not skipped).
     */
    public Map<String, Object> consumerConfig(String groupId, int maxPollRecords) {
        Map<String, Object> config = common(groupId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMillis());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, requestTimeoutMillis);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    public Map<String, Object> adminConfig(String clientIdSuffix) {
        Map<String, Object> config = common(clientIdSuffix);
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, requestTimeoutMillis);
        return config;
    }

    private Map<String, Object> common(String clientIdSuffix) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + clientIdSuffix);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMillis);
        return config;
    }
}
