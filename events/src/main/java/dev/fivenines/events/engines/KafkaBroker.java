package dev.fivenines.events.engines;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) run as a child JVM
 * from the jars the {@code kafka-broker} module assembles. It runs in its own JVM on purpose: the
 * broker's Scala and Jackson must not meet ours, and a supervisor can stop it by PID.
 *
 * <p>Data survives a restart on the same data directory: storage is formatted only when the log
 * directory has no {@code meta.properties} yet, with a fixed cluster id. The controller port is part
 * of the stored quorum state, so a restart must use the same controller port (passing 0 reuses the
 * one recorded in the data directory's server.properties).
 */
public final class KafkaBroker implements AutoCloseable {
    /** Fixed so formatting needs no extra JVM to generate one: base64url of "fivenines-kafka1". */
    public static final String CLUSTER_ID = "Zml2ZW5pbmVzLWthZmthMQ";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(90);
    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());

    private final Process process;
    private final int port;
    private final int controllerPort;
    private final Path dataDirectory;
    private final Path logFile;
    private final long launchToReadyMillis;

    private KafkaBroker(Process process, int port, int controllerPort, Path dataDirectory, Path logFile,
                        long launchToReadyMillis) {
        this.process = process;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.launchToReadyMillis = launchToReadyMillis;
    }

    /** {@link #start(Path, Path, Path, int, int, Path, Duration)} with {@link #DEFAULT_READY_TIMEOUT}. */
    public static KafkaBroker start(Path javaExecutable, Path classpathDirectory, Path dataDirectory, int port,
                                    int controllerPort, Path logFile) throws IOException {
        return start(javaExecutable, classpathDirectory, dataDirectory, port, controllerPort, logFile, DEFAULT_READY_TIMEOUT);
    }

    /**
     * Formats (first time only) and starts the broker, and returns once it answers a cluster
     * description; fails with an {@link IOException} naming the log file otherwise, after making sure
     * no broker process is left behind.
     *
     * @param javaExecutable     the {@code java} binary to run the broker with (JDK 21 or later)
     * @param classpathDirectory directory of the broker's jars ({@code kafka-broker/target/lib})
     * @param dataDirectory      holds server.properties and the log directory; reused across restarts
     * @param port               client listener port on 127.0.0.1; 0 picks a free one
     * @param controllerPort     KRaft controller port; 0 reuses the recorded one or picks a free one
     * @param logFile            the broker's stdout and stderr are appended here
     * @param readyTimeout       how long to wait for the broker to answer
     */
    public static KafkaBroker start(Path javaExecutable, Path classpathDirectory, Path dataDirectory, int port,
                                    int controllerPort, Path logFile, Duration readyTimeout) throws IOException {
        return start(javaExecutable, classpathDirectory, dataDirectory, port, controllerPort, logFile, readyTimeout, List.of());
    }

    /**
     * {@link #start(Path, Path, Path, int, int, Path, Duration)} with extra options for the broker's JVM
     * (the supervisor's JIT mode), put before the main class.
     */
    public static KafkaBroker start(Path javaExecutable, Path classpathDirectory, Path dataDirectory, int port,
                                    int controllerPort, Path logFile, Duration readyTimeout, List<String> jvmOptions)
            throws IOException {
        checkClasspath(classpathDirectory);
        Files.createDirectories(dataDirectory);
        if (logFile.getParent() != null) {
            Files.createDirectories(logFile.getParent());
        }
        Path config = dataDirectory.resolve("server.properties");
        int chosenController = controllerPort > 0 ? controllerPort : recordedControllerPort(config);
        if (chosenController <= 0) {
            chosenController = freePort();
        }
        int chosenPort = port > 0 ? port : freePortOtherThan(chosenController);
        Path logDirectory = dataDirectory.resolve("kraft-logs");
        writeServerProperties(config, logDirectory, chosenPort, chosenController);

        String classpath = classpathDirectory.toAbsolutePath() + java.io.File.separator + "*";
        if (!Files.exists(logDirectory.resolve("meta.properties"))) {
            format(javaExecutable, classpath, config, logFile);
        }

        long launchedNanos = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(javaExecutable.toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                // Take effect if the broker classpath carries slf4j-simple (harmless otherwise): at
                // INFO a start and stop writes ~2,600 lines, so warnings plus the "started" line.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", config.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command)
                .directory(dataDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        KafkaBroker broker;
        try {
            awaitReady(process, chosenPort, logFile, readyTimeout);
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launchedNanos);
            broker = new KafkaBroker(process, chosenPort, chosenController, dataDirectory, logFile, readyMillis);
        } catch (IOException | RuntimeException e) {
            stop(process, STOP_TIMEOUT);
            throw e;
        }
        LOG.info(() -> "kafka broker pid " + process.pid() + " ready on 127.0.0.1:" + chosenPort + " after "
                + broker.launchToReadyMillis + " ms (log " + logFile + ")");
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return logFile;
    }

    /** Wall time from launching the broker JVM to its first successful cluster description. */
    public long launchToReadyMillis() {
        return launchToReadyMillis;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker JVM's exit code once it has exited (a supervisor restarting it records why it ended). */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /** SIGTERM (controlled shutdown), a bounded wait, then SIGKILL: the process never outlives this call. */
    @Override
    public void close() {
        stop(process, STOP_TIMEOUT);
    }

    static void stop(Process process, Duration gracePeriod) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        boolean exited = waitFor(process, gracePeriod);
        if (!exited) {
            LOG.warning(() -> "kafka broker pid " + process.pid() + " ignored SIGTERM for " + gracePeriod + "; killing it");
            process.destroyForcibly();
            if (!waitFor(process, Duration.ofSeconds(10))) {
                LOG.severe(() -> "kafka broker pid " + process.pid() + " is still alive after SIGKILL");
            }
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private static void checkClasspath(Path classpathDirectory) throws IOException {
        boolean hasBroker = false;
        if (Files.isDirectory(classpathDirectory)) {
            try (var jars = Files.list(classpathDirectory)) {
                hasBroker = jars.anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"));
            }
        }
        if (!hasBroker) {
            throw new IOException("no Kafka broker jars (kafka_2.13-*.jar) in " + classpathDirectory
                    + "; build them with: mvn -o -q -pl kafka-broker process-resources");
        }
    }

    static void writeServerProperties(Path config, Path logDirectory, int port, int controllerPort) throws IOException {
        Map<String, String> settings = serverProperties(logDirectory, port, controllerPort);
        StringBuilder text = new StringBuilder("# Written by fivenines KafkaBroker on every start.\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            out.write(text.toString());
        }
    }

    static Map<String, String> serverProperties(Path logDirectory, int port, int controllerPort) {
        var p = new java.util.LinkedHashMap<String, String>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        // Kafka 4.x dynamic quorum: `format --standalone` makes this node the only voter.
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDirectory.toAbsolutePath().toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The controller's no-op record, there to show other voters and brokers that it is alive, came
        // twice a second (Kafka's 500 ms): an append, an fsync and a metadata fetch answered each time on
        // an idle broker that is its own only voter. Broker liveness rests on its heartbeats (decision 045).
        p.put("metadata.max.idle.interval.ms", "5000");
        // Topics come from the catalogue (TopicAdmin), never from a typo in a producer.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "6");
        return p;
    }

    static int recordedControllerPort(Path config) {
        if (!Files.exists(config)) {
            return 0;
        }
        Properties previous = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            previous.load(in);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not read the previous " + config + "; picking a new controller port", e);
            return 0;
        }
        String bootstrap = previous.getProperty("controller.quorum.bootstrap.servers", "");
        int colon = bootstrap.lastIndexOf(':');
        try {
            return colon < 0 ? 0 : Integer.parseInt(bootstrap.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            LOG.warning(() -> "unreadable controller.quorum.bootstrap.servers '" + bootstrap + "' in " + config);
            return 0;
        }
    }

    private static void format(Path javaExecutable, String classpath, Path config, Path logFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaExecutable.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "kafka.tools.StorageTool", "format",
                "--standalone", "-t", CLUSTER_ID, "-c", config.toAbsolutePath().toString()));
        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        if (!waitFor(format, FORMAT_TIMEOUT)) {
            stop(format, Duration.ofSeconds(5));
            throw new IOException("formatting Kafka storage did not finish within " + FORMAT_TIMEOUT + "; see " + logFile);
        }
        if (format.exitValue() != 0) {
            throw new IOException("formatting Kafka storage failed with exit code " + format.exitValue() + "; see " + logFile);
        }
    }

    private static void awaitReady(Process process, int port, Path logFile, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Wait for the listener first: an admin client polling a closed port floods the log with warnings.
        while (!portOpen(port)) {
            checkAliveAndInTime(process, deadline, logFile, timeout);
            pause(100);
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.CLIENT_ID_CONFIG, "fivenines-broker-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                checkAliveAndInTime(process, deadline, logFile, timeout);
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes()
                            .get(4, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Not ready yet; the deadline above bounds how long we keep asking.
                    pause(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the Kafka broker; see " + logFile, e);
                }
            }
        }
    }

    private static void checkAliveAndInTime(Process process, long deadlineNanos, Path logFile, Duration timeout)
            throws IOException {
        if (!process.isAlive()) {
            throw new IOException("Kafka broker exited with code " + process.exitValue()
                    + " before it was ready; see " + logFile);
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new IOException("Kafka broker (pid " + process.pid() + ") was not ready within " + timeout
                    + "; see " + logFile);
        }
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /** A free port that is not {@code taken}: two calls to {@link #freePort()} may return the same one. */
    static int freePortOtherThan(int taken) throws IOException {
        for (int attempt = 0; attempt < 16; attempt++) {
            int candidate = freePort();
            if (candidate != taken) {
                return candidate;
            }
        }
        throw new IOException("no free port other than " + taken + " after 16 attempts");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
