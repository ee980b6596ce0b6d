package dev.fivenines.inventory.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one inventory replica as its own process until it is stopped (SIGTERM closes it cleanly;
 * SIGKILL is what the failover tests use). Prints {@code READY <id>} on stdout once serving.
 *
 * <pre>
 * java -cp ... dev.fivenines.inventory.raft.InventoryPeerMain --group inventory-0 \
 *     --peers i1=127.0.0.1:7101,i2=127.0.0.1:7102,i3=127.0.0.1:7103 --id i1 --dir var/inventory/i1 \
 *     [--election-min-ms 300] [--election-max-ms 500] [--snapshot-every 20000] [--ratis-log-level INFO] [--preferred-leader i1]
 *     [--appender-wait-min-ms 10] [--ratis raft.server.some.key=value,...]
 *     [--tls-key node.key.pem --tls-cert node.cert.pem --tls-trust ca.pem]
 * </pre>
 *
 * The server binds to the host of its own {@code --peers} address; with the three {@code --tls-*}
 * files it speaks mutual TLS ({@link RaftTls}).
 */
public final class InventoryPeerMain {
    /** Ratis logs every append at INFO; held strongly so the level sticks. */
    private static final Logger RATIS_LOG = Logger.getLogger("org.apache.ratis");

    private InventoryPeerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = parse(args);
        RATIS_LOG.setLevel(Level.parse(options.getOrDefault("ratis-log-level", "WARNING")));
        InventoryGroup parsed = InventoryGroup.parse(required(options, "group"), required(options, "peers"));
        RaftTls tls = options.containsKey("tls-key") || options.containsKey("tls-cert") || options.containsKey("tls-trust")
                ? new RaftTls(Path.of(required(options, "tls-key")), Path.of(required(options, "tls-cert")),
                Path.of(required(options, "tls-trust")))
                : null;
        InventoryGroup group = new InventoryGroup(parsed.name(), parsed.peerAddresses(), options.get("preferred-leader"), tls);
        RaftTuning defaults = RaftTuning.DEFAULT;
        RaftTuning tuning = new RaftTuning(
                Duration.ofMillis(Long.parseLong(options.getOrDefault("election-min-ms", "" + defaults.electionTimeoutMin().toMillis()))),
                Duration.ofMillis(Long.parseLong(options.getOrDefault("election-max-ms", "" + defaults.electionTimeoutMax().toMillis()))),
                Long.parseLong(options.getOrDefault("snapshot-every", "" + defaults.snapshotEveryEntries())),
                defaults.expiryTick())
                .withAppenderWaitMin(Duration.ofMillis(Long.parseLong(options.getOrDefault("appender-wait-min-ms",
                        "" + defaults.appenderWaitMin().toMillis()))))
                .withRatisOverrides(ratisOverrides(options.getOrDefault("ratis", "")));
        String id = required(options, "id");
        Logger log = Logger.getLogger(InventoryPeerMain.class.getName());
        InventoryPeer peer = InventoryPeer.start(group, id, Path.of(required(options, "dir")), tuning,
                System::currentTimeMillis, low -> log.info(() -> "StockLow " + low));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            peer.close();
            stopped.countDown();
        }, "inventory-peer-shutdown"));
        System.out.println("READY " + id);
        System.out.flush();
        stopped.await();
    }

    /** {@code key=value,key=value} (benchmark trials of a Ratis property; see {@link RaftTuning#ratisOverrides()}). */
    static Map<String, String> ratisOverrides(String spec) {
        Map<String, String> overrides = new HashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--ratis takes key=value pairs separated by commas, got '" + pair + "'");
            }
            overrides.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return overrides;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
