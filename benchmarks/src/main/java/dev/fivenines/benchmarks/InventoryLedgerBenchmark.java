package dev.fivenines.benchmarks;

import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.db.PostgresServer;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.InventoryPeerProcess;
import dev.fivenines.inventory.raft.RaftInventoryClient;
import dev.fivenines.inventory.raft.RaftTuning;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Side-by-side: the Raft ledger (3 peers, each its own JVM, Ratis log with its default fsync) and
 * PostgreSQL (fsync on, synchronous_commit on) taking one-unit reservations, hot SKU and spread over
 * 10,000 SKUs, same number of concurrent buyers; then Raft failover time after SIGKILL of the leader.
 * Prints a Markdown report (and writes it to {@code --out} if given).
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests
 * java -Xmx1g --enable-native-access=ALL-UNNAMED \
 *   -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *   dev.fivenines.benchmarks.InventoryLedgerBenchmark [--seconds 10] [--warmup 3] [--reads no|yes|only] [--out file.md]
 * </pre>
 */
public final class InventoryLedgerBenchmark {
    private static final Logger RATIS_LOG = Logger.getLogger("org.apache.ratis");
    private static final int SPREAD_SKUS = 10_000;
    private static List<String> peerOptions = List.of();
    /** Extra JVM options of the peers ({@code --peer-jvm "-XX:StartFlightRecording=..."}, for profiles). */
    private static List<String> peerJvmOptions = List.of();

    private InventoryLedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RATIS_LOG.setLevel(Level.SEVERE);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "3")));
        List<Integer> concurrencies = java.util.Arrays.stream(options.getOrDefault("buyers", "1,64,512").split(","))
                .map(Integer::parseInt).toList();
        boolean withPostgres = !options.getOrDefault("postgres", "yes").equals("no");
        boolean withRedis = !options.getOrDefault("redis", "yes").equals("no");
        // --workloads hot|spread|both
        String workloads = options.getOrDefault("workloads", "both");
        int failoverRounds = Integer.parseInt(options.getOrDefault("failover-rounds", "3"));
        // --reads yes: also strong vs bounded availability reads; --reads only: just those.
        String reads = options.getOrDefault("reads", "no");
        if (!List.of("no", "yes", "only").contains(reads)) {
            throw new IllegalArgumentException("--reads must be no, yes or only, was '" + reads + "'");
        }
        peerOptions = List.of("--ratis", options.getOrDefault("ratis", ""), "--election-min-ms", options.getOrDefault("election-min-ms", "" + RaftTuning.DEFAULT.electionTimeoutMin().toMillis()),
                "--election-max-ms", options.getOrDefault("election-max-ms", "" + RaftTuning.DEFAULT.electionTimeoutMax().toMillis()),
                "--appender-wait-min-ms", options.getOrDefault("appender-wait-min-ms", "" + RaftTuning.DEFAULT.appenderWaitMin().toMillis()),
                // INFO shows Ratis' elections and leader changes in each peer's log (<dir>.log), for failover traces.
                "--ratis-log-level", options.getOrDefault("ratis-log-level", "WARNING"));
        // --peer-jit c1 (default): the replicas compile as the local cluster's JVMs do (decision 031); with
        // tiered (C2), C2 compiling was about half of the replicas' CPU in a 40 s window (decision 035).
        String peerJit = options.getOrDefault("peer-jit", "c1");
        if (!List.of("c1", "tiered").contains(peerJit)) {
            throw new IllegalArgumentException("--peer-jit must be c1 or tiered, was '" + peerJit + "'");
        }
        peerJvmOptions = Stream.concat(peerJit.equals("c1") ? Stream.of("-XX:TieredStopAtLevel=1") : Stream.<String>empty(),
                java.util.Arrays.stream(options.getOrDefault("peer-jvm", "").split(" ")).filter(o -> !o.isBlank())).toList();
        var defaults = RaftInventoryClient.Settings.DEFAULT;
        var settings = new RaftInventoryClient.Settings(Duration.ofSeconds(10),
                Integer.parseInt(options.getOrDefault("max-batch", "" + defaults.maxBatch())),
                Duration.ofNanos(1000 * Long.parseLong(options.getOrDefault("linger-us", "" + defaults.linger().toNanos() / 1000))),
                Integer.parseInt(options.getOrDefault("in-flight", "" + defaults.maxInFlight())), 50_000);
        // --clients "inFlight/lingerMicros/maxBatch;...": client batching settings measured in turn on the same replicas.
        List<RaftInventoryClient.Settings> clientVariants = java.util.Arrays.stream(options.getOrDefault("clients", "").split(";"))
                .filter(v -> !v.isBlank()).map(v -> {
                    String[] f = v.strip().split("/");
                    return new RaftInventoryClient.Settings(settings.callTimeout(), Integer.parseInt(f[2]),
                            Duration.ofNanos(1000 * Long.parseLong(f[1])), Integer.parseInt(f[0]), settings.maxQueued());
                }).toList();
        Path root = Files.createTempDirectory("inventory-bench");
        StringBuilder report = new StringBuilder();
        report.append("Run ").append(Instant.now()).append(" on ").append(Machine.describe()).append("\n\n");
        report.append("Options: ").append(options).append(", client ").append(settings).append("\n\n");

        List<InventoryPeerProcess> peers = new ArrayList<>();
        int maxBuyers = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (PostgresServer postgres = withPostgres ? PostgresServer.start(root.resolve("pg"), 0) : null;
             Database db = withPostgres
                     ? Database.connect(DbSettings.of(postgres.jdbcUrl(), PostgresServer.USER, "").withPoolSize(100), "bench") : null;
             RedisReservations redis = withRedis ? RedisReservations.start(root.resolve("redis"), maxBuyers).orElse(null) : null) {
            PgReservations pg = withPostgres ? new PgReservations(db) : null;
            if (pg != null) {
                db.migrate();
                pg.seed("hot", SPREAD_SKUS);
            }
            if (withRedis && redis == null) {
                report.append("Redis: /usr/bin/redis-server is not installed (apt-get install -y redis-server), so no Redis rows.\n\n");
            }
            if (redis != null) {
                redis.seed("hot", 2_000_000_000L);
                for (int i = 0; i < SPREAD_SKUS; i++) {
                    redis.seed("sku-" + i, 1_000_000);
                }
            }
            long pgPid = withPostgres ? postgres.postmasterPid().orElse(-1) : -1;

            InventoryGroup group = startPeers(root, peers);
            try (RaftInventoryClient raft = RaftInventoryClient.connect(group,
                    settings, Clock.systemUTC())) {
                retry(() -> raft.restock("hot", 2_000_000_000, "seed-hot"));
                boolean spread = !workloads.equals("hot") || !reads.equals("no");
                try (var seeders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; spread && i < SPREAD_SKUS; i++) {
                        int sku = i;
                        seeders.submit(() -> retry(() -> raft.restock("sku-" + sku, 1_000_000, "seed-" + sku)));
                    }
                }
                // The replicas' CPU with nobody writing (heartbeats, expiry ticks, timers): what every
                // figure per reservation below also carries for its window.
                long idleSeconds = Long.parseLong(options.getOrDefault("idle-seconds", "5"));
                if (idleSeconds > 0) {
                    Thread.sleep(2_000);
                    long before = peersCpuMillis(peers);
                    Thread.sleep(idleSeconds * 1_000);
                    report.append(String.format("Replicas idle (nobody writing, %d s): %.0f ms CPU per second, the three together.%n%n",
                            idleSeconds, (peersCpuMillis(peers) - before) / (double) idleSeconds));
                }
                if (!reads.equals("only")) {
                    report.append("| workload | buyers | engine | reservations/s | p50 ms | p99 ms | errors | engine CPU µs per reservation |\n"
                            + "|---|---|---|---|---|---|---|---|\n");
                }
                List<String> chosen = switch (workloads) {
                    case "hot" -> List.of("hot SKU");
                    case "spread" -> List.of("10,000 SKUs");
                    case "both" -> List.of("hot SKU", "10,000 SKUs");
                    default -> throw new IllegalArgumentException("--workloads must be hot, spread or both, was '" + workloads + "'");
                };
                for (String workload : reads.equals("only") ? List.<String>of() : chosen) {
                    for (int buyers : concurrencies) {
                        if (workload.startsWith("10") && buyers == 1) {
                            continue;
                        }
                        boolean hot = workload.startsWith("hot");
                        if (withPostgres) {
                            Load.Result pgResult = Load.run(buyers, warmup, measure, () -> pg.reserveOne(pickSku(hot)),
                                    () -> ProcessTreeCpu.read().tree(pgPid));
                            row(report, workload, buyers, "PostgreSQL 17 (1 node, fsync)", pgResult, measure);
                        }
                        if (redis != null) {
                            Load.Result redisResult = Load.run(buyers, warmup, measure, () -> redis.reserveOne(pickSku(hot)),
                                    () -> ProcessTreeCpu.read().own(redis.pid()));
                            row(report, workload, buyers, "Redis (1 node, AOF appendfsync always)", redisResult, measure);
                        }
                        // The same warm replicas with each client batching setting in turn (--clients).
                        for (RaftInventoryClient.Settings variant : clientVariants.isEmpty() ? List.of(settings) : clientVariants) {
                            try (RaftInventoryClient client = variant.equals(settings) ? null
                                    : RaftInventoryClient.connect(group, variant, Clock.systemUTC())) {
                                RaftInventoryClient used = client == null ? raft : client;
                                long termBefore = RaftTerms.committedTerm(group);
                                long entries = used.entriesSent();
                                long commands = used.commandsSent();
                                Load.Result raftResult = Load.run(buyers, warmup, measure, () -> reserveOne(used, pickSku(hot)),
                                        () -> peersCpuMillis(peers));
                                double perEntry = (used.commandsSent() - commands) / (double) Math.max(1, used.entriesSent() - entries);
                                long elections = RaftTerms.committedTerm(group) - termBefore;
                                row(report, workload, buyers, String.format("Raft ledger (3 JVMs; in flight %d, linger %d µs, max batch %d: "
                                                + "%.1f commands per entry, %d leader changes)", variant.maxInFlight(),
                                        variant.linger().toNanos() / 1000, variant.maxBatch(), perEntry, elections), raftResult, measure);
                            }
                        }
                    }
                }
                if (!reads.equals("no")) {
                    report.append("\nAvailability reads, one random SKU of ").append(SPREAD_SKUS).append(":\n\n")
                            .append(ReadBenchmark.measure(raft, group, settings, concurrencies, warmup, measure, SPREAD_SKUS));
                }
                if (failoverRounds > 0 && !reads.equals("only")) {
                    report.append("\n").append(Failover.measure(raft, peers, group, root, failoverRounds)).append("\n");
                }
            }
        } finally {
            peers.forEach(InventoryPeerProcess::close);
        }
        System.out.println(report);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), report.toString());
        }
    }

    private static String pickSku(boolean hot) {
        return hot ? "hot" : "sku-" + ThreadLocalRandom.current().nextInt(SPREAD_SKUS);
    }

    static boolean reserveOne(RaftInventoryClient raft, String sku) {
        ReserveResult result = raft.reserve(UUID.randomUUID(), List.of(new StockLine(sku, 1)), Duration.ofSeconds(30));
        return result instanceof ReserveResult.Held;
    }

    static InventoryGroup startPeers(Path root, List<InventoryPeerProcess> peers) throws IOException {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String id : List.of("i1", "i2", "i3")) {
            try (ServerSocket socket = new ServerSocket(0)) {
                addresses.put(id, "127.0.0.1:" + socket.getLocalPort());
            }
        }
        InventoryGroup group = new InventoryGroup("bench", addresses);
        for (String id : addresses.keySet()) {
            peers.add(startPeer(group, id, root));
        }
        return group;
    }

    static InventoryPeerProcess startPeer(InventoryGroup group, String id, Path root) {
        return InventoryPeerProcess.start(System.getProperty("java.class.path"), group, id, root.resolve("raft").resolve(id),
                java.util.stream.Stream.concat(Stream.of("-Xmx1g", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED"),
                        peerJvmOptions.stream()).toList(), peerOptions, Duration.ofSeconds(90));
    }

    /** CPU of the three replica JVMs (the client's is not counted: it is the shop's). */
    private static long peersCpuMillis(List<InventoryPeerProcess> peers) {
        ProcessTreeCpu cpu = ProcessTreeCpu.read();
        return peers.stream().mapToLong(p -> cpu.own(p.pid())).sum();
    }

    private static void row(StringBuilder report, String workload, int buyers, String engine, Load.Result r, Duration measure) {
        String line = String.format("| %s | %d | %s | %,.0f | %.2f | %.2f | %d | %,.1f |%n", workload, buyers, engine,
                r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors(), r.cpuMicrosPerOp(measure));
        report.append(line);
        System.out.print(line);
    }

    static <T> T retry(java.util.function.Supplier<T> call) {
        InventoryUnavailableException last = null;
        for (int i = 0; i < 10; i++) {
            try {
                return call.get();
            } catch (InventoryUnavailableException e) {
                last = e;
            }
        }
        throw last;
    }
}
