package dev.fivenines.traffic.admission;

import com.netflix.concurrency.limits.limit.FixedLimit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.fivenines.traffic.Criticality.CRITICAL;
import static dev.fivenines.traffic.Criticality.CRITICAL_PLUS;
import static dev.fivenines.traffic.Criticality.SHEDDABLE;
import static org.assertj.core.api.Assertions.assertThat;

class LatencyGuardTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    private void advanceMillis(long ms) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private AdmissionController controller(int limit, LatencyGuard.Settings guard) {
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(limit).queueCapacity(0).build();
        return new AdmissionController(config, FixedLimit.of(limit), clock::get, new ShedLog(clock::get, 1_000_000_000L),
                BulkheadSettings.defaults(), guard);
    }

    /** Runs {@code n} checkouts that each take {@code millis}, while {@code background} browsing requests are in flight. */
    private void checkouts(AdmissionController c, int n, long millis, int background) {
        List<Permit> browsing = new ArrayList<>();
        for (int i = 0; i < background; i++) {
            browsing.add(((Decision.Admitted) c.offer(Ticket.of(CRITICAL))).permit());
        }
        for (int i = 0; i < n; i++) {
            Permit p = ((Decision.Admitted) c.offer(Ticket.of(CRITICAL_PLUS))).permit();
            advanceMillis(millis);
            p.release(Outcome.SUCCESS);
        }
        browsing.forEach(p -> p.release(Outcome.IGNORED));
    }

    /** Checkouts on a busy node: 60 of 100 slots held by carts while they run. */
    private void checkouts(AdmissionController c, int n, long millis) {
        checkouts(c, n, millis, 60);
    }

    private int admittedUntilRefused(AdmissionController c, dev.fivenines.traffic.Criticality criticality, List<Permit> held) {
        int n = 0;
        while (c.offer(Ticket.of(criticality)) instanceof Decision.Admitted a) {
            held.add(a.permit());
            n++;
        }
        return n;
    }

    @Test
    void givenCheckoutsSlowerThanTheTargetTheLowerClassesGetFewerSlotsAndCheckoutKeepsAll() {
        AdmissionController c = controller(100, LatencyGuard.Settings.of(100));
        checkouts(c, 20, 300);
        double factor = c.snapshot().guardFactor();
        assertThat(factor).isLessThan(1.0);

        List<Permit> held = new ArrayList<>();
        int sheddable = admittedUntilRefused(c, SHEDDABLE, held);
        held.forEach(p -> p.release(Outcome.IGNORED));
        held.clear();
        int critical = admittedUntilRefused(c, CRITICAL, held);
        held.forEach(p -> p.release(Outcome.IGNORED));
        held.clear();
        int checkout = admittedUntilRefused(c, CRITICAL_PLUS, held);

        // Without the guard: SHEDDABLE 50, CRITICAL 90, CRITICAL_PLUS 100 of 100.
        assertThat(sheddable).isLessThan(50).isLessThan(critical);
        assertThat(critical).isLessThan(90);
        assertThat(checkout).isEqualTo(100);
    }

    /**
     * Checkouts that start right after a burst of browsing was shed for load, with nothing else in
     * flight: 6 SHEDDABLE requests want in each time, more than their share (5 of 10, fewer once
     * squeezed), so some are refused and what wanted to run stays above half the limit.
     */
    private void checkoutsWhileShedding(AdmissionController c, int n, long millis, boolean shed) {
        for (int i = 0; i < n; i++) {
            if (shed) {
                List<Permit> browsing = new ArrayList<>();
                for (int b = 0; b < 6; b++) {
                    if (c.offer(Ticket.of(SHEDDABLE)) instanceof Decision.Admitted a) {
                        browsing.add(a.permit());
                    }
                }
                browsing.forEach(p -> p.release(Outcome.IGNORED));
            }
            Permit p = ((Decision.Admitted) c.offer(Ticket.of(CRITICAL_PLUS))).permit();
            advanceMillis(millis);
            p.release(Outcome.SUCCESS);
        }
    }

    @Test
    void givenTheNodeShedsForLoadSlowCheckoutsCountAsBusyEvenWithLittleInFlight() {
        AdmissionController shedding = controller(10, LatencyGuard.Settings.of(100));
        AdmissionController quiet = controller(10, LatencyGuard.Settings.of(100));

        checkoutsWhileShedding(shedding, 20, 300, true);
        // asked now: the two share one clock, and a guard with no checkouts recovers as time passes
        assertThat(shedding.snapshot().guardFactor()).isLessThan(0.5);
        checkoutsWhileShedding(quiet, 20, 300, false);

        assertThat(quiet.snapshot().guardFactor()).as("slow for another reason: nothing to squeeze").isEqualTo(1.0);
    }

    @Test
    void givenTheGuardsOwnSheddingButAnIdleHostCpu_whenCheckoutsStaySlow_thenBrowsingIsNotSqueezed() {
        // busyCpuLoad 0.85: the node sheds (its signals say busy) but the host's CPU is at 60%
        LatencyGuard.Settings settings = LatencyGuard.Settings.builder().targetMillis(100).busyCpuLoad(0.85).build();
        double[] cpu = {0.60};
        AdmissionController idleHost = new AdmissionController(
                AdmissionConfig.builder().fixedLimit(10).queueCapacity(0).build(), FixedLimit.of(10),
                clock::get, new ShedLog(clock::get, 1_000_000_000L), BulkheadSettings.defaults(), settings, () -> cpu[0]);

        checkoutsWhileShedding(idleHost, 20, 300, true);
        assertThat(idleHost.snapshot().guardFactor()).as("no core is short: shedding cannot make checkout faster").isEqualTo(1.0);
        assertThat(idleHost.snapshot().guardHostCpuLoad()).isEqualTo(0.60);

        cpu[0] = 0.97;
        checkoutsWhileShedding(idleHost, 20, 300, true);
        assertThat(idleHost.snapshot().guardFactor()).as("the same checkouts on a saturated host").isLessThan(0.5);
    }

    @Test
    void givenAnUnknownHostCpuLoad_thenTheNodesOwnSignalsDecideAsWithoutTheCpuCheck() {
        LatencyGuard.Settings settings = LatencyGuard.Settings.builder().targetMillis(100).busyCpuLoad(0.85).build();
        AdmissionController unknown = new AdmissionController(
                AdmissionConfig.builder().fixedLimit(10).queueCapacity(0).build(), FixedLimit.of(10),
                clock::get, new ShedLog(clock::get, 1_000_000_000L), BulkheadSettings.defaults(), settings, () -> -1.0);

        checkoutsWhileShedding(unknown, 20, 300, true);

        assertThat(unknown.snapshot().guardFactor()).isLessThan(0.5);
    }

    private AdmissionController sharedHost(int limit, double[] cpu) {
        LatencyGuard.Settings settings = LatencyGuard.Settings.builder().targetMillis(100).busyCpuLoad(0.85).build();
        return new AdmissionController(
                AdmissionConfig.builder().fixedLimit(limit).queueCapacity(0).build(),
                FixedLimit.of(limit), clock::get, new ShedLog(clock::get, 1_000_000_000L), BulkheadSettings.defaults(), settings,
                () -> cpu[0]);
    }

    @Test
    void givenABusyNeighbourTakesTheHostsCpu_andTheNodesOwnInFlightIsLow_thenCartsAreNotShed_evenAfterABurstSqueezedThem() {
        double[] cpu = {0.97}; // programs outside the node keep the host's CPU busy throughout
        AdmissionController c = sharedHost(32, cpu);
        List<Permit> carts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            carts.add(((Decision.Admitted) c.offer(Ticket.of(CRITICAL))).permit());
        }
        // A burst: 20 of 32 slots held (these 3 carts among them) while 40 slow checkouts run. The
        // guard squeezes, as it should.
        checkouts(c, 40, 300, 17);
        assertThat(c.snapshot().guardFactor()).isLessThan(0.1);

        // Then a flash sale: the 3 carts still in flight, one more wants in before each checkout;
        // checkouts stay slow (the neighbour has the CPU), but the node's own load is 4 or 5 of 32.
        int shedLater = 0;
        long start = clock.get();
        while (clock.get() - start < TimeUnit.SECONDS.toNanos(40)) {
            boolean late = clock.get() - start > TimeUnit.SECONDS.toNanos(10);
            if (c.offer(Ticket.of(CRITICAL)) instanceof Decision.Admitted cart) {
                checkouts(c, 1, 300, 0);
                cart.permit().release(Outcome.SUCCESS);
            } else {
                shedLater += late ? 1 : 0;
                checkouts(c, 1, 300, 0);
            }
        }
        carts.forEach(p -> p.release(Outcome.SUCCESS));

        assertThat(shedLater).as("carts shed after the first 10 s with 3 of 32 in flight").isZero();
        assertThat(c.snapshot().guardFactor()).isEqualTo(1.0);
        assertThat(c.metrics().rejectedCount(CRITICAL)).as("the squeeze gave way within seconds").isLessThan(10);
    }

    @Test
    void givenABusyNeighbour_andTheNodesOwnInFlightNearItsLimit_thenTheGuardStillSqueezes() {
        double[] cpu = {0.97};
        AdmissionController c = sharedHost(32, cpu);

        checkouts(c, 40, 300, 20);

        assertThat(c.snapshot().guardFactor()).isLessThan(0.1);
    }

    @Test
    void givenABusyNeighbour_andMoreBrowsingWantingInThanTheNodeTakes_thenTheGuardStillSqueezes() {
        double[] cpu = {0.97};
        AdmissionController c = sharedHost(10, cpu);

        // 6 browsing requests want in before every checkout: a standing queue (here refused, as queueing is off)
        checkoutsWhileShedding(c, 40, 300, true);

        assertThat(c.snapshot().guardFactor()).isLessThan(0.1);
    }

    @Test
    void givenCheckoutsFastAgainOrGoneTheFactorClimbsBackToOne() {
        AdmissionController c = controller(100, LatencyGuard.Settings.of(100));
        checkouts(c, 40, 300);
        double squeezed = c.snapshot().guardFactor();
        checkouts(c, 40, 10, 0);
        assertThat(c.snapshot().guardFactor()).isGreaterThan(squeezed);
        for (int i = 0; i < 100; i++) {
            advanceMillis(250);
            c.tick();
        }
        assertThat(c.snapshot().guardFactor()).isEqualTo(1.0);
    }

    @Test
    void givenTheGuardIsOffSlowCheckoutsChangeNothing() {
        AdmissionController c = controller(100, LatencyGuard.Settings.off());
        checkouts(c, 40, 300);
        assertThat(c.snapshot().guardFactor()).isEqualTo(1.0);
        List<Permit> held = new ArrayList<>();
        assertThat(admittedUntilRefused(c, SHEDDABLE, held)).isEqualTo(50);
    }

    @Test
    void givenSlowCheckoutsOnAnIdleNodeTheGuardLeavesTheOtherClassesAlone() {
        // A slow payment provider, not load: shedding browsing would not make checkout faster.
        AdmissionController c = controller(100, LatencyGuard.Settings.of(100));
        checkouts(c, 40, 300, 0);
        assertThat(c.snapshot().guardFactor()).isEqualTo(1.0);
    }

    @Test
    void givenARelativeTargetTheGuardHoldsCheckoutNearItsUnloadedLatencyNotJustTheCeiling() {
        AdmissionController c = controller(100, LatencyGuard.Settings.builder().targetMillis(500).relativeToUnloaded(2.0).build());
        // Quiet: checkouts take 40 ms; the guard learns that as the unloaded latency.
        checkouts(c, 40, 40, 0);
        assertThat(c.snapshot().guardTargetMillis()).isEqualTo(80.0);
        // Busy and at 200 ms: far under the 500 ms ceiling, but 5x unloaded. The others are squeezed.
        checkouts(c, 40, 200);
        assertThat(c.snapshot().guardFactor()).isLessThan(1.0);
    }

    @Test
    void givenSlowQuietWindowsTheUnloadedLatencyStaysAtItsFloorButAFasterOneLowersIt() {
        AdmissionController c = controller(100, LatencyGuard.Settings.builder().targetMillis(500).relativeToUnloaded(2.0).build());
        checkouts(c, 40, 40, 0);
        assertThat(c.snapshot().guardTargetMillis()).isEqualTo(80.0);
        // Not busy, but slow (a neighbour taking the CPU, the node at capacity with nothing to shed):
        // the floor does not move (an even average of the windows would have put the target at 159 ms).
        checkouts(c, 10, 150, 0);
        assertThat(c.snapshot().guardTargetMillis()).isEqualTo(80.0);
        // A faster quiet window is a better estimate of the floor.
        checkouts(c, 30, 20, 0);
        assertThat(c.snapshot().guardTargetMillis()).isEqualTo(40.0);
    }

    @Test
    void givenALastingChangeTheUnloadedLatencyFollowsOnceItFillsMostOfTheRecentQuietWindows() {
        AdmissionController c = controller(100, LatencyGuard.Settings.builder().targetMillis(500).relativeToUnloaded(2.0).build());
        checkouts(c, 40, 40, 0);
        // A slower payment provider from now on: 100 ms checkouts, window after window.
        checkouts(c, 10 * LatencyGuard.FLOOR_WINDOWS, 100, 0);
        assertThat(c.snapshot().guardTargetMillis()).isEqualTo(200.0);
    }

    @Test
    void givenFastCheckoutsWhileSqueezedTheFactorRisesOneStepPerJudgedWindowNotPerIntervalItSpanned() {
        AdmissionController c = controller(100, LatencyGuard.Settings.of(100));
        checkouts(c, 40, 300);
        double squeezed = c.snapshot().guardFactor();
        assertThat(squeezed).isLessThan(0.5);
        // Two windows of 10 checkouts at 60 ms (under 70% of 100 ms), each spanning 2.4 intervals.
        checkouts(c, 20, 60, 0);
        assertThat(c.snapshot().guardFactor()).isCloseTo(squeezed + 2 * 0.05, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void givenOnlyAnAbsoluteTargetBusyCheckoutsUnderItSqueezeNothing() {
        AdmissionController c = controller(100, LatencyGuard.Settings.of(500));
        checkouts(c, 40, 40, 0);
        checkouts(c, 40, 200);
        assertThat(c.snapshot().guardTargetMillis()).isEqualTo(500.0);
        assertThat(c.snapshot().guardFactor()).isEqualTo(1.0);
    }

    @Test
    void givenFewSamplesTheGuardWaitsForMoreBeforeJudging() {
        LatencyGuard guard = new LatencyGuard(LatencyGuard.Settings.of(100), clock.get());
        for (int i = 0; i < 3; i++) {
            advanceMillis(300);
            guard.record(TimeUnit.MILLISECONDS.toNanos(500), true, clock.get());
        }
        assertThat(guard.factor(clock.get())).isEqualTo(1.0);
        advanceMillis(1_000);
        assertThat(guard.factor(clock.get())).isEqualTo(0.7);
    }
}
