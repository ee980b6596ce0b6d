package dev.fivenines.traffic.admission;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import dev.fivenines.traffic.Criticality;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded, deterministic simulation of one node: open-loop Poisson arrivals of mixed classes
 * (browse-heavy, like Black Friday) at several times capacity, a server whose latency grows when
 * more than its worker count run at once, and the controller in front. Checks, for every seed:
 * in-flight never exceeds the limit, and shedding falls on the least critical classes first.
 * Any failure names the seed, so it can be replayed.
 */
class AdmissionSimulationTest {
    private static final long MS = 1_000_000L;
    private static final int SEEDS = 40;

    /** Share of arrivals per class: browse-heavy mix. */
    private static final Map<Criticality, Double> MIX = Map.of(
            Criticality.CRITICAL_PLUS, 0.05, Criticality.CRITICAL, 0.20,
            Criticality.SHEDDABLE_PLUS, 0.50, Criticality.SHEDDABLE, 0.25);

    record Result(long seed, Map<Criticality, long[]> counts, int peakInflight, int peakLimit, int maxLimitSeen) {
        double shedFraction(Criticality c) {
            long[] n = counts.get(c);
            return n[0] == 0 ? 0 : (double) n[2] / n[0];
        }
    }

    private record Event(long atNanos, long seq, Runnable action) {
    }

    /** One run: returns counts per class {arrived, served, shed}. */
    static Result run(long seed, double overload, boolean adaptive) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] now = {0};
        long[] seq = {0};
        PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.atNanos != b.atNanos
                ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.seq, b.seq));
        int workers = 16;
        long serviceNanos = 10 * MS;
        AdmissionConfig config = AdmissionConfig.builder().limitAlgorithm(adaptive ? "gradient2" : "fixed")
                .limits(32, 4, 64).queueCapacity(64).build();
        Limit limit = adaptive ? Limits.create(config) : FixedLimit.of(32);
        AdmissionController controller = new AdmissionController(config, limit, () -> now[0],
                new ShedLog(() -> now[0], Long.MAX_VALUE / 4));
        Map<Criticality, long[]> counts = new EnumMap<>(Criticality.class);
        for (Criticality c : Criticality.values()) {
            counts.put(c, new long[3]);
        }
        int[] serverInflight = {0};
        int[] peaks = {0, 0, 0}; // peak in-flight, limit at that peak, max limit ever
        List<AdmissionController.Waiter> waiting = new ArrayList<>();

        // capacity = workers / service time; arrivals at overload x that
        double arrivalsPerNano = overload * workers / (double) serviceNanos;
        long endNanos = 5_000 * MS;

        Runnable[] settle = new Runnable[1];
        java.util.function.Consumer<Permit> start = permit -> {
            serverInflight[0]++;
            int lim = controller.limit();
            peaks[2] = Math.max(peaks[2], lim);
            if (serverInflight[0] > peaks[0]) {
                peaks[0] = serverInflight[0];
                peaks[1] = lim;
            }
            if (serverInflight[0] > config.maxLimit() || (!adaptive && serverInflight[0] > 32)) {
                throw new AssertionError("seed " + seed + ": in-flight " + serverInflight[0] + " exceeds the limit");
            }
            // processor sharing: beyond the worker count everyone slows down
            double slowdown = Math.max(1.0, serverInflight[0] / (double) workers);
            long service = (long) (serviceNanos * slowdown * (0.5 + random.nextDouble()));
            counts.get(permit.criticality())[1]++;
            events.add(new Event(now[0] + service, seq[0]++, () -> {
                serverInflight[0]--;
                permit.release(Outcome.SUCCESS);
                settle[0].run();
            }));
        };
        settle[0] = () -> {
            for (Iterator<AdmissionController.Waiter> it = waiting.iterator(); it.hasNext(); ) {
                AdmissionController.Waiter w = it.next();
                if (w.result().isDone()) {
                    it.remove();
                    Decision d = w.result().join();
                    if (d instanceof Decision.Admitted a) {
                        start.accept(a.permit());
                    } else {
                        counts.get(w.ticket().criticality())[2]++;
                    }
                }
            }
        };
        Runnable[] arrive = new Runnable[1];
        arrive[0] = () -> {
            Criticality c = pick(random);
            counts.get(c)[0]++;
            Decision d = controller.offer(new Ticket(c, random.nextDouble(), "", random.nextBoolean()));
            switch (d) {
                case Decision.Admitted a -> start.accept(a.permit());
                case Decision.Rejected r -> counts.get(c)[2]++;
                case Decision.Queued q -> {
                    waiting.add(q.waiter());
                    // the client gives up after the queue timeout
                    events.add(new Event(now[0] + config.queueTimeoutMillis() * MS, seq[0]++, () -> {
                        if (!q.waiter().result().isDone()) {
                            controller.cancel(q.waiter());
                        }
                        settle[0].run();
                    }));
                }
            }
            settle[0].run();
            long gap = (long) (-Math.log(1 - random.nextDouble()) / arrivalsPerNano);
            if (now[0] + gap < endNanos) {
                events.add(new Event(now[0] + gap, seq[0]++, arrive[0]));
            }
        };
        events.add(new Event(0, seq[0]++, arrive[0]));
        while (!events.isEmpty()) {
            Event e = events.poll();
            now[0] = e.atNanos;
            e.action.run();
        }
        settle[0].run();
        assertThat(waiting).as("seed %d: every waiter resolved", seed).isEmpty();
        assertThat(controller.inflight()).as("seed %d: every permit released", seed).isZero();
        return new Result(seed, counts, peaks[0], peaks[1], peaks[2]);
    }

    private static Criticality pick(SplittableRandom random) {
        double x = random.nextDouble();
        double acc = 0;
        for (Criticality c : Criticality.values()) {
            acc += MIX.get(c);
            if (x < acc) {
                return c;
            }
        }
        return Criticality.SHEDDABLE;
    }

    private static void assertShedsLowestFirst(Result r) {
        String seed = "seed " + r.seed() + " (replay with run(" + r.seed() + "L, ...))";
        assertThat(r.shedFraction(Criticality.SHEDDABLE)).as(seed + ": overload really sheds").isGreaterThan(0.3);
        assertThat(r.shedFraction(Criticality.SHEDDABLE)).as(seed).isGreaterThanOrEqualTo(r.shedFraction(Criticality.SHEDDABLE_PLUS));
        assertThat(r.shedFraction(Criticality.SHEDDABLE_PLUS)).as(seed).isGreaterThanOrEqualTo(r.shedFraction(Criticality.CRITICAL));
        assertThat(r.shedFraction(Criticality.CRITICAL)).as(seed).isGreaterThanOrEqualTo(r.shedFraction(Criticality.CRITICAL_PLUS));
        assertThat(r.shedFraction(Criticality.CRITICAL_PLUS)).as(seed + ": checkout keeps >= 99% success").isLessThanOrEqualTo(0.01);
    }

    @Test
    void givenThreeTimesCapacityWithAFixedLimitThenTheLimitHoldsAndTheLowestClassIsShedFirst() {
        long base = new Random().nextLong();
        for (int i = 0; i < SEEDS; i++) {
            Result r = run(base + i, 3.0, false);
            assertThat(r.peakInflight()).as("seed %d", r.seed()).isLessThanOrEqualTo(32);
            assertShedsLowestFirst(r);
        }
    }

    @Test
    void givenThreeTimesCapacityWithTheAdaptiveLimitThenTheLimitHoldsAndTheLowestClassIsShedFirst() {
        long base = new Random().nextLong();
        for (int i = 0; i < SEEDS; i++) {
            Result r = run(base + i, 3.0, true);
            assertThat(r.peakInflight()).as("seed %d", r.seed()).isLessThanOrEqualTo(r.maxLimitSeen());
            assertShedsLowestFirst(r);
        }
    }

    @Test
    void givenTheSameSeedTheSimulationReplaysExactly() {
        Result a = run(42L, 2.0, true);
        Result b = run(42L, 2.0, true);
        for (Criticality c : Criticality.values()) {
            assertThat(a.counts().get(c)).containsExactly(b.counts().get(c));
        }
    }

    @Test
    void givenLoadBelowCapacityNothingIsShed() {
        Result r = run(7L, 0.5, true);
        for (Criticality c : Criticality.values()) {
            assertThat(r.shedFraction(c)).as("class %s at half capacity", c).isZero();
        }
    }
}
