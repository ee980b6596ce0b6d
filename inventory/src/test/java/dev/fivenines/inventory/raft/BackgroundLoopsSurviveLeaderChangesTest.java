package dev.fivenines.inventory.raft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader's expiry tick is what moves an idle group's log (and so its time and its hold expiry):
 * it must keep going on whichever replica leads after elections, leader kills and restarts, with
 * nobody writing.
 */
class BackgroundLoopsSurviveLeaderChangesTest {
    static {
        LocalRaftCluster.RATIS_LOG.getName();
    }

    @TempDir
    Path dir;
    private final InventoryPeer[] peers = new InventoryPeer[3];
    private List<InventoryGroup> groups;

    @AfterEach
    void tearDown() throws Exception {
        LocalRaftCluster.closeAll(null, peers);
    }

    private void start(int index) {
        String id = "i" + (index + 1);
        peers[index] = InventoryPeer.start(groups, id, dir.resolve(id), RaftTuning.DEFAULT, System::currentTimeMillis, low -> { });
    }

    @Test
    void givenThreeIdleGroups_whenLeadersAreKilledAndRestartedInTurn_thenEveryGroupsAppliedIndexKeepsAdvancingOnItsLeader() {
        Map<String, String> addresses = LocalRaftCluster.loopbackAddresses(3);
        String prefix = "ticks-" + UUID.randomUUID() + "-g";
        groups = IntStream.rangeClosed(1, 3).mapToObj(g -> new InventoryGroup(prefix + g, addresses, "i" + g)).toList();
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        awaitEveryGroupTicksOnItsLeader("at start");

        // Each round kills the leader of the first group, brings it back (as the preferred leader it
        // takes its group back, deposing the replica that led meanwhile), then hands the group to
        // that interim leader again: a replica must tick again in a group it led before.
        String first = groups.getFirst().name();
        for (int round = 0; round < 3; round++) {
            int victim = leaderIndexOf(first);
            peers[victim].close();
            peers[victim] = null;
            int interim = leaderIndexOf(first);
            awaitEveryGroupTicksOnItsLeader("after killing i" + (victim + 1) + " in round " + round);

            start(victim);
            await("i" + (victim + 1) + " leads " + first + " again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> peers[victim].isLeader(first));
            awaitEveryGroupTicksOnItsLeader("after restarting i" + (victim + 1) + " in round " + round);

            assertThat(peers[victim].transferLeadership(first, "i" + (interim + 1), 10_000))
                    .as("leadership of %s back to i%d", first, interim + 1).isTrue();
            awaitEveryGroupTicksOnItsLeader("after handing " + first + " back to i" + (interim + 1) + " in round " + round);
        }
    }

    private int leaderIndexOf(String group) {
        int[] leader = {-1};
        await("a leader of " + group).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (int i = 0; i < peers.length; i++) {
                if (peers[i] != null && peers[i].isLeader(group)) {
                    leader[0] = i;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /**
     * No client writes here: only the ticks can move an applied index. Each group's current leader
     * must apply at least three more entries than it had when first seen leading.
     */
    private void awaitEveryGroupTicksOnItsLeader(String when) {
        Map<String, Long> firstSeen = new HashMap<>();
        await("every group's leader applies ticks " + when).atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            for (InventoryGroup group : groups) {
                InventoryPeer leader = peers[leaderIndexOf(group.name())];
                String seenKey = group.name() + "@" + leader.id();
                long applied = leader.stateMachine(group.name()).appliedIndex();
                long base = firstSeen.computeIfAbsent(seenKey, k -> applied);
                assertThat(applied - base).as("entries applied by leader %s of %s %s", leader.id(), group.name(), when)
                        .isGreaterThanOrEqualTo(3);
            }
        });
    }
}
