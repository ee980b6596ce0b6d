package dev.fivenines.node.supervisor;

import dev.fivenines.events.db.Database;
import dev.fivenines.events.db.DbSettings;
import dev.fivenines.events.engines.PostgresServer;
import dev.fivenines.node.config.ClusterConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts and owns the local cluster: embedded PostgreSQL and Kafka (unless external ones are
 * configured), then one process per role instance; waits until every instance is ready, restarting
 * one that dies during start-up (twice at most); then records the cluster as READY and stays until
 * SIGTERM, when it stops everything it started, roles first, engines last.
 *
 * <p>After start-up it deliberately does NOT restart dead instances: deciding that is the
 * autopilot's job, and a chaos experiment that kills a shop must see it stay dead.
 */
public final class Supervisor {
    private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());
    /**
     * Start waves: the stock ledger first (it must be ready and seeded before a shop takes orders),
     * then the rest, the edge last so it finds its upstreams.
     */
    private static final List<List<String>> START_WAVES = List.of(List.of("inventory"),
            List.of("recommendations", "fulfillment", "shop", "edge"));
    private static final int MAX_START_ATTEMPTS = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final ClusterConfig config;
    private final StateDir state;
    private final Path configFile;
    private final Map<String, String> env;
    private final String javaExecutable;
    private final String classpath;
    private final Path kafkaLib;
    private final Map<String, ChildProcess> roles = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private PostgresServer postgres;
    private EngineHandle kafka;
    private ClusterState clusterState;
    private String adminToken;
    private DbSettings dbSettings;

    /** A running engine process the supervisor must stop. */
    public interface EngineHandle extends AutoCloseable {
        long pid();

        String endpoint();

        @Override
        void close();
    }

    public Supervisor(ClusterConfig config, StateDir state, Path configFile, Map<String, String> env,
                      String javaExecutable, String classpath, Path kafkaLib) {
        this.config = config;
        this.state = state;
        this.configFile = configFile;
        this.env = env;
        this.javaExecutable = javaExecutable;
        this.classpath = classpath;
        this.kafkaLib = kafkaLib;
    }

    /** Runs until SIGTERM. Returns 0 after a clean stop, 1 if start-up failed. */
    public int run() throws Exception {
        state.create();
        Files.writeString(state.supervisorPidFile(), Long.toString(ProcessHandle.current().pid()));
        adminToken = state.adminToken(env.get("FIVENINES_ADMIN_TOKEN"));
        clusterState = new ClusterState(ClusterState.Phase.STARTING, "starting engines", ProcessHandle.current().pid(),
                Instant.now(), "http://127.0.0.1:" + config.port("edge", 1), List.of());
        publish(ClusterState.Phase.STARTING, "starting engines");
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "supervisor-shutdown"));
        try {
            startEngines();
            startRoles();
            publish(ClusterState.Phase.READY, "all instances ready");
            LOG.info("cluster ready; edge at " + clusterState.edgeUrl());
        } catch (StartFailure e) {
            LOG.severe("start-up failed: " + e.getMessage());
            publish(ClusterState.Phase.FAILED, e.getMessage());
            stopAll();
            return 1;
        }
        while (!stopRequested.await(2, TimeUnit.SECONDS)) {
            publish(ClusterState.Phase.READY, describeDead());
        }
        stopped.await(2, TimeUnit.MINUTES);
        return 0;
    }

    private void startEngines() throws StartFailure {
        DbSettings db;
        if (config.postgres().embedded()) {
            Path log = state.log("postgres");
            try {
                postgres = PostgresServer.start(state.postgresData(), config.postgresPort());
            } catch (IOException e) {
                throw new StartFailure("postgres did not start on port " + config.postgresPort() + ": " + e.getMessage()
                        + " (data in " + state.postgresData() + ")");
            }
            publish(ClusterState.Phase.STARTING, "postgres up; migrating");
            db = DbSettings.of(postgres.jdbcUrl(), PostgresServer.USER, "");
            LOG.info("postgres up on " + postgres.jdbcUrl() + " (log " + log + ")");
        } else {
            db = DbSettings.of(config.postgres().url(), config.postgres().user(),
                    env.getOrDefault("FIVENINES_POSTGRES_PASSWORD", ""));
        }
        dbSettings = db;
        try (Database database = Database.connect(db, "supervisor")) {
            database.migrate();
            if (config.demo().seed()) {
                Engines.seedDemoCatalog(database, config.demo().products(), config.demo().unitsEach());
            }
        } catch (RuntimeException e) {
            throw new StartFailure("database migration or seeding failed: " + e.getMessage());
        }
        String bootstrap;
        if (config.kafka().embedded()) {
            publish(ClusterState.Phase.STARTING, "starting kafka");
            try {
                kafka = Engines.startKafka(javaExecutable, kafkaLib, state.kafkaData(), config.kafkaPort(),
                        config.kafkaControllerPort(), state.log("kafka"));
            } catch (Exception e) {
                throw new StartFailure("kafka did not start: " + e.getMessage() + " (log " + state.log("kafka") + ")");
            }
            bootstrap = kafka.endpoint();
        } else {
            bootstrap = config.kafka().bootstrapServers();
        }
        try {
            Engines.ensureTopics(bootstrap);
        } catch (Exception e) {
            throw new StartFailure("could not create topics on kafka " + bootstrap + ": " + e.getMessage());
        }
        publish(ClusterState.Phase.STARTING, "engines up; starting roles");
    }

    private void startRoles() throws StartFailure, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.startTimeoutSeconds());
        for (List<String> wave : START_WAVES) {
            List<String> names = new ArrayList<>();
            for (String role : wave) {
                for (int i = 1; i <= config.instances(role); i++) {
                    launch(role, i);
                    names.add(role + "-" + i);
                }
            }
            waitReady(names, deadline);
            if (wave.contains("inventory") && config.instances("inventory") > 0 && config.demo().seed()) {
                publish(ClusterState.Phase.STARTING, "seeding the stock ledger");
                try {
                    int seeded = Engines.seedLedger(dbSettings, config, config.demo().unitsEach(),
                            config.demo().safetyStock(), config.demo().reorderQty());
                    LOG.info("stock ledger seeded: " + seeded + " new SKUs");
                } catch (RuntimeException e) {
                    throw new StartFailure("could not seed the stock ledger: " + e.getMessage());
                }
            }
        }
    }

    /** Waits until every named instance answers ready, restarting one that exits (bounded). */
    private void waitReady(List<String> names, long deadline) throws StartFailure, InterruptedException {
        publish(ClusterState.Phase.STARTING, "waiting for " + String.join(", ", names));
        Map<String, Integer> attempts = new LinkedHashMap<>();
        names.forEach(name -> attempts.put(name, 1));
        List<String> pending = new ArrayList<>(names);
        while (!pending.isEmpty()) {
            if (stopRequested.getCount() == 0) {
                throw new StartFailure("stop requested during start-up");
            }
            for (var it = pending.iterator(); it.hasNext(); ) {
                String name = it.next();
                ChildProcess child = roles.get(name);
                if (!child.isAlive()) {
                    int attempt = attempts.merge(name, 1, Integer::sum);
                    if (attempt > MAX_START_ATTEMPTS) {
                        throw new StartFailure(name + " exited with code " + child.exitCode() + " " + MAX_START_ATTEMPTS
                                + " times during start-up; see its log " + child.log());
                    }
                    LOG.warning(name + " exited with code " + child.exitCode() + " during start-up; restarting (attempt "
                            + attempt + ")");
                    String role = name.substring(0, name.lastIndexOf('-'));
                    launch(role, Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)));
                } else if (ready(ports.get(name))) {
                    LOG.info(name + " ready");
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new StartFailure(String.join(", ", pending) + " not ready after " + config.startTimeoutSeconds()
                        + " s; see " + pending.stream().map(n -> roles.get(n).log().toString()).toList());
            }
            publish(ClusterState.Phase.STARTING, "waiting for " + String.join(", ", pending));
            Thread.sleep(250); // polling interval of the start-up wait, not a test
        }
    }

    /**
     * The JVM option that writes a process's collections to {@code file} (quoted: a path may hold a
     * colon), each with its CPU times ({@code gc+cpu}: User, Sys, Real): a pause whose Real is far
     * above its User waited for a core, a pause whose User is as long did work.
     */
    static String gcLog(java.nio.file.Path file) {
        return "-Xlog:gc,gc+cpu:file=\"" + file.toAbsolutePath() + "\":time,uptime:filecount=2,filesize=10m";
    }

    private void launch(String role, int instance) throws StartFailure {
        String name = role + "-" + instance;
        int port = config.port(role, instance);
        int heap = config.roles().get(role).heapMb();
        int niceness = config.roles().get(role).niceness();
        // Small capped heaps and the serial collector: ten JVMs share two cores and a laptop's memory.
        // Exit on OutOfMemoryError: an edge flooded with admission off ran out of heap and stayed up
        // unreachable; a process that is gone is one status, health checks and restarts understand.
        // One line per collection (pause, heap before -> after) beside the role's log, two files of 10 MB at most:
        // on a shared box a collector's pause is a latency every request in flight pays.
        List<String> command = new ArrayList<>(List.of(javaExecutable, "-Xmx" + heap + "m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", gcLog(state.logs().resolve(name + "-gc.log")),
                "--enable-native-access=ALL-UNNAMED", "-Dfivenines.home=" + System.getProperty("fivenines.home", "."),
                "-cp", classpath, "dev.fivenines.node.Main", "role", role, "--instance", Integer.toString(instance),
                "--port", Integer.toString(port), "--config", configFile.toString()));
        if (niceness < 0 && !ChildProcess.mayRaisePriority()) {
            LOG.warning("roles." + role + ".niceness is " + niceness + " but the supervisor lacks CAP_SYS_NICE (not root): "
                    + name + " runs at niceness 0; on a host short of CPU its pauses will stretch (docs/traffic.md)");
            niceness = 0;
        }
        command = ChildProcess.niced(niceness, command);
        Map<String, String> childEnv = new LinkedHashMap<>();
        childEnv.put("FIVENINES_STATE_DIR", state.root().toString());
        childEnv.put("FIVENINES_ADMIN_TOKEN", adminToken);
        if (postgres != null) {
            childEnv.put("FIVENINES_POSTGRES_URL", postgres.jdbcUrl());
            childEnv.put("FIVENINES_POSTGRES_USER", PostgresServer.USER);
        }
        if (kafka != null) {
            childEnv.put("FIVENINES_KAFKA_BOOTSTRAP", kafka.endpoint());
        }
        try {
            roles.put(name, ChildProcess.start(name, command, childEnv, state.log(name)));
            ports.put(name, port);
        } catch (IOException e) {
            throw new StartFailure("could not launch " + name + ": " + e.getMessage());
        }
    }

    private boolean ready(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                    .timeout(Duration.ofMillis(500)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String describeDead() {
        List<String> dead = roles.values().stream().filter(c -> !c.isAlive()).map(ChildProcess::name).toList();
        return dead.isEmpty() ? "all instances running" : "not running: " + String.join(", ", dead);
    }

    private synchronized void publish(ClusterState.Phase phase, String message) {
        List<ClusterState.Instance> instances = new ArrayList<>();
        if (postgres != null) {
            instances.add(new ClusterState.Instance("postgres", "postgres", postgres.port(),
                    postgres.postmasterPid().orElse(0), state.postgresData().resolve("log").toString(), null));
        }
        if (kafka != null) {
            instances.add(new ClusterState.Instance("kafka", "kafka", config.kafkaPort(), kafka.pid(),
                    state.log("kafka").toString(), null));
        }
        roles.forEach((name, child) -> {
            int port = ports.get(name);
            instances.add(new ClusterState.Instance(name, name.substring(0, name.lastIndexOf('-')), port, child.pid(),
                    child.log().toString(), "http://127.0.0.1:" + port + "/observe/health"));
        });
        clusterState = clusterState.with(phase, message, instances);
        try {
            clusterState.write(state.clusterFile());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write " + state.clusterFile(), e);
        }
    }

    private void shutdown() {
        if (stopRequested.getCount() == 0) {
            return;
        }
        stopRequested.countDown();
        publish(ClusterState.Phase.STOPPING, "stopping");
        stopAll();
        publish(ClusterState.Phase.STOPPED, "stopped");
        try {
            Files.deleteIfExists(state.supervisorPidFile());
        } catch (IOException e) {
            LOG.warning("could not remove " + state.supervisorPidFile() + ": " + e.getMessage());
        }
        stopped.countDown();
    }

    private synchronized void stopAll() {
        List<String> names = new ArrayList<>(roles.keySet());
        // Edge first (stop taking traffic), then the rest; all in parallel to bound the total time.
        List<Thread> stoppers = new ArrayList<>();
        for (String name : names) {
            stoppers.add(Thread.ofVirtual().start(() -> roles.get(name).stop(STOP_GRACE)));
        }
        for (Thread t : stoppers) {
            try {
                t.join(STOP_GRACE.toMillis() + 15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "postgres did not stop cleanly", e);
            }
        }
    }

    /** Start-up could not complete; the message names the part and its log. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }
}
