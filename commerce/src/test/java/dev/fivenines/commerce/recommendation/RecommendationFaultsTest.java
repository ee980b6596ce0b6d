package dev.fivenines.commerce.recommendation;

import dev.fivenines.commerce.recommendation.RecommendationFaults.Outcome;
import dev.fivenines.commerce.recommendation.RecommendationFaults.Settings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecommendationFaultsTest {
    private final List<Long> slept = new ArrayList<>();
    private final Sleeper recordingSleeper = slept::add;

    private static DoubleSupplier draws(double... values) {
        int[] next = {0};
        return () -> values[next[0]++];
    }

    @Test
    void givenNoFaults_whenApplied_thenItNeitherWaitsNorFails() throws Exception {
        var faults = new RecommendationFaults(recordingSleeper, draws(0.0));

        assertThat(faults.apply()).isEqualTo(Outcome.PROCEED);
        assertThat(slept).isEmpty();
        assertThat(faults.current()).isEqualTo(Settings.NONE);
    }

    @Test
    void givenExtraLatency_whenApplied_thenTheSleeperIsAskedForExactlyThatLong() throws Exception {
        var faults = new RecommendationFaults(recordingSleeper, draws(0.5));
        faults.set(new Settings(250, 0.0));

        assertThat(faults.apply()).isEqualTo(Outcome.PROCEED);
        assertThat(slept).containsExactly(250L);
    }

    @Test
    void givenAFailureRate_whenDrawsFallBelowIt_thenThoseRequestsFailAndTheOthersProceed() throws Exception {
        var faults = new RecommendationFaults(recordingSleeper, draws(0.10, 0.29, 0.30, 0.99));
        faults.set(new Settings(0, 0.3));

        assertThat(List.of(faults.apply(), faults.apply(), faults.apply(), faults.apply()))
                .containsExactly(Outcome.FAIL, Outcome.FAIL, Outcome.PROCEED, Outcome.PROCEED);
    }

    @Test
    void givenFailureRateOne_whenTheHighestDrawComes_thenItStillFails() throws Exception {
        var faults = new RecommendationFaults(recordingSleeper, draws(Math.nextDown(1.0)));
        faults.set(new Settings(0, 1.0));

        assertThat(faults.apply()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void givenFaultsSet_whenCleared_thenRequestsAreServedNormallyAgain() throws Exception {
        var faults = new RecommendationFaults(recordingSleeper, draws(0.0));
        faults.set(new Settings(100, 1.0));

        faults.clear();

        assertThat(faults.apply()).isEqualTo(Outcome.PROCEED);
        assertThat(slept).isEmpty();
    }

    @Test
    void givenOutOfRangeSettings_thenTheyAreRejectedNamingTheFieldAndRange() {
        assertThatThrownBy(() -> new Settings(-1, 0)).hasMessageContaining("extraLatencyMillis must be in [0, 60000], was -1");
        assertThatThrownBy(() -> new Settings(60_001, 0)).hasMessageContaining("extraLatencyMillis");
        assertThatThrownBy(() -> new Settings(0, 1.01)).hasMessageContaining("failureRate must be in [0, 1], was 1.01");
        assertThatThrownBy(() -> new Settings(0, Double.NaN)).hasMessageContaining("failureRate");
        assertThat(new Settings(60_000, 1.0).extraLatencyMillis()).isEqualTo(60_000);
    }

    @Test
    void givenSettingsSwitchedWhileRequestsRun_thenEachRequestSeesOneWholeSettingNeverAMix() throws Exception {
        // Settings A = (7 ms, never fail), B = (no latency, always fail). A request that waited 7 ms
        // and then failed would have taken its latency from one and its failure rate from the other.
        Settings a = new Settings(7, 0.0);
        Settings b = new Settings(0, 1.0);
        ThreadLocal<Long> waited = ThreadLocal.withInitial(() -> 0L);
        var faults = new RecommendationFaults(waited::set, () -> 0.5);
        var mixed = new ConcurrentLinkedQueue<String>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch started = new CountDownLatch(3);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                workers.add(pool.submit(() -> {
                    started.countDown();
                    for (int i = 0; i < 20_000; i++) {
                        waited.set(0L);
                        Outcome outcome;
                        try {
                            outcome = faults.apply();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        if (waited.get() == 7 && outcome == Outcome.FAIL) {
                            mixed.add("request " + i + " waited and failed");
                        }
                    }
                }));
            }
            started.await();
            for (int i = 0; i < 20_000; i++) {
                faults.set(i % 2 == 0 ? a : b);
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(mixed).isEmpty();
        assertThat(faults.current()).isEqualTo(b);
    }
}
