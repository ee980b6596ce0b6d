package dev.fivenines.node.supervisor;

import dev.fivenines.commerce.catalog.CatalogSeeder;
import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.db.PostgresServer;
import dev.fivenines.db.testing.TestPostgres;
import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.InventoryPeer;
import dev.fivenines.inventory.raft.RaftTuning;
import dev.fivenines.inventory.raft.ShardedInventoryClient;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.roles.InventoryRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor's ledger seeding through the sharded client, against the cluster's own topology:
 * three in-process peers each hosting three groups (config/local.yaml with inventory.groups 3), a real PostgreSQL catalog.
 */
class SeedLedgerTest {
    private static final Path LOCAL = Path.of("../config/local.yaml");
    /** Ratis logs every append at INFO; held strongly so the level sticks. */
    private static final java.util.logging.Logger RATIS_LOG = java.util.logging.Logger.getLogger("org.apache.ratis");

    static {
        RATIS_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    @TempDir
    Path dir;
    private final List<InventoryPeer> peers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        peers.forEach(InventoryPeer::close);
    }

    /** A port offset whose three Raft ports are free now. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            boolean free = true;
            for (int k = 0; k < 3 && free; k++) {
                try (ServerSocket socket = new ServerSocket(8101 + offset + k + InventoryRole.RAFT_PORT_OFFSET)) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenACatalogAndThreeLedgerGroups_whenSeededTwice_thenEachSkuIsStockedOnceInTheGroupThatOwnsIt() throws Exception {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_PORT_OFFSET", Integer.toString(freeOffset()), "FIVENINES_INVENTORY_GROUPS", "3"));
        List<InventoryGroup> groups = InventoryRole.groups(config);
        for (int k = 1; k <= 3; k++) {
            peers.add(InventoryPeer.start(groups, InventoryRole.peerId(k), dir.resolve("i" + k), RaftTuning.DEFAULT,
                    System::currentTimeMillis, low -> { }));
        }
        DbSettings settings;
        try (Database db = TestPostgres.freshDatabase("seed_ledger")) {
            CatalogSeeder.seedIfEmpty(db, 40, 5);
            String name = db.inTransaction(tx -> {
                try (var q = tx.prepareStatement("SELECT current_database()"); var rs = q.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            settings = DbSettings.of("jdbc:postgresql://127.0.0.1:" + TestPostgres.server().port() + "/" + name,
                    PostgresServer.USER, "");
        }

        // Safety stock = the seeded units: every SKU starts in a low episode, which the admin view counts.
        int first = Engines.seedLedger(settings, config, 7, 7, 10);
        int second = Engines.seedLedger(settings, config, 7, 7, 10);

        assertThat(first).isEqualTo(40);
        assertThat(second).as("a second up adds no stock").isZero();
        try (ShardedInventoryClient client = InventoryRole.client(config, Clock.systemUTC())) {
            List<String> skus = new ArrayList<>();
            try (Database db = Database.connect(settings, "seed-check");
                 var c = db.dataSource().getConnection();
                 var q = c.prepareStatement("SELECT id FROM products");
                 var rs = q.executeQuery()) {
                while (rs.next()) {
                    skus.add(rs.getString(1));
                }
            }
            assertThat(skus).hasSize(40);
            assertThat(client.available(skus)).hasSize(40).allSatisfy((sku, units) -> assertThat(units).isEqualTo(7));
            for (InventoryGroup group : groups) {
                List<String> own = skus.stream().filter(s -> client.groupOf(s).equals(group.name())).toList();
                assertThat(client.group(group.name()).available(skus)).as("SKUs in %s", group.name()).containsOnlyKeys(own);
            }
            await("i1 applied every group's seeding").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Object> view = InventoryRole.view(peers.getFirst(), "i1");
                List<Map<String, Object>> shown = (List<Map<String, Object>>) view.get("groups");
                assertThat(shown).extracting(g -> g.get("name")).containsExactly("inventory-1", "inventory-2", "inventory-3");
                assertThat(shown).allSatisfy(g -> assertThat((String) g.get("leader")).matches("i[123]"));
                assertThat(shown).extracting(g -> g.get("isLeader")).containsExactly(true, false, false);
                for (Map<String, Object> g : shown) {
                    long own = skus.stream().filter(s -> client.groupOf(s).equals(g.get("name"))).count();
                    assertThat(((Number) g.get("openLowEpisodes")).longValue()).as("open episodes of %s", g.get("name")).isEqualTo(own);
                }
            });
        }
    }
}
