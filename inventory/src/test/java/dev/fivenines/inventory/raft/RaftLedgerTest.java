package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.LedgerReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger on real Ratis under faults: three in-process peers on loopback, real gRPC, real disks.
 * What every ledger promises (expiry by TTL included) is in {@link ShardedRaftLedgerContractTest}.
 */
class RaftLedgerTest {
    private static final RaftInventoryClient.Settings SETTINGS = LocalRaftCluster.CLIENT_SETTINGS;

    @TempDir
    Path dir;
    private LocalRaftCluster cluster;
    private RacingBuyers buyers;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (buyers != null) {
            buyers.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (newcomer != null) {
            newcomer.close();
        }
    }

    @Test
    void given100Units_when64BuyersRace_thenExactly100AreSoldAndReplicasAgree() throws Exception {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        cluster.awaitLeader();
        RaftInventoryClient client = cluster.client(SETTINGS);
        assertThat(client.restock("hot", 100, "po-1")).isEqualTo(LedgerReply.APPLIED);

        Set<UUID> sold = runBuyers(client, 64, () -> { });

        assertThat(sold).hasSize(100);
        assertThat(client.available(List.of("hot", "unknown"))).isEqualTo(Map.of("hot", 0));
        cluster.awaitConverged();
        // Sold out is one stock-low episode (safety stock 0); only the leader publishes it (the periodic
        // re-announcement may repeat it, with the same episode, for consumers to deduplicate).
        assertThat(Set.copyOf(cluster.stockLows)).containsExactly(new dev.fivenines.inventory.ledger.StockLow("hot", 1, 0, 0, 0));
    }

    @Test
    void given100Units_whenTheLeaderIsClosedMidSale_thenStillExactly100AreSold() throws Exception {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int leader = cluster.awaitLeader();
        RaftInventoryClient client = cluster.client(SETTINGS);
        client.restock("hot", 100, "po-1");
        // Ratis refuses votes from a replica with an empty log: every replica must have the restock first.
        cluster.awaitConverged();
        AtomicInteger held = new AtomicInteger();

        Set<UUID> sold = runBuyers(client, 64, () -> {
            if (held.incrementAndGet() == 30) {
                cluster.stop(leader);
            }
        });

        assertThat(sold).hasSize(100);
        assertThat(cluster.awaitLeader()).isNotEqualTo(leader);
        assertThat(client.available(List.of("hot"))).isEqualTo(Map.of("hot", 0));
        cluster.awaitConverged();
    }

    @Test
    void given100Units_whenAReplicaIsReplacedByAFreshOneMidSale_thenExactly100AreSoldAndTheNewcomerCatchesUp() throws Exception {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT.withSnapshotEveryEntries(10));
        int leader = cluster.awaitLeader();
        int leaving = (leader + 2) % 3;
        RaftInventoryClient client = cluster.client(SETTINGS);
        client.restock("hot", 100, "po-1");
        Map<String, String> addresses = new java.util.LinkedHashMap<>(cluster.group.peerAddresses());
        addresses.remove("i" + (leaving + 1));
        addresses.put("i4", "127.0.0.1:" + LocalRaftCluster.freePort());
        InventoryGroup replaced = new InventoryGroup(cluster.group.name(), addresses);
        AtomicInteger held = new AtomicInteger();

        Set<UUID> sold = runBuyers(client, 64, () -> {
            if (held.incrementAndGet() == 30) {
                newcomer = InventoryPeer.start(replaced, "i4", dir.resolve("i4"), cluster.tuning, System::currentTimeMillis, low -> { });
                try (var admin = RaftInventoryClient.newRaftClient(cluster.group, org.apache.ratis.retry.RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        50, org.apache.ratis.util.TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))) {
                    assertThat(admin.admin().setConfiguration(replaced.peers()).isSuccess()).isTrue();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                cluster.stop(leaving);
            }
        });

        assertThat(sold).hasSize(100);
        assertThat(client.available(List.of("hot"))).isEqualTo(Map.of("hot", 0));
        InventoryPeer reference = cluster.peers[leader];
        await("newcomer converges").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(newcomer.stateMachine().appliedIndex()).isEqualTo(reference.stateMachine().appliedIndex());
            assertThat(newcomer.stateMachine().snapshotBytes()).isEqualTo(reference.stateMachine().snapshotBytes());
        });
    }

    private volatile InventoryPeer newcomer;

    @Test
    void givenAReplicaDown_whenItRestartsFromItsDirectoryAfterSnapshots_thenItConverges() throws Exception {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT.withSnapshotEveryEntries(20));
        int leader = cluster.awaitLeader();
        int follower = (leader + 1) % 3;
        RaftInventoryClient client = cluster.client(SETTINGS);
        client.restock("A", 1_000, "po-1");
        for (int i = 0; i < 30; i++) {
            client.reserve(UUID.randomUUID(), List.of(new StockLine("A", 1)), Duration.ofMinutes(5));
        }
        cluster.stop(follower);
        for (int i = 0; i < 60; i++) {
            UUID hold = UUID.randomUUID();
            client.reserve(hold, List.of(new StockLine("A", 2)), Duration.ofMinutes(5));
            assertThat(client.commit(hold)).isTrue();
        }

        cluster.start(follower);

        cluster.awaitConverged();
        assertThat(client.available(List.of("A"))).isEqualTo(Map.of("A", 1_000 - 30 - 120));
    }

    @Test
    void givenAShortHold_whenRetriedWithTheSameId_thenTheFirstAnswerComesBack() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        cluster.awaitLeader();
        RaftInventoryClient client = cluster.client(SETTINGS);
        client.restock("A", 1, "po-1");
        UUID hold = UUID.randomUUID();
        ReserveResult first = client.reserve(hold, List.of(new StockLine("A", 2)), Duration.ofMinutes(1));
        client.restock("A", 5, "po-2");
        assertThat(client.reserve(hold, List.of(new StockLine("A", 2)), Duration.ofMinutes(1))).isEqualTo(first)
                .isInstanceOf(ReserveResult.Short.class);
        UUID held = UUID.randomUUID();
        client.reserve(held, List.of(new StockLine("A", 2)), Duration.ofMinutes(1));
        assertThat(client.release(held)).isTrue();
        assertThat(client.commit(held)).isFalse();
        assertThat(client.available(List.of("A"))).isEqualTo(Map.of("A", 6));
    }

    private Set<UUID> runBuyers(RaftInventoryClient client, int count, Runnable afterEachHold) throws Exception {
        buyers = new RacingBuyers(count);
        return buyers.buyUntilShort(client, "hot", afterEachHold, Duration.ofSeconds(120));
    }
}
