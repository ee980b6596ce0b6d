package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.ReadConsistency;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The staleness bound a replica claims, on a controlled nanosecond clock. */
class StalenessBoundTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private StalenessBound start(ReplicaView view) {
        return StalenessBound.start(view, nanos::get, nanos.get());
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void givenAFollowerLastContacted140msAgo_whenItAnswersAtOnce_thenItClaims140ms() {
        StalenessBound bound = start(new ReplicaView(ReplicaView.Role.FOLLOWER, 140, List.of(), 3, 10));
        assertThat(bound.known()).isTrue();
        assertThat(bound.nowMillis()).isEqualTo(140);
    }

    @Test
    void givenAFollower_whenItWaits30msForItsApply_thenTheWaitIsAddedToTheBound() {
        StalenessBound bound = start(new ReplicaView(ReplicaView.Role.FOLLOWER, 140, List.of(), 3, 10));
        advanceMillis(30);
        assertThat(bound.nowMillis()).isEqualTo(170);
    }

    @Test
    void givenAPartialMillisecondOfWaiting_thenTheBoundRoundsUpNeverDown() {
        StalenessBound bound = start(new ReplicaView(ReplicaView.Role.FOLLOWER, 10, List.of(), 3, 10));
        nanos.addAndGet(1);
        assertThat(bound.nowMillis()).isEqualTo(11);
    }

    @Test
    void givenAFollowerThatKnowsNoLeader_thenItCannotBoundItsStaleness() {
        StalenessBound bound = start(new ReplicaView(ReplicaView.Role.FOLLOWER, -1, List.of(), 3, 10));
        assertThat(bound.known()).isFalse();
        assertThat(bound.nowMillis()).isEqualTo(StalenessBound.UNKNOWN);
        assertThat(bound.waitBudgetMillis(60_000)).isZero();
    }

    @Test
    void givenACandidate_thenItCannotBoundItsStaleness() {
        assertThat(start(new ReplicaView(ReplicaView.Role.OTHER, 5, List.of(), 3, 10)).known()).isFalse();
    }

    @Test
    void givenALeaderOfThree_thenItIsAsFreshAsItsFreshestFollowerAnswer() {
        // A majority of three is the leader plus one follower: no new leader could have been elected
        // before that follower's last answer.
        ReplicaView leader = new ReplicaView(ReplicaView.Role.LEADER, -1, List.of(900L, 40L), 3, 10);
        assertThat(leader.freshWithinMillis()).hasValue(40);
    }

    @Test
    void givenALeaderOfFive_thenItNeedsTheSecondFreshestFollower() {
        ReplicaView leader = new ReplicaView(ReplicaView.Role.LEADER, -1, List.of(500L, 20L, 70L, 9_000L), 5, 10);
        assertThat(leader.freshWithinMillis()).hasValue(70);
    }

    @Test
    void givenALeaderThatHasHeardFromTooFewFollowers_thenItCannotSay() {
        ReplicaView leader = new ReplicaView(ReplicaView.Role.LEADER, -1, List.of(20L), 5, 10);
        assertThat(leader.freshWithinMillis()).isEmpty();
    }

    @Test
    void givenASingleReplicaGroup_thenItsLeaderIsNeverStale() {
        assertThat(new ReplicaView(ReplicaView.Role.LEADER, -1, List.of(), 1, 10).freshWithinMillis()).hasValue(0);
    }

    @Test
    void givenABoundOf2s_whenTheReplicaIs1800msStale_thenItMayWait200msForItsApply() {
        StalenessBound bound = start(new ReplicaView(ReplicaView.Role.FOLLOWER, 1_800, List.of(), 3, 10));
        assertThat(bound.waitBudgetMillis(2_000)).isEqualTo(200);
        advanceMillis(250);
        assertThat(bound.waitBudgetMillis(2_000)).isEqualTo(-50);
    }

    @Test
    void givenShopInstances_whenTheyPickReplicas_thenInstanceKReadsFromReplicaKModuloTheGroupSize() {
        assertThat(BoundedReadPolicy.forInstance(1).indexIn(3)).isZero();
        assertThat(BoundedReadPolicy.forInstance(2).indexIn(3)).isEqualTo(1);
        assertThat(BoundedReadPolicy.forInstance(4).indexIn(3)).isZero();
        assertThat(BoundedReadPolicy.NONE.indexIn(3)).isEqualTo(-1);
    }

    @Test
    void givenANegativeOrHugeBound_thenTheConsistencyIsRefusedWithTheLegalRange() {
        assertThatThrownBy(() -> ReadConsistency.bounded(Duration.ofMillis(-1))).hasMessageContaining("maxStaleness must be in");
        assertThatThrownBy(() -> ReadConsistency.bounded(Duration.ofHours(1))).hasMessageContaining("PT1M");
    }

    @Test
    void givenAnAnswer_whenEncodedAndDecoded_thenStatusStalenessAndDataSurvive() {
        byte[] data = {1, 2, 3};
        var fresh = BoundedReadCodec.decodeAnswer(BoundedReadCodec.encodeAnswer(
                new BoundedReadCodec.Answer(BoundedReadCodec.Status.FRESH, 140, data)));
        assertThat(fresh.status()).isEqualTo(BoundedReadCodec.Status.FRESH);
        assertThat(fresh.stalenessMillis()).isEqualTo(140);
        assertThat(fresh.availabilityAnswer()).containsExactly(1, 2, 3);
        var stale = BoundedReadCodec.decodeAnswer(BoundedReadCodec.encodeAnswer(
                new BoundedReadCodec.Answer(BoundedReadCodec.Status.TOO_STALE, 2_400, null)));
        assertThat(stale.status()).isEqualTo(BoundedReadCodec.Status.TOO_STALE);
        assertThat(stale.availabilityAnswer()).isEmpty();
        var question = BoundedReadCodec.decodeQuestion(BoundedReadCodec.encodeQuestion(2_000, data));
        assertThat(question.maxStalenessMillis()).isEqualTo(2_000);
        assertThat(question.availabilityQuestion()).containsExactly(1, 2, 3);
        assertThat(BoundedReadCodec.isBoundedQuestion(dev.fivenines.inventory.ledger.LedgerQueries.encodeAvailable(List.of("a"))))
                .as("a plain availability question is not mistaken for a bounded one").isFalse();
    }
}
