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
        int failoverRounds = Integer.parseInt(options.getOrDefault("failover-rounds", "3"));
        // --reads yes: also strong vs bounded availability reads; --reads only: just those.
        String reads = options.getOrDefault("reads", "no");
        if (!List.of("no", "yes", "only").contains(reads)) {
            throw new IllegalArgumentException("--reads must be no, yes or only, was '" + reads + "'");
        }
        peerOptions = List.of("--election-min-ms", options.getOrDefault("election-min-ms", "" + RaftTuning.DEFAULT.electionTimeoutMin().toMillis()),
                "--election-max-ms", options.getOrDefault("election-max-ms", "" + RaftTuning.DEFAULT.electionTimeoutMax().toMillis()),
                "--appender-wait-min-ms", options.getOrDefault("appender-wait-min-ms", "" + RaftTuning.DEFAULT.appenderWaitMin().toMillis()));
        var settings = new RaftInventoryClient.Settings(Duration.ofSeconds(10),
                Integer.parseInt(options.getOrDefault("max-batch", "1024")), Duration.ZERO,
                Integer.parseInt(options.getOrDefault("in-flight", "4")), 50_000);
        Path root = Files.createTempDirectory("inventory-bench");
        StringBuilder report = new StringBuilder();
        report.append("Run ").append(Instant.now()).append(" on ").append(Machine.describe()).append("\n\n");
        report.append("Options: ").append(options).append(", client ").append(settings).append("\n\n");
        if (!reads.equals("only")) {
            report.append("| workload | buyers | engine | reservations/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n");
        }

        List<InventoryPeerProcess> peers = new ArrayList<>();
        try (PostgresServer postgres = PostgresServer.start(root.resolve("pg"), 0);
             Database db = Database.connect(DbSettings.of(postgres.jdbcUrl(), PostgresServer.USER, "").withPoolSize(100), "bench")) {
            db.migrate();
            PgReservations pg = new PgReservations(db);
            pg.seed("hot", SPREAD_SKUS);

            InventoryGroup group = startPeers(root, peers);
            try (RaftInventoryClient raft = RaftInventoryClient.connect(group,
                    settings, Clock.systemUTC())) {
                retry(() -> raft.restock("hot", 2_000_000_000, "seed-hot"));
                try (var seeders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < SPREAD_SKUS; i++) {
                        int sku = i;
                        seeders.submit(() -> retry(() -> raft.restock("sku-" + sku, 1_000_000, "seed-" + sku)));
                    }
                }
                for (String workload : reads.equals("only") ? List.<String>of() : List.of("hot SKU", "10,000 SKUs")) {
                    for (int buyers : concurrencies) {
                        if (workload.startsWith("10") && buyers == 1) {
                            continue;
                        }
                        boolean hot = workload.startsWith("hot");
                        if (withPostgres) {
                            Load.Result pgResult = Load.run(buyers, warmup, measure, () -> pg.reserveOne(pickSku(hot)));
                            row(report, workload, buyers, "PostgreSQL 17 (1 node, fsync)", pgResult);
                        }
                        Load.Result raftResult = Load.run(buyers, warmup, measure, () -> reserveOne(raft, pickSku(hot)));
                        row(report, workload, buyers, "Raft ledger (3 JVMs, batched)", raftResult);
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
                List.of("-Xmx1g", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED"), peerOptions, Duration.ofSeconds(90));
    }

    private static void row(StringBuilder report, String workload, int buyers, String engine, Load.Result r) {
        String line = String.format("| %s | %d | %s | %,.0f | %.2f | %.2f | %d |%n", workload, buyers, engine,
                r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors());
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
