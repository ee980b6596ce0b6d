package dev.fivenines.node.supervisor;

import dev.fivenines.commerce.catalog.CatalogSeeder;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.TopicAdmin;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.events.engines.KafkaBroker;
import dev.fivenines.db.PostgresServer;
import dev.fivenines.inventory.ledger.LedgerReply;
import dev.fivenines.inventory.raft.ShardedInventoryClient;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.roles.InventoryRole;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The supervisor's calls into the engine launchers and the demo data, in one place. */
final class Engines {
    private static final Logger LOG = Logger.getLogger(Engines.class.getName());
    /** Local topics have one replica: there is one broker. Production sets 3 through its own tooling. */
    private static final int LOCAL_REPLICATION = 1;
    /** SKUs per availability query while seeding (one Raft read each). */
    private static final int SEED_CHUNK = 200;

    private Engines() {
    }

    static KafkaBroker startKafka(String java, Path classpath, Path data, int port, int controllerPort, Path log,
                                  List<String> jvmOptions) throws IOException {
        return KafkaBroker.start(Path.of(java), classpath, data, port, controllerPort, log, KafkaBroker.DEFAULT_READY_TIMEOUT,
                jvmOptions);
    }

    /** The broker JVM as a supervised run: our child, so its exit code is known. */
    static Running running(KafkaBroker broker) {
        return new Running() {
            @Override
            public long pid() {
                return broker.pid();
            }

            @Override
            public boolean isAlive() {
                return broker.isAlive();
            }

            @Override
            public OptionalInt exitCode() {
                return broker.exitCode();
            }

            @Override
            public void stop(Duration grace) {
                broker.close();
            }
        };
    }

    /**
     * The postmaster as a supervised run. pg_ctl daemonises it, so it is not our child: its exit code
     * is unknown, and it is alive while the pid its pid file named at start is.
     */
    static Running running(PostgresServer server) {
        long pid = server.postmasterPid().orElse(0);
        return new Running() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public boolean isAlive() {
                return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            }

            @Override
            public OptionalInt exitCode() {
                return OptionalInt.empty();
            }

            @Override
            public void stop(Duration grace) {
                try {
                    server.close(); // pg_ctl stop -m fast
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "pg_ctl stop failed; stopping the postmaster (pid " + pid + ") by signal", e);
                }
                ProcessHandle.of(pid).ifPresent(p -> ChildProcess.stop(p, "postgres", grace));
            }
        };
    }

    static void ensureTopics(String bootstrap) {
        TopicAdmin.ensureTopics(KafkaSettings.of(bootstrap, "fivenines-supervisor"), Topics.all(), Topics.PARTITIONS,
                LOCAL_REPLICATION);
    }

    /**
     * Gives every catalog SKU the ledger does not know yet its replenishment policy and {@code unitsEach} units (receipt
     * {@code demo-seed-<sku>}). Only unknown SKUs are restocked, so running it on every {@code up}
     * never adds stock twice, however long the ledger remembers receipts. Returns how many were new.
     */
    static int seedLedger(DbSettings db, ClusterConfig config, int unitsEach, int safetyStock, int reorderQty) {
        List<String> skus = new ArrayList<>();
        try (Database database = Database.connect(db, "supervisor-seed");
             var c = database.dataSource().getConnection();
             var q = c.prepareStatement("SELECT id FROM products ORDER BY id");
             var rs = q.executeQuery()) {
            while (rs.next()) {
                skus.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the catalog's SKUs: " + e.getMessage(), e);
        }
        try (ShardedInventoryClient ledger = InventoryRole.client(config, Clock.systemUTC())) {
            List<String> missing = new ArrayList<>();
            for (int from = 0; from < skus.size(); from += SEED_CHUNK) {
                List<String> chunk = skus.subList(from, Math.min(skus.size(), from + SEED_CHUNK));
                Map<String, Integer> known = ledger.available(chunk); // one read per group owning part of the chunk
                chunk.stream().filter(sku -> !known.containsKey(sku)).forEach(missing::add);
            }
            // Concurrent restocks share Raft entries through each group client's batching.
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<LedgerReply>> replies = new ArrayList<>();
                for (String sku : missing) {
                    // Stock first, policy second: a policy on an empty SKU would raise a StockLow at once.
                    replies.add(executor.submit(() -> {
                        var owner = ledger.group(ledger.groupOf(sku));
                        LedgerReply stocked = owner.restock(sku, unitsEach, "demo-seed-" + sku);
                        owner.setPolicy(sku, safetyStock, reorderQty);
                        return stocked;
                    }));
                }
                for (int i = 0; i < replies.size(); i++) {
                    LedgerReply reply = replies.get(i).get();
                    if (!(reply instanceof LedgerReply.Done)) {
                        throw new IllegalStateException("restock of " + missing.get(i) + " answered " + reply);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while seeding the ledger", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("seeding the ledger failed: " + e.getCause().getMessage(), e.getCause());
            }
            return missing.size();
        }
    }

    static void seedDemoCatalog(Database db, int products, int unitsEach) {
        CatalogSeeder.seedIfEmpty(db, products, unitsEach);
    }
}
