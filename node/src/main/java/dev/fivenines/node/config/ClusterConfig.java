package dev.fivenines.node.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment's configuration: one YAML file plus environment overrides, validated when loaded
 * with messages that name the key and its legal range. Immutable once built.
 */
public record ClusterConfig(String stateDir, int portOffset, Postgres postgres, Kafka kafka, Map<String, RoleSpec> roles,
                            Shop shop, Fulfillment fulfillment, Recommendations recommendations, Demo demo,
                            int startTimeoutSeconds) {

    public static final List<String> ROLE_NAMES = List.of("edge", "shop", "fulfillment", "recommendations", "inventory");

    public record Postgres(boolean embedded, int port, String url, String user, int poolSize) {
    }

    public record Kafka(boolean embedded, int port, int controllerPort, String bootstrapServers) {
    }

    public record RoleSpec(int instances, int basePort, int heapMb) {
    }

    public record Shop(int paymentLatencyMillis, double paymentFailureRate, int paymentTimeoutMillis,
                       int recommendationsTimeoutMillis) {
    }

    public record Fulfillment(int deliveryDelayMillis) {
    }

    public record Recommendations(int extraLatencyMillis, double failureRate) {
    }

    public record Demo(boolean seed, int products, int unitsEach) {
    }

    public static ClusterConfig load(Path file, Map<String, String> env) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        ClusterConfig parsed;
        try {
            parsed = yaml.readValue(Files.readAllBytes(file), ClusterConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown key '" + e.getPropertyName() + "' (known: "
                    + e.getKnownPropertyIds() + ")", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        return parsed.withEnvironment(env).validated();
    }

    /** Environment overrides: FIVENINES_* variables win over the file. */
    ClusterConfig withEnvironment(Map<String, String> env) {
        String state = env.getOrDefault("FIVENINES_STATE_DIR", stateDir);
        int offset = intEnv(env, "FIVENINES_PORT_OFFSET", portOffset);
        Postgres pg = postgres;
        if (env.containsKey("FIVENINES_POSTGRES_URL")) {
            pg = new Postgres(false, pg.port(), env.get("FIVENINES_POSTGRES_URL"),
                    env.getOrDefault("FIVENINES_POSTGRES_USER", pg.user()), pg.poolSize());
        }
        Kafka k = kafka;
        if (env.containsKey("FIVENINES_KAFKA_BOOTSTRAP")) {
            k = new Kafka(false, k.port(), k.controllerPort(), env.get("FIVENINES_KAFKA_BOOTSTRAP"));
        }
        Map<String, RoleSpec> r = new LinkedHashMap<>(roles);
        for (String role : ROLE_NAMES) {
            String key = "FIVENINES_" + role.toUpperCase() + "_INSTANCES";
            if (env.containsKey(key) && r.containsKey(role)) {
                RoleSpec spec = r.get(role);
                r.put(role, new RoleSpec(intEnv(env, key, spec.instances()), spec.basePort(), spec.heapMb()));
            }
        }
        return new ClusterConfig(state, offset, pg, k, r, shop, fulfillment, recommendations, demo, startTimeoutSeconds);
    }

    ClusterConfig validated() {
        if (stateDir == null || stateDir.isBlank()) {
            throw new ConfigException("stateDir is required");
        }
        Check.inRange("portOffset", portOffset, 0, 50_000);
        Check.inRange("startTimeoutSeconds", startTimeoutSeconds, 10, 3_600);
        require(postgres, "postgres");
        if (postgres.embedded()) {
            Check.inRange("postgres.port", postgres.port(), 1_024, 65_000);
        } else if (postgres.url() == null || !postgres.url().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("postgres.url must be a jdbc:postgresql: URL when postgres.embedded is false, was '"
                    + postgres.url() + "'");
        }
        Check.inRange("postgres.poolSize", postgres.poolSize(), 1, 200);
        require(kafka, "kafka");
        if (kafka.embedded()) {
            Check.inRange("kafka.port", kafka.port(), 1_024, 65_000);
            Check.inRange("kafka.controllerPort", kafka.controllerPort(), 1_024, 65_000);
        } else if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
            throw new ConfigException("kafka.bootstrapServers is required when kafka.embedded is false");
        }
        require(roles, "roles");
        for (String name : roles.keySet()) {
            if (!ROLE_NAMES.contains(name)) {
                throw new ConfigException("roles." + name + " is not a role; roles are " + ROLE_NAMES);
            }
            RoleSpec spec = roles.get(name);
            Check.inRange("roles." + name + ".instances", spec.instances(), 0, 16);
            Check.inRange("roles." + name + ".basePort", spec.basePort(), 1_024, 65_000);
            Check.inRange("roles." + name + ".heapMb", spec.heapMb(), 64, 8_192);
        }
        for (String required : List.of("edge", "shop")) {
            if (!roles.containsKey(required) || roles.get(required).instances() < 1) {
                throw new ConfigException("roles." + required + ".instances must be at least 1");
            }
        }
        require(shop, "shop");
        Check.inRange("shop.paymentLatencyMillis", shop.paymentLatencyMillis(), 0, 60_000);
        Check.inRange("shop.paymentFailureRate", shop.paymentFailureRate(), 0.0, 1.0);
        Check.inRange("shop.paymentTimeoutMillis", shop.paymentTimeoutMillis(), 10, 60_000);
        Check.inRange("shop.recommendationsTimeoutMillis", shop.recommendationsTimeoutMillis(), 10, 10_000);
        require(fulfillment, "fulfillment");
        Check.inRange("fulfillment.deliveryDelayMillis", fulfillment.deliveryDelayMillis(), 0, 86_400_000);
        require(recommendations, "recommendations");
        Check.inRange("recommendations.extraLatencyMillis", recommendations.extraLatencyMillis(), 0, 60_000);
        Check.inRange("recommendations.failureRate", recommendations.failureRate(), 0.0, 1.0);
        require(demo, "demo");
        Check.inRange("demo.products", demo.products(), 0, 1_000_000);
        Check.inRange("demo.unitsEach", demo.unitsEach(), 0, 1_000_000_000);
        return this;
    }

    public int instances(String role) {
        RoleSpec spec = roles.get(role);
        return spec == null ? 0 : spec.instances();
    }

    /** Port of instance {@code index} (1-based) of {@code role}, after the offset. */
    public int port(String role, int index) {
        return roles.get(role).basePort() + portOffset + index - 1;
    }

    public int postgresPort() {
        return postgres.port() + portOffset;
    }

    public int kafkaPort() {
        return kafka.port() + portOffset;
    }

    public int kafkaControllerPort() {
        return kafka.controllerPort() + portOffset;
    }

    private static void require(Object section, String name) {
        if (section == null) {
            throw new ConfigException("section '" + name + "' is required");
        }
    }

    private static int intEnv(Map<String, String> env, String key, int fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, was '" + value + "'");
        }
    }
}
