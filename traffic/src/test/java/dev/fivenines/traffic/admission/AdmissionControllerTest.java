package dev.fivenines.traffic.admission;

import com.netflix.concurrency.limits.limit.FixedLimit;
import dev.fivenines.traffic.Criticality;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.fivenines.traffic.Criticality.CRITICAL;
import static dev.fivenines.traffic.Criticality.CRITICAL_PLUS;
import static dev.fivenines.traffic.Criticality.SHEDDABLE;
import static dev.fivenines.traffic.Criticality.SHEDDABLE_PLUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionControllerTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private AdmissionController controller(int limit, int queueCapacity) {
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(limit).queueCapacity(queueCapacity).build();
        return new AdmissionController(config, FixedLimit.of(limit), clock::get, new ShedLog(clock::get, 1_000_000_000L));
    }

    private static Permit admitted(Decision d) {
        assertThat(d).isInstanceOf(Decision.Admitted.class);
        return ((Decision.Admitted) d).permit();
    }

    private static Rejection rejected(Decision d) {
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) d).rejection();
    }

    private void advanceMillis(long ms) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void givenSheddableFillsItsHalfShareThenFurtherSheddableIsRefusedButCheckoutStillGetsIn() {
        AdmissionController c = controller(10, 0);
        for (int i = 0; i < 5; i++) {
            admitted(c.offer(Ticket.of(SHEDDABLE)));
        }
        Rejection r = rejected(c.offer(Ticket.of(SHEDDABLE)));
        assertThat(r.reason()).isEqualTo(RejectReason.LIMIT);
        assertThat(r.explain()).contains("class=SHEDDABLE", "limit=10", "inflight=5");
        for (int i = 0; i < 5; i++) {
            admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        }
        assertThat(c.inflight()).isEqualTo(10);
        assertThat(rejected(c.offer(Ticket.of(CRITICAL_PLUS))).reason()).isEqualTo(RejectReason.LIMIT);
        assertThat(c.metrics().rejectedCount(SHEDDABLE, RejectReason.LIMIT)).isEqualTo(1);
    }

    @Test
    void givenWaitersOfSeveralClassesWhenASlotFreesTheMostCriticalWaiterGetsIt() {
        AdmissionController c = controller(10, 8);
        List<Permit> running = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            running.add(admitted(c.offer(Ticket.of(CRITICAL_PLUS))));
        }
        Decision.Queued browse = (Decision.Queued) c.offer(Ticket.of(SHEDDABLE_PLUS));
        Decision.Queued cart = (Decision.Queued) c.offer(Ticket.of(CRITICAL));
        Decision.Queued pay = (Decision.Queued) c.offer(Ticket.of(CRITICAL_PLUS));

        running.remove(0).release(Outcome.SUCCESS);

        assertThat(pay.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Admitted);
        assertThat(cart.waiter().result()).isNotDone();
        assertThat(browse.waiter().result()).isNotDone();
        // CRITICAL may fill 9 of 10 slots, SHEDDABLE_PLUS 7: two more releases make room for the cart only.
        running.remove(0).release(Outcome.SUCCESS);
        running.remove(0).release(Outcome.SUCCESS);
        assertThat(cart.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Admitted);
        assertThat(browse.waiter().result()).isNotDone();
        assertThat(c.inflight()).isEqualTo(9);
    }

    @Test
    void givenAStandingQueueWhenASlotFreesStaleWaitersAreDroppedAndTheNewestIsServed() {
        AdmissionController c = controller(2, 8);
        Permit p1 = admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        Decision.Queued old = (Decision.Queued) c.offer(Ticket.of(CRITICAL_PLUS));
        advanceMillis(150);
        Decision.Queued middle = (Decision.Queued) c.offer(Ticket.of(CRITICAL_PLUS));
        advanceMillis(2);
        Decision.Queued newest = (Decision.Queued) c.offer(Ticket.of(CRITICAL_PLUS));
        assertThat(old.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Rejected r
                && r.rejection().reason() == RejectReason.QUEUE_TIMEOUT);

        p1.release(Outcome.SUCCESS);

        assertThat(newest.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Admitted);
        assertThat(middle.waiter().result()).isNotDone();
        advanceMillis(10);
        c.tick();
        assertThat(middle.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Rejected r
                && r.rejection().reason() == RejectReason.QUEUE_TIMEOUT && r.rejection().queuedNanos() > 0);
    }

    @Test
    void givenAFullQueueAMoreValuableNewcomerEvictsTheLeastValuableWaiter() {
        AdmissionController c = controller(1, 2);
        admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        Decision.Queued low = (Decision.Queued) c.offer(new Ticket(CRITICAL, 0.1, "low"));
        Decision.Queued high = (Decision.Queued) c.offer(new Ticket(CRITICAL, 0.9, "high"));

        assertThat(c.offer(new Ticket(CRITICAL, 0.6, "mid"))).isInstanceOf(Decision.Queued.class);
        assertThat(low.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Rejected r
                && r.rejection().reason() == RejectReason.EVICTED);
        assertThat(rejected(c.offer(new Ticket(CRITICAL, 0.05, "lowest"))).reason()).isEqualTo(RejectReason.QUEUE_FULL);
        assertThat(high.waiter().result()).isNotDone();
    }

    @Test
    void givenWaitingBrowsePagesWhenASlotFreesAPageOfASessionUnderWayGoesBeforeANewSessionsHigherScoredPage() {
        AdmissionController c = controller(1, 4);
        Permit running = admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        Decision.Queued newSession = (Decision.Queued) c.offer(new Ticket(SHEDDABLE_PLUS, 0.9, "list", false));
        Decision.Queued underWay = (Decision.Queued) c.offer(new Ticket(SHEDDABLE_PLUS, 0.2, "product", true));

        running.release(Outcome.SUCCESS);

        assertThat(underWay.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Admitted);
        assertThat(newSession.waiter().result()).isNotDone();
    }

    @Test
    void givenAStandingQueueANewSessionsWaiterIsDroppedAtTheCodelTargetButASessionUnderWayWaitsTheWholeTimeout() {
        AdmissionController c = controller(1, 4);
        Permit running = admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        advanceMillis(150);
        Decision.Queued newSession = (Decision.Queued) c.offer(new Ticket(SHEDDABLE_PLUS, 0.9, "list", false));
        Decision.Queued underWay = (Decision.Queued) c.offer(new Ticket(SHEDDABLE_PLUS, 0.1, "product", true));

        advanceMillis(50);
        c.tick();

        assertThat(newSession.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Rejected r
                && r.rejection().reason() == RejectReason.QUEUE_TIMEOUT);
        assertThat(underWay.waiter().result()).isNotDone();
        running.release(Outcome.SUCCESS);
        assertThat(underWay.waiter().result()).isCompletedWithValueMatching(d -> d instanceof Decision.Admitted);
    }

    @Test
    void givenAPageOfASessionUnderWayWasShedNewSessionsGetFewerSlotsWhileSessionsUnderWayStillGetTheWholeShare() {
        AdmissionController c = controller(10, 0);
        // SHEDDABLE_PLUS may fill 7 of 10 slots (share 0.75)
        List<Permit> pages = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            pages.add(admitted(c.offer(new Ticket(SHEDDABLE_PLUS, 0.5, "page", i % 2 == 0))));
        }
        assertThat(rejected(c.offer(new Ticket(SHEDDABLE_PLUS, 0.5, "product", true))).explain()).contains("session=under-way");
        pages.forEach(p -> p.release(Outcome.SUCCESS));

        // new sessions may now fill floor(7 * 0.8) = 5 slots; sessions under way still 7
        for (int i = 0; i < 5; i++) {
            admitted(c.offer(new Ticket(SHEDDABLE_PLUS, 0.9, "list", false)));
        }
        assertThat(rejected(c.offer(new Ticket(SHEDDABLE_PLUS, 0.9, "list", false))).reason()).isEqualTo(RejectReason.LIMIT);
        admitted(c.offer(new Ticket(SHEDDABLE_PLUS, 0.1, "product", true)));
        admitted(c.offer(new Ticket(SHEDDABLE_PLUS, 0.1, "product", true)));
        assertThat(c.snapshot().newSessionFactorByClass().get(SHEDDABLE_PLUS.ordinal())).isEqualTo(0.8);
        assertThat(c.snapshot().newSessionFactorByClass().get(CRITICAL.ordinal())).isEqualTo(1.0);
    }

    @Test
    void givenSessionsUnderWayKeepBeingShedNewSessionsStillGetWhatTheNextLowerClassMayFill() {
        AdmissionController c = controller(10, 0);
        List<Permit> pages = new ArrayList<>();
        for (int cut = 0; cut < 5; cut++) {
            for (int i = 0; i < 7; i++) {
                pages.add(admitted(c.offer(new Ticket(SHEDDABLE_PLUS, 0.5, "product", true))));
            }
            rejected(c.offer(new Ticket(SHEDDABLE_PLUS, 0.5, "product", true)));
            pages.forEach(p -> p.release(Outcome.SUCCESS));
            pages.clear();
            advanceMillis(100);
        }
        assertThat(c.snapshot().newSessionFactorByClass().get(SHEDDABLE_PLUS.ordinal())).isLessThan(0.4);

        // 7 * 0.33 would leave new sessions 2 slots; SHEDDABLE may fill 5, so a new session's page gets 5 too
        for (int i = 0; i < 5; i++) {
            admitted(c.offer(new Ticket(SHEDDABLE_PLUS, 0.5, "list", false)));
        }
        assertThat(rejected(c.offer(new Ticket(SHEDDABLE_PLUS, 0.5, "list", false))).reason()).isEqualTo(RejectReason.LIMIT);
        assertThat(rejected(c.offer(Ticket.of(SHEDDABLE))).reason()).isEqualTo(RejectReason.LIMIT);
    }

    @Test
    void givenAFullQueueASessionUnderWayEvictsANewSessionsWaiterAndIsCountedWhenShedItself() {
        AdmissionController c = controller(1, 1);
        admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        Decision.Queued newSession = (Decision.Queued) c.offer(new Ticket(CRITICAL, 0.9, "new", false));

        Decision.Queued underWay = (Decision.Queued) c.offer(new Ticket(CRITICAL, 0.1, "under way", true));
        Rejection evicted = ((Decision.Rejected) newSession.waiter().result().join()).rejection();
        Rejection refused = rejected(c.offer(new Ticket(CRITICAL, 0.95, "another new", false)));

        assertThat(evicted.reason()).isEqualTo(RejectReason.EVICTED);
        assertThat(evicted.explain()).contains("session=new");
        assertThat(refused.reason()).isEqualTo(RejectReason.QUEUE_FULL);
        assertThat(underWay.waiter().result()).isNotDone();
        Rejection timedOut = rejected(c.cancel(underWay.waiter()));
        assertThat(timedOut.explain()).contains("session=under-way");
        assertThat(c.metrics().rejectedUnderWayCount(CRITICAL)).isEqualTo(1);
        assertThat(c.metrics().rejectedCount(CRITICAL)).isEqualTo(3);
    }

    @Test
    void givenForcedSheddingBelowCriticalOnlyCriticalAndAboveAreAdmitted() {
        AdmissionController c = controller(100, 0);
        c.shedBelow(CRITICAL);
        assertThat(rejected(c.offer(Ticket.of(SHEDDABLE_PLUS))).reason()).isEqualTo(RejectReason.FORCED_SHED);
        assertThat(rejected(c.offer(Ticket.of(SHEDDABLE))).reason()).isEqualTo(RejectReason.FORCED_SHED);
        admitted(c.offer(Ticket.of(CRITICAL)));
        admitted(c.offer(Ticket.of(CRITICAL_PLUS)));
        c.shedBelow(null);
        admitted(c.offer(Ticket.of(SHEDDABLE)));
    }

    @Test
    void givenAdmissionIsOffEverythingIsAdmittedBeyondTheLimit() {
        AdmissionController c = controller(2, 0);
        c.enabled(false);
        for (int i = 0; i < 5; i++) {
            admitted(c.offer(Ticket.of(SHEDDABLE)));
        }
        assertThat(c.inflight()).isEqualTo(5);
    }

    @Test
    void givenAPermitReleasedTwiceTheSecondReleaseIsABug() {
        AdmissionController c = controller(2, 0);
        Permit p = admitted(c.offer(Ticket.of(CRITICAL)));
        p.release(Outcome.SUCCESS);
        assertThatThrownBy(() -> p.release(Outcome.SUCCESS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released twice");
        assertThat(c.inflight()).isZero();
    }

    @Test
    void givenAWaiterGivesUpItIsRejectedUnlessItWasAdmittedJustBefore() {
        AdmissionController c = controller(1, 4);
        Permit p = admitted(c.offer(Ticket.of(CRITICAL)));
        Decision.Queued first = (Decision.Queued) c.offer(Ticket.of(CRITICAL));
        Decision.Queued second = (Decision.Queued) c.offer(Ticket.of(CRITICAL));
        assertThat(rejected(c.cancel(second.waiter())).reason()).isEqualTo(RejectReason.QUEUE_TIMEOUT);
        p.release(Outcome.SUCCESS);
        assertThat(c.cancel(first.waiter())).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void givenOverloadTheShedLogWritesOneExplainedLinePerInterval() {
        ShedLog log = new ShedLog(clock::get, TimeUnit.SECONDS.toNanos(1));
        Rejection r = new Rejection(RejectReason.LIMIT, SHEDDABLE, 0.5, "GET /api/v1/recommendations", 10, 10, 0, 4);
        assertThat(log.record(r)).contains("class=SHEDDABLE", "score=0.500", "limit=10", "queued_ms=0.0");
        assertThat(log.record(r)).isNull();
        assertThat(log.record(r)).isNull();
        advanceMillis(1001);
        assertThat(log.record(r)).contains("+2 more shed");
    }

    @Test
    void givenAnUnorderedShareListTheConfigSaysWhatIsWrong() {
        assertThatThrownBy(() -> AdmissionConfig.builder().limitAlgorithm("gradient2").limits(10, 1, 100)
                .classShares(List.of(1.0, 0.5, 0.9, 0.2)).queueCapacity(1).build())
                .hasMessageContaining("must not grow");
        assertThatThrownBy(() -> AdmissionConfig.builder().limitAlgorithm("aimd2").limits(10, 1, 100).queueCapacity(1).build())
                .hasMessageContaining("limitAlgorithm must be one of");
    }

    /** A controller switched to a bulkhead of {@code maxConcurrent} that does not let newcomers wait. */
    private AdmissionController inBulkheadMode(int maxConcurrent) {
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(100).queueCapacity(0).build();
        AdmissionController c = new AdmissionController(config, FixedLimit.of(100), clock::get,
                new ShedLog(clock::get, 1_000_000_000L), BulkheadSettings.of(maxConcurrent).withMaxWaitMillis(0));
        c.mode(AdmissionMode.BULKHEAD);
        return c;
    }

    @Test
    void givenTheFixedBulkheadIsFullCheckoutIsRefusedLikeAnythingElseUntilACallFinishes() {
        AdmissionController c = inBulkheadMode(3);
        List<Permit> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(admitted(c.acquire(Ticket.of(SHEDDABLE))));
        }
        // Class-blind: the bulkhead full of recommendations refuses the checkout that the adaptive mode would admit.
        Rejection r = rejected(c.acquire(Ticket.of(CRITICAL_PLUS)));
        assertThat(r.reason()).isEqualTo(RejectReason.BULKHEAD_FULL);
        assertThat(c.metrics().rejectedCount(CRITICAL_PLUS, RejectReason.BULKHEAD_FULL)).isEqualTo(1);
        held.removeFirst().release(Outcome.SUCCESS);
        admitted(c.acquire(Ticket.of(CRITICAL_PLUS)));
        assertThat(c.inflight()).isEqualTo(3);
        assertThat(c.snapshot().mode()).isEqualTo(AdmissionMode.BULKHEAD);
    }

    @Test
    void givenPermitsTakenInBulkheadModeWhenSwitchedToAdaptiveTheirReleaseStillFreesTheBulkhead() {
        AdmissionController c = inBulkheadMode(1);
        Permit p = admitted(c.offer(Ticket.of(CRITICAL)));
        c.mode(AdmissionMode.ADAPTIVE);
        admitted(c.offer(Ticket.of(CRITICAL)));
        p.release(Outcome.SUCCESS);
        c.mode(AdmissionMode.BULKHEAD);
        admitted(c.acquire(Ticket.of(CRITICAL)));
    }

    @Test
    void givenAModeNameTheParserAcceptsTheThreeModesAndOnAndSaysWhatIsLegalOtherwise() {
        assertThat(AdmissionMode.parse("k", "Bulkhead")).isEqualTo(AdmissionMode.BULKHEAD);
        assertThat(AdmissionMode.parse("k", "on")).isEqualTo(AdmissionMode.ADAPTIVE);
        assertThat(AdmissionMode.parse("k", "off")).isEqualTo(AdmissionMode.OFF);
        assertThatThrownBy(() -> AdmissionMode.parse("FIVENINES_ADMISSION", "maybe"))
                .hasMessageContaining("FIVENINES_ADMISSION must be one of [adaptive, bulkhead, off]");
    }
}
