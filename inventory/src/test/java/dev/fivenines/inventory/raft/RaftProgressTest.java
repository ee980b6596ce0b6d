package dev.fivenines.inventory.raft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static dev.fivenines.inventory.raft.RacingBuyers.retrying;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What /metrics reads of a replica's Raft state moves with the group: on real Ratis peers over gRPC. */
class RaftProgressTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private LocalRaftCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private RaftProgress progress(int index) {
        return cluster.peers[index].progress(cluster.group.name());
    }

    @Test
    void givenAGroup_whenLeadershipMoves_thenEveryReplicaCountsTheChange_andTheNewLeaderSaysSo() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int leader = cluster.awaitLeader();
        long[] before = new long[3];
        for (int i = 0; i < 3; i++) {
            int peer = i;
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(progress(peer).leaderChanges()).isPositive());
            before[i] = progress(i).leaderChanges();
        }
        assertThat(progress(leader).leader()).isTrue();
        int next = (leader + 1) % 3;

        assertThat(cluster.peers[leader].transferLeadership("i" + (next + 1), 10_000)).isTrue();

        for (int i = 0; i < 3; i++) {
            int peer = i;
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(progress(peer).leaderChanges()).isGreaterThan(before[peer]));
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(progress(next).leader()).isTrue();
            assertThat(progress(leader).leader()).isFalse();
            assertThat(progress(next).term()).isGreaterThan(0);
        });
    }

    @Test
    void givenAStoppedFollower_whenTheGroupKeepsWriting_thenTheLeaderShowsItsLag_andCommitAndApplyAdvanceTogether() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int leader = cluster.awaitLeader();
        int follower = (leader + 1) % 3;
        RaftInventoryClient client = cluster.client(LocalRaftCluster.CLIENT_SETTINGS);
        retrying(() -> client.restock("sku-lag", 1, UUID.randomUUID().toString()));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(progress(leader).followerLagEntries()).isZero());
        long committed = progress(leader).commitIndex();

        cluster.stop(follower);
        for (int i = 0; i < 5; i++) {
            retrying(() -> client.restock("sku-lag", 1, UUID.randomUUID().toString()));
        }

        RaftProgress now = progress(leader);
        assertThat(now.commitIndex()).isGreaterThanOrEqualTo(committed + 5);
        assertThat(now.followerLagEntries()).as("entries the stopped follower lacks").isGreaterThanOrEqualTo(5);
        await().atMost(PATIENCE).untilAsserted(() -> {
            RaftProgress p = progress(leader);
            assertThat(p.appliedIndex()).isGreaterThanOrEqualTo(committed + 5);
            assertThat(p.applyLagEntries()).isEqualTo(p.commitIndex() - p.appliedIndex());
        });
        assertThat(progress((leader + 2) % 3).followerLagEntries()).as("only the leader reports follower lag").isZero();
    }
}
