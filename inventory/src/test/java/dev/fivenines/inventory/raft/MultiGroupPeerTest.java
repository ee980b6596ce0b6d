package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.LedgerReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three processes' worth of peers, each one Ratis server hosting a replica of each of three groups
 * (one gRPC port per peer), as the local cluster runs them; SKUs spread over the groups by the ring.
 */
class MultiGroupPeerTest {
    private static final RaftInventoryClient.Settings SETTINGS =
            new RaftInventoryClient.Settings(Duration.ofSeconds(10), 64, Duration.ZERO, 4, 1_000);

    static {
        LocalRaftCluster.RATIS_LOG.getName();
    }

    @TempDir
    Path dir;
    private final InventoryPeer[] peers = new InventoryPeer[3];
    private List<InventoryGroup> groups;
    private ShardedInventoryClient client;

    @AfterEach
    void tearDown() throws Exception {
        LocalRaftCluster.closeAll(client, peers);
    }

    /** Groups g1..g3 over peers i1..i3 (same address in every group); g(k) prefers i(k). */
    private void startCluster() {
        Map<String, String> addresses = LocalRaftCluster.loopbackAddresses(3);
        String prefix = "multi-" + UUID.randomUUID() + "-g";
        groups = IntStream.rangeClosed(1, 3).mapToObj(g -> new InventoryGroup(prefix + g, addresses, "i" + g)).toList();
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        Map<String, RaftInventoryClient> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.put(g.name(), RaftInventoryClient.connect(g, SETTINGS, Clock.systemUTC())));
        client = new ShardedInventoryClient(byName);
    }

    private void start(int index) {
        String id = "i" + (index + 1);
        peers[index] = InventoryPeer.start(groups, id, dir.resolve(id), RaftTuning.DEFAULT, System::currentTimeMillis, low -> { });
    }

    private void awaitPreferredLeaders() {
        await("every group led by its preferred peer").atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            for (int g = 0; g < 3; g++) {
                assertThat(peers[g].isLeader(groups.get(g).name())).as("i%d leads %s", g + 1, groups.get(g).name()).isTrue();
            }
        });
    }

    @Test
    void givenThreePeersHostingThreeGroups_whenTheyStart_thenEachGroupIsLedByItsPreferredPeer() {
        startCluster();

        awaitPreferredLeaders();

        await("every peer knows each group's leader").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (InventoryPeer peer : peers) {
                assertThat(peer.groups()).extracting(InventoryGroup::name)
                        .containsExactlyElementsOf(groups.stream().map(InventoryGroup::name).toList());
                for (int g = 0; g < 3; g++) {
                    assertThat(peer.leaderId(groups.get(g).name())).as("leader of g%d seen by %s", g + 1, peer.id()).contains("i" + (g + 1));
                }
            }
        });
    }

    @Test
    void givenSkusSpreadOverGroups_whenBoughtThroughTheShardedClient_thenEachGroupHoldsOnlyItsOwnSkus() {
        startCluster();
        List<String> skus = IntStream.range(0, 30).mapToObj(i -> "sku-" + i).toList();
        for (String sku : skus) {
            assertThat(client.group(client.groupOf(sku)).restock(sku, 5, "po-" + sku)).isEqualTo(LedgerReply.APPLIED);
        }
        assertThat(skus).extracting(client::groupOf).as("the ring uses every group").containsAll(groups.stream().map(InventoryGroup::name).toList());

        UUID order = UUID.randomUUID();
        List<StockLine> lines = skus.stream().map(sku -> new StockLine(sku, 2)).toList();
        assertThat(client.reserve(order, lines, Duration.ofMinutes(5))).isInstanceOf(ReserveResult.Held.class);
        assertThat(client.commit(order)).isTrue();

        assertThat(client.available(skus)).hasSize(30).allSatisfy((sku, units) -> assertThat(units).isEqualTo(3));
        for (InventoryGroup group : groups) {
            List<String> own = skus.stream().filter(s -> client.groupOf(s).equals(group.name())).toList();
            assertThat(client.group(group.name()).available(skus)).as("SKUs known to %s", group.name()).containsOnlyKeys(own);
        }
    }

    @Test
    void givenAGroupLedByItsPreferredPeer_whenLeadershipIsTransferredToAnother_thenTheOtherLeadsAndWritesGoOn() {
        startCluster();
        awaitPreferredLeaders();
        String g1 = groups.getFirst().name();

        assertThat(peers[0].transferLeadership(g1, "i3", 10_000)).isTrue();

        await("i3 leads " + g1).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> peers[2].isLeader(g1));
        String sku = IntStream.range(0, 100).mapToObj(i -> "sku-" + i).filter(s -> client.groupOf(s).equals(g1)).findFirst().orElseThrow();
        assertThat(client.group(g1).restock(sku, 3, "po-after-transfer")).isEqualTo(LedgerReply.APPLIED);
        // The transfer made i3 the preferred peer of g1, so i1 does not take it back once caught up.
        assertThat(peers[0].leaderId(g1)).contains("i3");
        assertThat(peers[2].isLeader(g1)).isTrue();
    }

    @Test
    void givenAPeerRestartedOnItsDirectory_whenItComesBack_thenItRecoversEveryGroupAndCatchesUp() {
        startCluster();
        awaitPreferredLeaders();
        List<String> skus = IntStream.range(0, 12).mapToObj(i -> "sku-" + i).toList();
        peers[2].close();
        peers[2] = null;
        for (String sku : skus) {
            client.group(client.groupOf(sku)).restock(sku, 7, "po-" + sku);
        }

        start(2);

        await("i3 caught up in every group").atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            for (InventoryGroup group : groups) {
                assertThat(peers[2].stateMachine(group.name()).snapshotBytes()).as("state of %s on i3", group.name())
                        .isEqualTo(peers[0].stateMachine(group.name()).snapshotBytes());
                assertThat(peers[2].stateMachine(group.name()).appliedIndex()).isGreaterThan(0);
            }
        });
        assertThat(client.available(skus)).hasSize(12);
    }

    @Test
    void givenADivisionClosedInsideALivePeer_whenTheWatchdogLooks_thenItFiresAndARestartRecoversTheGroup() throws Exception {
        startCluster();
        awaitPreferredLeaders();
        String g2 = groups.get(1).name();
        // What Ratis does to a division after an internal error: it leaves the server, the process lives on.
        var removed = peers[2].server().groupManagement(org.apache.ratis.protocol.GroupManagementRequest.newRemove(
                org.apache.ratis.protocol.ClientId.randomId(), org.apache.ratis.protocol.RaftPeerId.valueOf("i3"), 0,
                groups.get(1).groupId(), false, false));
        assertThat(removed.isSuccess()).as("division of %s removed from i3", g2).isTrue();
        assertThat(peers[2].closedGroups()).containsExactly(g2);
        assertThat(peers[0].closedGroups()).isEmpty();
        List<java.util.Set<String>> fired = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (DivisionWatchdog watchdog = DivisionWatchdog.start(peers[2], System::currentTimeMillis, fired::add)) {
            await("the watchdog fires for " + g2).atMost(Duration.ofSeconds(30)).until(() -> !fired.isEmpty());
        }
        assertThat(fired).containsExactly(java.util.Set.of(g2));

        peers[2].close();
        start(2);
        await("i3 back in " + g2).atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(peers[2].closedGroups()).isEmpty();
            assertThat(peers[2].leaderId(g2)).isPresent();
            assertThat(peers[2].stateMachine(g2).appliedIndex()).isEqualTo(peers[1].stateMachine(g2).appliedIndex());
        });
    }

    @Test
    void givenAStorageDirectoryMadeForOtherGroups_whenAPeerStartsOnIt_thenItRefusesAndSaysWhy() {
        startCluster();
        awaitPreferredLeaders();
        peers[2].close();
        peers[2] = null;
        List<InventoryGroup> fewer = new ArrayList<>(groups.subList(0, 2));

        assertThatThrownBy(() -> InventoryPeer.start(fewer, "i3", dir.resolve("i3"), RaftTuning.DEFAULT, System::currentTimeMillis,
                low -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inventory.groups")
                .hasMessageContaining(groups.get(2).name());
    }
}
