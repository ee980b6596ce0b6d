package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.StockReading;
import dev.fivenines.inventory.ledger.LedgerReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reads with consistency chosen per call, on real Ratis: three in-process peers on loopback. */
class BoundedReadTest {
    private static final RaftInventoryClient.Settings SETTINGS =
            new RaftInventoryClient.Settings(Duration.ofSeconds(5), 256, Duration.ZERO, 4, 10_000);
    private static final ReadConsistency.Bounded TWO_SECONDS = ReadConsistency.bounded(Duration.ofSeconds(2));

    @TempDir
    Path dir;
    private LocalRaftCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The peer after the leader in the group's order: a follower. */
    private int followerIndex(int leader) {
        return (leader + 1) % cluster.peers.length;
    }

    private RaftInventoryClient clientPreferring(int peerIndex) {
        RaftInventoryClient client = cluster.client(SETTINGS);
        client.useBoundedReadPolicy(new BoundedReadPolicy(peerIndex + 1, Duration.ofMillis(500)));
        return client;
    }

    @Test
    void givenAHealthyFollower_whenABoundedReadAsksIt_thenItAnswersWithinTheBoundAndSeesAWriteSoonAfter() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int follower = followerIndex(cluster.awaitLeader());
        RaftInventoryClient client = clientPreferring(follower);
        assertThat(client.restock("badge", 10, "po-1")).isEqualTo(LedgerReply.APPLIED);
        String followerId = cluster.peers[follower].id();

        await("the follower shows the restock").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            StockReading reading = client.read(List.of("badge"), TWO_SECONDS);
            assertThat(reading.servedBy()).isEqualTo(followerId);
            assertThat(reading.maxStaleness()).isLessThanOrEqualTo(TWO_SECONDS.maxStaleness());
            assertThat(reading.available()).containsEntry("badge", 10);
        });

        ReserveResult held = client.reserve(UUID.randomUUID(), List.of(new StockLine("badge", 3)), Duration.ofMinutes(5));
        assertThat(held).isInstanceOf(ReserveResult.Held.class);
        await("the follower shows the hold").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            StockReading reading = client.read(List.of("badge"), TWO_SECONDS);
            assertThat(reading.servedBy()).isEqualTo(followerId);
            assertThat(reading.available()).containsEntry("badge", 7);
        });
    }

    /**
     * A follower bounds its staleness by the stamp of its last applied entry too, so an idle group
     * needs the leader's stamped tick every second for its followers to keep answering a 2 s bound.
     */
    @Test
    void givenAnIdleGroup_whenAFollowerIsAskedLongAfterTheLastWrite_thenItStillAnswersWithinTwoSeconds() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int follower = followerIndex(cluster.awaitLeader());
        RaftInventoryClient client = clientPreferring(follower);
        assertThat(client.restock("idle", 10, "po-1")).isEqualTo(LedgerReply.APPLIED);
        String followerId = cluster.peers[follower].id();
        await("the follower serves the read").atMost(Duration.ofSeconds(20))
                .until(() -> client.read(List.of("idle"), TWO_SECONDS).servedBy().equals(followerId));

        await("nobody writes; the follower keeps serving").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> client.read(List.of("idle"), TWO_SECONDS).servedBy().equals(followerId));
    }

    @Test
    void givenACommittedReserve_whenAStrongReadFollows_thenItReflectsItAtOnceAndClaimsNoStaleness() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int follower = followerIndex(cluster.awaitLeader());
        RaftInventoryClient client = clientPreferring(follower);
        client.restock("strong", 10, "po-1");
        UUID hold = UUID.randomUUID();
        for (int i = 1; i <= 5; i++) {
            UUID each = i == 1 ? hold : UUID.randomUUID();
            assertThat(client.reserve(each, List.of(new StockLine("strong", 1)), Duration.ofMinutes(5)))
                    .isInstanceOf(ReserveResult.Held.class);
            StockReading reading = client.read(List.of("strong"), ReadConsistency.STRONG);
            assertThat(reading.available()).as("after %s holds", i).containsEntry("strong", 10 - i);
            assertThat(reading.maxStaleness()).isZero();
            assertThat(reading.servedBy()).startsWith("leader:");
        }
        assertThat(client.commit(hold)).isTrue();
        assertThat(client.read(List.of("strong"), ReadConsistency.STRONG).available()).containsEntry("strong", 5);
    }

    @Test
    void givenTheFollowerIsDown_whenABoundedReadAsksIt_thenTheLeaderAnswersAndSaysSo() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int follower = followerIndex(cluster.awaitLeader());
        RaftInventoryClient client = clientPreferring(follower);
        client.restock("down", 10, "po-1");
        cluster.stop(follower);
        assertThat(client.reserve(UUID.randomUUID(), List.of(new StockLine("down", 4)), Duration.ofMinutes(5)))
                .isInstanceOf(ReserveResult.Held.class);

        StockReading reading = client.read(List.of("down"), TWO_SECONDS);

        assertThat(reading.servedBy()).startsWith("leader:").contains("fallback");
        assertThat(reading.maxStaleness()).isZero();
        assertThat(reading.available()).containsEntry("down", 6);
    }

    @Test
    void givenAWriterKeepsRestocking_whenTheLeaderIsStopped_thenEveryReadingShowsEveryRestockAcknowledgedBeforeItsBound()
            throws Exception {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int leader = cluster.awaitLeader();
        int follower = followerIndex(leader);
        String followerId = cluster.peers[follower].id();
        RaftInventoryClient writerClient = cluster.client(SETTINGS);
        RaftInventoryClient readerClient = clientPreferring(follower);
        writerClient.restock("flow", 10, "po-0");

        // The writer records when each restock (+1 unit) was acknowledged to it; the reader checks that
        // a reading claiming staleness s, asked at t, shows every restock acknowledged before t - s.
        java.util.concurrent.ConcurrentLinkedQueue<Long> ackedAtNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> violations = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger followerReadingsAfterStop = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean leaderStopped = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var writer = pool.submit(() -> {
                for (int i = 1; running.get(); i++) {
                    try {
                        writerClient.restock("flow", 1, "po-" + i);
                        ackedAtNanos.add(System.nanoTime());
                    } catch (InventoryUnavailableException e) {
                        // Outcome unknown (it may still apply): not counted, which only weakens the check.
                    }
                }
                return null;
            });
            var reader = pool.submit(() -> {
                while (running.get()) {
                    long sentNanos = System.nanoTime();
                    StockReading reading;
                    try {
                        reading = readerClient.read(List.of("flow"), TWO_SECONDS);
                    } catch (InventoryUnavailableException e) {
                        continue;
                    }
                    long claimedFreshAt = sentNanos - reading.maxStaleness().toNanos();
                    long mustShow = ackedAtNanos.stream().filter(at -> at < claimedFreshAt).count();
                    int shown = reading.available().getOrDefault("flow", 0) - 10;
                    if (shown < mustShow) {
                        violations.add(reading + " shows " + shown + " restocks, " + mustShow + " were acknowledged before its bound");
                    }
                    if (leaderStopped.get() && reading.servedBy().equals(followerId)) {
                        followerReadingsAfterStop.incrementAndGet();
                    }
                }
                return null;
            });
            await("the writer is writing").atMost(Duration.ofSeconds(20)).until(() -> ackedAtNanos.size() >= 20);
            cluster.stop(leader);
            leaderStopped.set(true);
            await("the follower serves readings under a new leader").atMost(Duration.ofSeconds(60))
                    .until(() -> !violations.isEmpty() || followerReadingsAfterStop.get() >= 20);
            running.set(false);
            writer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void givenTheFollowerIsLeftAlone_whenBoundedReadsAskIt_thenItNeverClaimsTooLittleStalenessAndReadsThenFail() {
        cluster = new LocalRaftCluster(dir, 3, RaftTuning.DEFAULT);
        int leader = cluster.awaitLeader();
        int follower = followerIndex(leader);
        int other = followerIndex(follower);
        RaftInventoryClient client = clientPreferring(follower);
        client.restock("cut", 10, "po-1");
        await("the follower has the restock").atMost(Duration.ofSeconds(20))
                .until(() -> client.read(List.of("cut"), TWO_SECONDS).servedBy().equals(cluster.peers[follower].id()));

        cluster.stop(leader);
        cluster.stop(other);
        long cutOffNanos = System.nanoTime();

        // Whatever the follower still answers, its claimed staleness covers at least the time since it
        // last could have heard from the leader (1 ms for rounding); once it cannot say, the read falls
        // back to a leader that is gone, and fails rather than return an unbounded figure.
        ReadConsistency.Bounded lenient = ReadConsistency.bounded(Duration.ofSeconds(60));
        List<StockReading> answered = new ArrayList<>();
        await("the follower stops answering bounded reads").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    long sentNanos = System.nanoTime();
                    StockReading reading;
                    try {
                        reading = client.read(List.of("cut"), lenient);
                    } catch (InventoryUnavailableException e) {
                        return;
                    }
                    answered.add(reading);
                    long sinceCutMillis = (sentNanos - cutOffNanos) / 1_000_000;
                    assertThat(reading.servedBy()).isEqualTo(cluster.peers[follower].id());
                    assertThat(reading.maxStaleness().toMillis()).as("claimed staleness").isGreaterThanOrEqualTo(sinceCutMillis - 1);
                    throw new AssertionError("still answering: " + reading);
                });
        assertThat(answered).allSatisfy(r -> assertThat(r.available()).containsEntry("cut", 10));
        assertThatThrownBy(() -> client.read(List.of("cut"), TWO_SECONDS)).isInstanceOf(InventoryUnavailableException.class);
    }
}
