package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.HoldStatus;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryClientContract;
import dev.fivenines.inventory.ledger.LedgerReply;
import dev.fivenines.inventory.ledger.LedgerSnapshot;
import dev.fivenines.inventory.ledger.StockLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The InventoryClient contract on the ledger as production runs it: a sharded client over two Raft
 * groups ("east", "west") of three in-process peers each, real gRPC, real disks, the real clock.
 * The books are read from each group leader's state, which has applied every acknowledged command.
 */
class ShardedRaftLedgerContractTest extends InventoryClientContract {
    @TempDir
    static Path dir;
    private static Map<String, LocalRaftCluster> clusters;
    private static ShardedInventoryClient client;
    private static ShardedInventoryClient unreachable;

    @BeforeAll
    static void start() {
        LocalRaftCluster east = new LocalRaftCluster(dir.resolve("east"), 3, RaftTuning.DEFAULT);
        LocalRaftCluster west = new LocalRaftCluster(dir.resolve("west"), 3, RaftTuning.DEFAULT);
        clusters = Map.of("east", east, "west", west);
        east.awaitLeader();
        west.awaitLeader();
        client = new ShardedInventoryClient(Map.of("east", east.client(LocalRaftCluster.CLIENT_SETTINGS),
                "west", west.client(LocalRaftCluster.CLIENT_SETTINGS)));
    }

    @AfterAll
    static void stop() {
        if (unreachable != null) {
            unreachable.close();
        }
        if (client != null) {
            client.close();
        }
        if (clusters != null) {
            clusters.values().forEach(LocalRaftCluster::close);
        }
    }

    @Override
    protected InventoryClient ledger() {
        return client;
    }

    @Override
    protected void stock(String sku, int units) {
        assertThat(client.group(client.groupOf(sku)).restock(sku, units, "po-" + UUID.randomUUID()))
                .isEqualTo(LedgerReply.APPLIED);
    }

    /** The leader stamps commands with the real clock; the time passes on its own. */
    @Override
    protected void passTime(Duration by) {
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }

    /** The leader's expiry tick expires idle holds; nothing to do but wait. */
    @Override
    protected void outliveShortTtl() {
    }

    @Override
    protected List<Integer> onHandAndHeld(String sku) {
        StockLedger.SkuStock stock = books(client.groupOf(sku)).stock(sku).orElseThrow();
        return List.of(stock.onHand(), stock.held());
    }

    @Override
    protected HoldStatus status(UUID holdId) {
        for (String group : clusters.keySet()) {
            var status = books(group).holdStatus(holdId);
            if (status.isPresent()) {
                return status.get();
            }
        }
        return null;
    }

    /** A group whose peers were never started, and a call deadline of half a second. */
    @Override
    protected InventoryClient unreachableLedger() {
        InventoryGroup gone = new InventoryGroup("gone", LocalRaftCluster.loopbackAddresses(3));
        unreachable = new ShardedInventoryClient(Map.of("gone", RaftInventoryClient.connect(gone,
                new RaftInventoryClient.Settings(Duration.ofMillis(500), 16, Duration.ZERO, 1, 100), Clock.systemUTC())));
        return unreachable;
    }

    private static StockLedger books(String group) {
        LocalRaftCluster cluster = clusters.get(group);
        return LedgerSnapshot.fromBytes(cluster.peers[cluster.awaitLeader()].stateMachine().snapshotBytes());
    }
}
