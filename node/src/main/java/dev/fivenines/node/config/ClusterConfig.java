package dev.fivenines.node.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import dev.fivenines.edge.config.Traffic;
import dev.fivenines.traffic.admission.AdmissionMode;

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
                            int startTimeoutSeconds, Traffic traffic, Inventory inventory, TelemetrySettings telemetry) {

    public static final List<String> ROLE_NAMES = List.of("edge", "shop", "fulfillment", "recommendations", "inventory");

    public record Postgres(boolean embedded, int port, String url, String user, int poolSize) {
    }

    public record Kafka(boolean embedded, int port, int controllerPort, String bootstrapServers) {
    }

    /**
     * {@code niceness}: the role's CPU priority on a shared host (-20 = highest, 0 = normal, 19 =
     * lowest, as {@code nice}); optional, 0. The local topology gives the services off the buying
     * path (fulfillment, recommendations) 10, so under CPU overload the edge, shop, ledger and
     * engines run first, and the stock ledger -10, so its Raft heartbeats and collections are not
     * starved. Below 0 needs root or CAP_SYS_NICE; without it the role runs at 0 (logged).
     */
    public record RoleSpec(int instances, int basePort, int heapMb, Integer niceness) {
        public RoleSpec {
            niceness = niceness == null ? 0 : niceness;
        }

        public RoleSpec(int instances, int basePort, int heapMb) {
            this(instances, basePort, heapMb, 0);
        }
    }

    /**
     * {@code stockBadgeStalenessMillis}: how stale the product page's stock figure may be (a bounded
     * read at a nearby inventory replica); optional, {@link #DEFAULT_STOCK_BADGE_STALENESS_MILLIS}.
     */
    public record Shop(int paymentLatencyMillis, double paymentFailureRate, int paymentTimeoutMillis,
                       int recommendationsTimeoutMillis, String currency, int pendingPaymentsMaxOrders,
                       long pendingPaymentsMaxAmountMinor, long pendingPaymentsMaxOrderMinor,
                       Integer stockBadgeStalenessMillis) {
        public static final int DEFAULT_STOCK_BADGE_STALENESS_MILLIS = 2_000;

        public java.time.Duration stockBadgeStaleness() {
            return java.time.Duration.ofMillis(stockBadgeStalenessMillis == null
                    ? DEFAULT_STOCK_BADGE_STALENESS_MILLIS : stockBadgeStalenessMillis);
        }
    }

    public record Fulfillment(int deliveryDelayMillis) {
    }

    public record Recommendations(int extraLatencyMillis, double failureRate) {
    }

    public record Demo(boolean seed, int products, int unitsEach, int safetyStock, int reorderQty) {
    }

    /**
     * The Raft stock ledger (docs/inventory.md). Optional in the file: absent means {@link #defaults()}.
     *
     * @param groups                    Raft groups the SKUs are spread over by consistent hashing; every
     *                                  inventory instance hosts a replica of each. 1 keeps the single group
     *                                  "inventory" of earlier versions. Changing it needs a fresh state dir.
     * @param stockLowReannounceSeconds how often each group's leader re-announces open low-stock episodes
     * @param raftHosts                 optional: the host (name or IP) of inventory instance k is entry k, or
     *                                  the only entry for every instance; its Raft server binds to that host
     *                                  and the others reach it there. Absent: {@value #DEFAULT_RAFT_HOST}
     * @param raftTls                   optional: mutual TLS for all Raft traffic (PEM files); absent: plaintext
     */
    public record Inventory(int groups, int stockLowReannounceSeconds, List<String> raftHosts, RaftTlsFiles raftTls) {
        public static final int DEFAULT_GROUPS = 1;
        public static final int MAX_GROUPS = 16;
        public static final int DEFAULT_STOCK_LOW_REANNOUNCE_SECONDS = 30;
        /** Loopback: a Raft port without TLS must not be reachable from other hosts. */
        public static final String DEFAULT_RAFT_HOST = "127.0.0.1";

        public Inventory {
            raftHosts = raftHosts == null ? null : List.copyOf(raftHosts);
        }

        public Inventory(int groups, int stockLowReannounceSeconds) {
            this(groups, stockLowReannounceSeconds, null, null);
        }

        public static Inventory defaults() {
            return new Inventory(DEFAULT_GROUPS, DEFAULT_STOCK_LOW_REANNOUNCE_SECONDS);
        }

        /** The Raft host of inventory instance {@code instance} (1-based). */
        public String raftHost(int instance) {
            if (raftHosts == null || raftHosts.isEmpty()) {
                return DEFAULT_RAFT_HOST;
            }
            return raftHosts.size() == 1 ? raftHosts.getFirst() : raftHosts.get(instance - 1);
        }

        void validate(int instances) {
            Check.inRange("inventory.groups", groups, 1, MAX_GROUPS);
            Check.inRange("inventory.stockLowReannounceSeconds", stockLowReannounceSeconds, 1, 86_400);
            if (raftHosts != null) {
                if (raftHosts.size() > 1 && raftHosts.size() != instances) {
                    throw new ConfigException("inventory.raftHosts must list one host for every instance, or one for all: "
                            + instances + " inventory instances, " + raftHosts.size() + " hosts " + raftHosts);
                }
                for (String host : raftHosts) {
                    if (host == null || host.isBlank() || host.contains(":") && !host.startsWith("[")) {
                        throw new ConfigException("inventory.raftHosts entries must be host names or IP addresses without"
                                + " a port (IPv6 in brackets), was '" + host + "'");
                    }
                }
            }
            if (raftTls != null) {
                raftTls.validate();
            }
        }
    }

    /**
     * PEM files of the Raft mutual TLS (docs/inventory.md, "Securing the Raft port"): this process's
     * private key (PKCS#8, unencrypted) and certificate chain, and the CA certificates it trusts.
     * Paths only: the key material stays outside the repository and the config file.
     */
    public record RaftTlsFiles(String privateKeyFile, String certChainFile, String trustedCertsFile) {
        void validate() {
            readable("inventory.raftTls.privateKeyFile", privateKeyFile);
            readable("inventory.raftTls.certChainFile", certChainFile);
            readable("inventory.raftTls.trustedCertsFile", trustedCertsFile);
        }

        private static void readable(String key, String file) {
            if (file == null || file.isBlank()) {
                throw new ConfigException(key + " is required when inventory.raftTls is set");
            }
            Path path = Path.of(file);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(key + " " + file + " is not a readable file");
            }
        }
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

    /** This configuration with the ledger spread over {@code groups} Raft groups (the count an existing ledger was made with). */
    public ClusterConfig withInventoryGroups(int groups) {
        Inventory inv = new Inventory(groups, inventory.stockLowReannounceSeconds(), inventory.raftHosts(), inventory.raftTls());
        return new ClusterConfig(stateDir, portOffset, postgres, kafka, roles, shop, fulfillment, recommendations, demo,
                startTimeoutSeconds, traffic, inv, telemetry).validated();
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
                r.put(role, new RoleSpec(intEnv(env, key, spec.instances()), spec.basePort(), spec.heapMb(), spec.niceness()));
            }
        }
        Traffic t = traffic == null ? Traffic.defaults() : traffic;
        String admission = env.get("FIVENINES_ADMISSION");
        if (admission != null && !admission.isBlank()) {
            t = t.withAdmission(AdmissionMode.parse("FIVENINES_ADMISSION", admission));
        }
        Inventory inv = inventory == null ? Inventory.defaults() : inventory;
        if (env.containsKey("FIVENINES_INVENTORY_GROUPS")) {
            inv = new Inventory(intEnv(env, "FIVENINES_INVENTORY_GROUPS", inv.groups()), inv.stockLowReannounceSeconds(),
                    inv.raftHosts(), inv.raftTls());
        }
        if (env.containsKey("FIVENINES_INVENTORY_RAFT_HOSTS")) {
            inv = new Inventory(inv.groups(), inv.stockLowReannounceSeconds(),
                    List.of(env.get("FIVENINES_INVENTORY_RAFT_HOSTS").split(",")).stream().map(String::strip).toList(), inv.raftTls());
        }
        if (env.containsKey("FIVENINES_INVENTORY_RAFT_TLS_KEY") || env.containsKey("FIVENINES_INVENTORY_RAFT_TLS_CERT")
                || env.containsKey("FIVENINES_INVENTORY_RAFT_TLS_TRUST")) {
            RaftTlsFiles files = inv.raftTls() == null ? new RaftTlsFiles(null, null, null) : inv.raftTls();
            inv = new Inventory(inv.groups(), inv.stockLowReannounceSeconds(), inv.raftHosts(), new RaftTlsFiles(
                    env.getOrDefault("FIVENINES_INVENTORY_RAFT_TLS_KEY", files.privateKeyFile()),
                    env.getOrDefault("FIVENINES_INVENTORY_RAFT_TLS_CERT", files.certChainFile()),
                    env.getOrDefault("FIVENINES_INVENTORY_RAFT_TLS_TRUST", files.trustedCertsFile())));
        }
        TelemetrySettings tel = telemetry == null ? TelemetrySettings.defaults() : telemetry;
        String ratios = env.get(TelemetrySettings.ENV_TRACE_SAMPLE_RATIOS);
        if (ratios != null && !ratios.isBlank()) {
            tel = TelemetrySettings.fromEnvironment(ratios);
        }
        return new ClusterConfig(state, offset, pg, k, r, shop, fulfillment, recommendations, demo, startTimeoutSeconds, t, inv,
                tel);
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
            Check.inRange("roles." + name + ".niceness", spec.niceness(), -20, 19);
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
        if (shop.currency() == null || !shop.currency().matches("[A-Z]{3}")) {
            throw new ConfigException("shop.currency must be an ISO 4217 code such as USD, was '" + shop.currency() + "'");
        }
        Check.inRange("shop.pendingPaymentsMaxOrders", shop.pendingPaymentsMaxOrders(), 0, 1_000_000);
        Check.inRange("shop.pendingPaymentsMaxAmountMinor", shop.pendingPaymentsMaxAmountMinor(), 0, 1_000_000_000_000L);
        Check.inRange("shop.pendingPaymentsMaxOrderMinor", shop.pendingPaymentsMaxOrderMinor(), 0, 1_000_000_000_000L);
        if (shop.stockBadgeStalenessMillis() != null) {
            Check.inRange("shop.stockBadgeStalenessMillis", shop.stockBadgeStalenessMillis(), 0, 60_000);
        }
        require(fulfillment, "fulfillment");
        Check.inRange("fulfillment.deliveryDelayMillis", fulfillment.deliveryDelayMillis(), 0, 86_400_000);
        require(recommendations, "recommendations");
        Check.inRange("recommendations.extraLatencyMillis", recommendations.extraLatencyMillis(), 0, 60_000);
        Check.inRange("recommendations.failureRate", recommendations.failureRate(), 0.0, 1.0);
        require(demo, "demo");
        Check.inRange("demo.products", demo.products(), 0, 1_000_000);
        Check.inRange("demo.unitsEach", demo.unitsEach(), 0, 1_000_000_000);
        Check.inRange("demo.safetyStock", demo.safetyStock(), 0, 1_000_000_000);
        Check.inRange("demo.reorderQty", demo.reorderQty(), 0, 1_000_000_000);
        require(traffic, "traffic");
        traffic.validate();
        require(inventory, "inventory");
        inventory.validate(instances("inventory"));
        require(telemetry, "telemetry");
        telemetry.validate();
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
