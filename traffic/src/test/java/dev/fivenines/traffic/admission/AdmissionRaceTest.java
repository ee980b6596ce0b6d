package dev.fivenines.traffic.admission;

import com.netflix.concurrency.limits.limit.FixedLimit;
import dev.fivenines.traffic.Criticality;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many real threads race offers, waits, cancellations and releases; each thread's choices come from
 * a seed derived from the printed base seed. The limit and the per-class caps must hold at every
 * moment, measured independently of the controller's own counters.
 */
class AdmissionRaceTest {
    private static final int LIMIT = 8;
    private static final int THREADS = 24;
    private static final int ITERATIONS = 2_000;

    @Test
    void givenManyThreadsRacingThenInFlightNeverExceedsTheLimitNorAnyClassItsShare() throws Exception {
        long seed = new Random().nextLong();
        AtomicLong clock = new AtomicLong();
        // time advances with every read so queue deadlines and CoDel fire during the race
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(LIMIT).queueCapacity(4)
                .queueTimeoutMillis(50).codelTargetMillis(5).codelIntervalMillis(20).build();
        AdmissionController controller = new AdmissionController(config, FixedLimit.of(LIMIT),
                () -> clock.addAndGet(1_000), new ShedLog(clock::get, Long.MAX_VALUE / 4));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger[] runningByClass = new AtomicInteger[4];
        AtomicInteger[] peakByClass = new AtomicInteger[4];
        for (int i = 0; i < 4; i++) {
            runningByClass[i] = new AtomicInteger();
            peakByClass[i] = new AtomicInteger();
        }
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(seed + t);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < ITERATIONS; i++) {
                        Criticality c = Criticality.values()[random.nextInt(4)];
                        Decision d = controller.offer(new Ticket(c, random.nextDouble(), "", random.nextBoolean()));
                        if (d instanceof Decision.Queued q) {
                            d = random.nextBoolean() ? controller.cancel(q.waiter()) : controller.acquireQueued(q.waiter());
                        }
                        if (d instanceof Decision.Admitted a) {
                            admitted.incrementAndGet();
                            int now = running.incrementAndGet();
                            peak.accumulateAndGet(now, Math::max);
                            int mine = runningByClass[c.ordinal()].incrementAndGet();
                            peakByClass[c.ordinal()].accumulateAndGet(mine, Math::max);
                            for (int spin = random.nextInt(200); spin > 0; spin--) {
                                Thread.onSpinWait();
                            }
                            runningByClass[c.ordinal()].decrementAndGet();
                            running.decrementAndGet();
                            a.permit().release(random.nextInt(10) == 0 ? Outcome.DROPPED : Outcome.SUCCESS);
                        } else {
                            rejected.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        String replay = "base seed " + seed;
        assertThat(failure.get()).as(replay).isNull();
        assertThat(peak.get()).as(replay).isLessThanOrEqualTo(LIMIT).isGreaterThan(1);
        for (Criticality c : Criticality.values()) {
            assertThat(peakByClass[c.ordinal()].get()).as(replay + ", class " + c)
                    .isLessThanOrEqualTo(config.capFor(c, LIMIT));
        }
        assertThat(admitted.get() + rejected.get()).as(replay).isEqualTo(THREADS * ITERATIONS);
        assertThat(controller.inflight()).as(replay).isZero();
        long countedAdmitted = 0;
        for (Criticality c : Criticality.values()) {
            countedAdmitted += controller.metrics().admittedCount(c);
        }
        assertThat(countedAdmitted).as(replay).isEqualTo(admitted.get());
    }
}
