package dev.fivenines.inventory.raft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.fivenines.inventory.raft.RacingBuyers.retrying;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group's preferred leader steps down while alive (its followers stopped answering for longer
 * than the election timeout, as a CPU-starved box does to them) and the followers come back.
 *
 * <p>Seen on the local cluster during a 10x benchmark: the stepped-down preferred leader sat out
 * Ratis' default step-down wait (10 s) and, having the higher priority, rejected the other
 * replicas' pre-votes meanwhile; the group had no leader for 10.2 s, and every reserve of its SKUs
 * waited.
 */
class PreferredLeaderStepDownTest {
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");

    private final Path dir = Path.of("target", "preferred-leader-step-down-test", UUID.randomUUID().toString());
    private final Map<String, InventoryPeerProcess> peers = new LinkedHashMap<>();
    private RaftInventoryClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        peers.values().forEach(InventoryPeerProcess::close);
    }

    @Test
    void givenThePreferredLeaderStepsDownWhileAlive_whenItsFollowersReturn_thenTheGroupWritesAgainWellBeforeRatisDefaultTenSecondWait()
            throws Exception {
        InventoryGroup group = new InventoryGroup("step-down", LocalRaftCluster.loopbackAddresses(3), "i1");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String id : group.peerAddresses().keySet()) {
            peers.put(id, InventoryPeerProcess.start(classPath, group, id, dir.resolve(id), JVM,
                    List.of("--ratis-log-level", "INFO"), Duration.ofSeconds(60)));
        }
        client = RaftInventoryClient.connect(group, LocalRaftCluster.CLIENT_SETTINGS, Clock.systemUTC());
        await("i1, the preferred leader, leads").atMost(Duration.ofSeconds(60)).until(() -> {
            retrying(() -> client.restock("hot", 1, UUID.randomUUID().toString()));
            return client.leaderHint().equals(java.util.Optional.of("i1"));
        });

        peers.get("i2").pause();
        peers.get("i3").pause();
        Path leaderLog = dir.resolve("i1.log");
        await("i1 steps down for lost heartbeats").atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(leaderLog)
                        && Files.readString(leaderLog, StandardCharsets.UTF_8).contains("LOST_MAJORITY_HEARTBEATS"));
        peers.get("i2").resume();
        peers.get("i3").resume();
        long thawed = System.nanoTime();
        retrying(() -> client.restock("hot", 1, UUID.randomUUID().toString()));
        Duration leaderless = Duration.ofNanos(System.nanoTime() - thawed);

        // Elections here take about one timeout (300-500 ms); the bug took the whole 10 s wait.
        assertThat(leaderless).as("time from the followers' return to the next committed write")
                .isLessThan(Duration.ofSeconds(5));
    }
}
