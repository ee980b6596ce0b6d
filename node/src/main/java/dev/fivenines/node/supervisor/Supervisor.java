package dev.fivenines.node.supervisor;

import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.events.engines.KafkaBroker;
import dev.fivenines.db.PostgresServer;
import dev.fivenines.node.config.ClusterConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts and owns the local cluster: embedded PostgreSQL and Kafka (unless external ones are
 * configured), then one process per role instance; waits until every instance is ready; then records
 * the cluster as READY and stays until SIGTERM, when it stops everything it started, roles first,
 * engines last.
 *
 * <p>Every process it started is restarted whenever it exits, during start-up and after, with
 * crash-loop back-off ({@link RestartBackoff}), and each exit and restart is a line in
 * {@code events.jsonl}: keeping exited processes running is this supervisor's job, as a kubelet's.
 * A process that is alive but failing readiness is only reported (UNHEALTHY, cluster DEGRADED):
 * deciding about it belongs to the autopilot.
 */
public final class Supervisor {
    private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());
    /**
     * Launch order: every role starts at once (decision 026), the stock ledger first so its JVMs
     * are first at the CPU. Nothing needs another to start: a shop's readiness is its database, the
     * edge's is a healthy shop, and Raft clients connect lazily. The ledger is seeded once its
     * replicas are ready, before the cluster is READY.
     */
    private static final List<String> LAUNCH_ORDER = List.of("inventory", "shop", "edge", "fulfillment",
            "recommendations");
    /** An instance that exits this many times before it is first ready fails the start-up. */
    private static final int MAX_START_ATTEMPTS = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** How often the running cluster is checked: exits noticed, restarts started, readiness asked. */
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration START_UP_TICK = Duration.ofMillis(250);
    private static final Duration SEED_RETRY_DELAY = Duration.ofSeconds(1);

    private final ClusterConfig config;
    private final StateDir state;
    private final Path configFile;
    private final Map<String, String> env;
    private final String javaExecutable;
    private final String classpath;
    private final Path kafkaLib;
    private final Clock clock = Clock.systemUTC();
    private final RestartBackoff.Policy restartPolicy = RestartBackoff.Policy.DEFAULT;
    private final RestartLoop processes = new RestartLoop();
    private final SupervisorEvents events;
    /** Port, log and health URL of each process, by name, for cluster.json. */
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private final RoleProcesses roleProcesses;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The embedded PostgreSQL (its server replaced when it is restarted); null when external. */
    private volatile EmbeddedPostgres postgres;
    private volatile KafkaBroker kafka;
    /** Makes the AOT caches an earlier run recorded, once the cluster is ready; null before. */
    private volatile AotAssembler aotAssembler;
    /** The JIT options of every JVM it starts: the roles' and the Kafka broker's (FIVENINES_JIT). */
    private final List<String> jitOptions;
    private ClusterState clusterState;
    private String adminToken;
    private DbSettings dbSettings;

    private record Published(int port, String log, String healthUrl) {
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
        this.events = new SupervisorEvents(state.eventsFile());
        boolean aotOff = "off".equalsIgnoreCase(env.getOrDefault("FIVENINES_AOT", ""));
        this.jitOptions = JitMode.options(env);
        this.roleProcesses = new RoleProcesses(config, state, configFile, javaExecutable, classpath,
                aotOff ? null : AotCache.forThisJdk(state.aot(), classpath), jitOptions);
    }

    /** Runs until SIGTERM. Returns 0 after a clean stop, 1 if start-up failed. */
    public int run() throws Exception {
        state.create();
        Files.writeString(state.supervisorPidFile(), Long.toString(ProcessHandle.current().pid()));
        adminToken = state.adminToken(env.get("FIVENINES_ADMIN_TOKEN"));
        clusterState = new ClusterState(ClusterState.Phase.STARTING, "starting engines", ProcessHandle.current().pid(),
                clock.instant(), "http://127.0.0.1:" + config.port("edge", 1), List.of());
        publish(ClusterState.Phase.STARTING, "starting engines");
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "supervisor-shutdown"));
        try {
            startEngines();
            startRoles();
            publishRunning();
            aotAssembler = roleProcesses.aotAssembler().start();
            LOG.info("cluster ready; edge at " + clusterState.edgeUrl() + "; exits are restarted (events in "
                    + events.file() + ")");
        } catch (StartFailure e) {
            LOG.severe("start-up failed: " + e.getMessage());
            publish(ClusterState.Phase.FAILED, e.getMessage());
            stopAll();
            return 1;
        }
        while (!stopRequested.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
            try {
                processes.tick();
                publishRunning();
            } catch (RuntimeException e) {
                // The loop must outlive one bad tick: a process it cannot check now is checked at the next.
                LOG.log(Level.SEVERE, "supervision tick failed; trying again in " + TICK, e);
            }
        }
        stopped.await(2, TimeUnit.MINUTES);
        return 0;
    }

    private void startEngines() throws StartFailure, InterruptedException {
        // Kafka needs nothing of PostgreSQL: its JVM starts while PostgreSQL starts, migrates and seeds.
        FutureTask<Void> kafkaUp = null;
        if (config.kafka().embedded()) {
            Supervised broker = supervise("kafka", "kafka", config.kafkaPort(), state.log("kafka").toString(), null,
                    this::startKafka, Running.Probe.ALIVE);
            kafkaUp = new FutureTask<>(() -> {
                broker.launchNow();
                return null;
            });
            Thread.ofPlatform().name("kafka-start").daemon().start(kafkaUp);
        }
        try {
            startPostgres();
        } catch (StartFailure | RuntimeException e) {
            if (kafkaUp != null) {
                awaitQuietly(kafkaUp); // so that stopping everything also stops the broker it may have started
            }
            throw e;
        }
        String bootstrap;
        if (kafkaUp != null) {
            publish(ClusterState.Phase.STARTING, "postgres up; waiting for kafka");
            try {
                kafkaUp.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new StartFailure("kafka did not start: " + cause.getMessage() + " (log " + state.log("kafka") + ")");
            }
            bootstrap = kafka.bootstrapServers();
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

    private static void awaitQuietly(FutureTask<Void> task) throws InterruptedException {
        try {
            task.get();
        } catch (ExecutionException e) {
            // the caller reports its own failure; this one is in the broker's log
        }
    }

    private void startPostgres() throws StartFailure, InterruptedException {
        DbSettings db;
        if (config.postgres().embedded()) {
            postgres = new EmbeddedPostgres(state.postgresData(), config.postgresPort());
            Supervised pg = supervise("postgres", "postgres", config.postgresPort(),
                    state.postgresData().resolve("log").toString(), null, postgres, Running.Probe.ALIVE);
            try {
                pg.launchNow();
            } catch (IOException e) {
                throw new StartFailure("postgres did not start on port " + config.postgresPort() + ": " + e.getMessage()
                        + " (data in " + state.postgresData() + ")");
            }
            publish(ClusterState.Phase.STARTING, "postgres up; migrating");
            db = DbSettings.of(postgres.current().jdbcUrl(), PostgresServer.USER, "");
            LOG.info("postgres up on " + postgres.current().jdbcUrl() + " (log " + state.postgresData().resolve("log") + ")");
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
    }

    /** Starts (or restarts, on the same data and ports) the Kafka broker; returns once it answers. */
    private Running startKafka() throws IOException {
        KafkaBroker broker = Engines.startKafka(javaExecutable, kafkaLib, state.kafkaData(), config.kafkaPort(),
                config.kafkaControllerPort(), state.log("kafka"), jitOptions);
        kafka = broker;
        return Engines.running(broker);
    }

    private Supervised supervise(String name, String role, int port, String log, String healthUrl,
                                 Running.Launcher launcher, Running.Probe probe) {
        Supervised process = new Supervised(name, role, launcher, probe, restartPolicy, clock, events);
        published.put(name, new Published(port, log, healthUrl));
        processes.add(process);
        return process;
    }

    private void startRoles() throws StartFailure, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.startTimeoutSeconds());
        List<String> ledger = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String role : LAUNCH_ORDER) {
            for (int i = 1; i <= config.instances(role); i++) {
                Supervised instance = roleInstance(role, i);
                try {
                    instance.launchNow();
                } catch (IOException e) {
                    throw new StartFailure("could not launch " + instance.name() + ": " + e.getMessage());
                }
                (role.equals("inventory") ? ledger : others).add(instance.name());
            }
        }
        waitReady(ledger, deadline);
        if (!ledger.isEmpty() && config.demo().seed()) {
            seedLedger(deadline);
        }
        waitReady(others, deadline);
    }

    /**
     * Seeds the ledger, again after a failure until the start-up deadline: with every role starting
     * at once on a busy box, one Raft answer can miss its 5 s deadline while the replicas are still
     * warming up. A retry is safe: it reads which SKUs the ledger knows and restocks the others
     * under the same idempotency keys.
     */
    private void seedLedger(long deadline) throws StartFailure, InterruptedException {
        publish(ClusterState.Phase.STARTING, "seeding the stock ledger");
        for (int attempt = 1; ; attempt++) {
            try {
                int seeded = Engines.seedLedger(dbSettings, config, config.demo().unitsEach(),
                        config.demo().safetyStock(), config.demo().reorderQty());
                LOG.info("stock ledger seeded: " + seeded + " new SKUs (attempt " + attempt + ")");
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() + SEED_RETRY_DELAY.toNanos() > deadline || stopRequested.getCount() == 0) {
                    throw new StartFailure("could not seed the stock ledger (" + attempt + " attempts): " + e.getMessage());
                }
                LOG.warning("seeding the stock ledger failed (attempt " + attempt + "), trying again in "
                        + SEED_RETRY_DELAY.toMillis() + " ms: " + e.getMessage());
                Thread.sleep(SEED_RETRY_DELAY.toMillis()); // back-off between seeding attempts, bounded by the deadline
            }
        }
    }

    /**
     * Waits until every named instance answers ready. The restart loop runs meanwhile, so one that
     * exits is restarted with back-off; one that exits {@value #MAX_START_ATTEMPTS} times fails the start.
     */
    private void waitReady(List<String> names, long deadline) throws StartFailure, InterruptedException {
        publish(ClusterState.Phase.STARTING, "waiting for " + String.join(", ", names));
        List<String> pending = new ArrayList<>(names);
        while (!pending.isEmpty()) {
            if (stopRequested.getCount() == 0) {
                throw new StartFailure("stop requested during start-up");
            }
            processes.tick();
            for (var it = pending.iterator(); it.hasNext(); ) {
                String name = it.next();
                Supervised.Snapshot instance = processes.get(name).snapshot();
                if (instance.state() == Supervised.State.READY) {
                    LOG.info(name + " ready");
                    it.remove();
                } else if (instance.state() == Supervised.State.BACKING_OFF && instance.attempt() >= MAX_START_ATTEMPTS) {
                    throw new StartFailure(name + " exited " + instance.attempt() + " times during start-up (last: "
                            + instance.lastExit().describe() + "); see its log " + published.get(name).log());
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                pending.forEach(this::dumpThreads);
                throw new StartFailure(String.join(", ", pending) + " not ready after " + config.startTimeoutSeconds()
                        + " s; see " + pending.stream().map(n -> published.get(n).log()).toList());
            }
            publish(ClusterState.Phase.STARTING, "waiting for " + String.join(", ", pending));
            Thread.sleep(START_UP_TICK.toMillis()); // polling interval of the start-up wait, not a test
        }
    }

    /** An instance alive but never ready is stuck somewhere: its log gets every thread's stack before it is stopped. */
    private void dumpThreads(String name) {
        long pid = processes.get(name).snapshot().pid();
        if (pid > 0 && ThreadDump.request(pid, state.log(name), Duration.ofSeconds(3))) {
            LOG.warning(name + " (pid " + pid + ") never became ready: its threads' stacks are in " + state.log(name));
        }
    }

    /** A role instance: launched as a child JVM, ready when its readiness endpoint says so. */
    private Supervised roleInstance(String role, int instance) {
        String name = role + "-" + instance;
        int port = config.port(role, instance);
        return supervise(name, role, port, state.log(name).toString(), "http://127.0.0.1:" + port + "/observe/health",
                () -> Running.of(ChildProcess.start(name, roleProcesses.command(role, instance, port), childEnv(),
                        state.log(name))),
                running -> roleProcesses.ready(port));
    }

    private Map<String, String> childEnv() {
        Map<String, String> childEnv = new LinkedHashMap<>();
        childEnv.put("FIVENINES_STATE_DIR", state.root().toString());
        childEnv.put("FIVENINES_ADMIN_TOKEN", adminToken);
        // The count the supervisor runs the ledger with (an existing ledger keeps its own), for replicas and shops alike.
        childEnv.put("FIVENINES_INVENTORY_GROUPS", Integer.toString(config.inventory().groups()));
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            childEnv.put("FIVENINES_POSTGRES_URL", pg.current().jdbcUrl());
            childEnv.put("FIVENINES_POSTGRES_USER", PostgresServer.USER);
        }
        KafkaBroker broker = kafka;
        if (broker != null) {
            childEnv.put("FIVENINES_KAFKA_BOOTSTRAP", broker.bootstrapServers());
        }
        return childEnv;
    }

    /** After start-up: READY when every process is, else DEGRADED naming what is not. */
    private synchronized void publishRunning() {
        if (stopRequested.getCount() == 0) {
            return; // the shutdown hook publishes STOPPING/STOPPED
        }
        List<String> notReady = new ArrayList<>();
        for (Supervised process : processes.processes()) {
            Supervised.Snapshot s = process.snapshot();
            if (s.state() != Supervised.State.READY) {
                notReady.add(describe(s));
            }
        }
        if (notReady.isEmpty()) {
            publish(ClusterState.Phase.READY, "all instances ready");
        } else {
            publish(ClusterState.Phase.DEGRADED, String.join("; ", notReady));
        }
    }

    private String describe(Supervised.Snapshot s) {
        String text = s.name() + " " + s.shown();
        if (s.state() == Supervised.State.BACKING_OFF) {
            long inMillis = Math.max(0, Duration.between(clock.instant(), s.nextAttemptAt()).toMillis());
            text += " (exited with " + s.lastExit().describe() + "; attempt " + s.attempt() + " in "
                    + (inMillis + 999) / 1000 + " s)";
        } else if (s.state() == Supervised.State.LAUNCHING && s.shown() == ClusterState.InstanceState.RESTARTING) {
            text += " (attempt " + s.attempt() + ", starting)";
        } else if (s.shown() == ClusterState.InstanceState.RESTARTING) {
            text += " (attempt " + s.attempt() + ", started, not ready yet)";
        }
        return text;
    }

    private synchronized void publish(ClusterState.Phase phase, String message) {
        List<ClusterState.Instance> instances = new ArrayList<>();
        for (Supervised process : processes.processes()) {
            Supervised.Snapshot s = process.snapshot();
            Published p = published.get(s.name());
            instances.add(new ClusterState.Instance(s.name(), s.role(), p.port(), s.pid(), p.log(), p.healthUrl(),
                    s.shown(), s.since(), s.restarts(), s.attempt(), s.nextAttemptAt(), s.lastExit()));
        }
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

    private void stopAll() {
        AotAssembler assembler = aotAssembler;
        if (assembler != null) {
            assembler.close();
        }
        List<Supervised> all = processes.processes();
        // Roles first, all in parallel to bound the total time; then Kafka; PostgreSQL last.
        List<Thread> stoppers = new ArrayList<>();
        for (Supervised role : all.stream().filter(p -> !isEngine(p)).toList()) {
            Duration grace = roleProcesses.stopGrace(role.name(), STOP_GRACE);
            stoppers.add(Thread.ofVirtual().start(() -> role.stop(grace)));
        }
        for (Thread t : stoppers) {
            try {
                t.join(AotCache.RECORDING_STOP_GRACE.toMillis() + 15_000); // the longest grace, then SIGKILL's 10 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.stream().filter(p -> p.role().equals("kafka")).forEach(p -> p.stop(STOP_GRACE));
        all.stream().filter(p -> p.role().equals("postgres")).forEach(p -> p.stop(STOP_GRACE));
        processes.close();
    }

    private static boolean isEngine(Supervised process) {
        return process.role().equals("kafka") || process.role().equals("postgres");
    }

    /** Start-up could not complete; the message names the part and its log. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }
}
