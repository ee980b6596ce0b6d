package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.fivenines.inventory.raft.RacingBuyers.retrying;
import static org.assertj.core.api.Assertions.assertThat;

/** Three inventory peers as separate JVMs; the leader dies by SIGKILL, or a follower freezes by SIGSTOP, mid-sale. */
class ProcessKillTest {
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");

    /** Under target/, not a temp dir: the peers' logs (<id>.log) outlive a failed run for reading. */
    private final Path dir = Path.of("target", "process-kill-test", UUID.randomUUID().toString());
    private final Map<String, InventoryPeerProcess> peers = new LinkedHashMap<>();
    private RaftInventoryClient client;
    private RacingBuyers buyers;
    private InventoryGroup group;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (buyers != null) {
            buyers.close();
        }
        if (client != null) {
            client.close();
        }
        peers.values().forEach(InventoryPeerProcess::close);
    }

    private void start(String id) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        peers.put(id, InventoryPeerProcess.start(classPath, group, id, dir.resolve(id), JVM,
                List.of("--ratis-log-level", "INFO"), Duration.ofSeconds(60)));
    }

    @Test
    void given100Units_whenAFollowerIsFrozenMidSale_thenExactly100AreSoldAndItCatchesUpAfterwards() throws Exception {
        startGroup("pause-test");
        String leader = client.leaderHint().orElseThrow();
        String follower = peers.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        AtomicInteger holds = new AtomicInteger();

        Set<UUID> sold = runBuyers(64, () -> {
            if (holds.incrementAndGet() == 30) {
                peers.get(follower).pause();
            }
        });

        assertThat(sold).hasSize(100);
        peers.get(follower).resume();
        retrying(() -> client.restock("hot", 5, "po-2"));
        // With the leader gone, the resumed follower is needed for a quorum: it must have caught up.
        peers.get(client.leaderHint().orElseThrow()).kill();
        ReserveResult more = retrying(() -> client.reserve(UUID.randomUUID(), List.of(new StockLine("hot", 5)), Duration.ofMinutes(5)));
        assertThat(more).isInstanceOf(ReserveResult.Held.class);
        assertThat(retrying(() -> client.available(List.of("hot")))).isEqualTo(Map.of("hot", 0));
    }

    private void startGroup(String name) {
        Map<String, String> addresses = LocalRaftCluster.loopbackAddresses(3);
        group = new InventoryGroup(name, addresses);
        addresses.keySet().forEach(this::start);
        client = RaftInventoryClient.connect(group,
                LocalRaftCluster.CLIENT_SETTINGS, Clock.systemUTC());
        retrying(() -> client.restock("hot", 100, "po-1"));
        // Ratis refuses votes from a replica whose log is empty: if the leader died before a slow
        // starter got its first entry, the other two could never elect. Start the sale only once
        // every replica has applied the restock.
        for (String id : peers.keySet()) {
            org.awaitility.Awaitility.await("replica " + id + " has the restock").atMost(Duration.ofSeconds(60))
                    .ignoreException(InventoryUnavailableException.class)
                    .until(() -> client.availableOnReplica(id, List.of("hot")).equals(Map.of("hot", 100)));
        }
    }

    @Test
    void given100Units_whenTheLeaderProcessIsKilledMidSale_thenExactly100AreSoldAndARestartedPeerCarriesOn() throws Exception {
        startGroup("kill-test");
        String firstLeader = client.leaderHint().orElseThrow();
        AtomicInteger holds = new AtomicInteger();

        Set<UUID> sold = runBuyers(64, () -> {
            if (holds.incrementAndGet() == 30) {
                peers.get(firstLeader).kill();
            }
        });

        assertThat(peers.get(firstLeader).isAlive()).isFalse();
        assertThat(sold).hasSize(100);
        assertThat(retrying(() -> client.available(List.of("hot")))).isEqualTo(Map.of("hot", 0));

        // The killed peer comes back from its directory; then the new leader dies too. The group can
        // only go on with the restarted peer in its quorum, so it must have caught up.
        start(firstLeader);
        retrying(() -> client.restock("hot", 5, "po-2"));
        String secondLeader = client.leaderHint().orElseThrow();
        assertThat(secondLeader).isNotEqualTo(firstLeader);
        peers.get(secondLeader).kill();

        ReserveResult more = retrying(() -> client.reserve(UUID.randomUUID(), List.of(new StockLine("hot", 5)), Duration.ofMinutes(5)));
        assertThat(more).isInstanceOf(ReserveResult.Held.class);
        assertThat(retrying(() -> client.available(List.of("hot")))).isEqualTo(Map.of("hot", 0));
    }

    private Set<UUID> runBuyers(int count, Runnable afterEachHold) throws Exception {
        buyers = new RacingBuyers(count);
        return buyers.buyUntilShort(client, "hot", afterEachHold, Duration.ofSeconds(180));
    }
}
