package dev.fivenines.loadgen.stats;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void givenLatenciesOf1To1000Milliseconds_thenPercentilesAreWithinTheHistogramsPrecision() {
        Histogram h = new Histogram(3);
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue(ms * 1_000L);
        }

        LatencySummary s = LatencySummary.of(h);

        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50Ms()).isCloseTo(500, within(0.5));
        assertThat(s.p90Ms()).isCloseTo(900, within(0.9));
        assertThat(s.p99Ms()).isCloseTo(990, within(1.0));
        assertThat(s.p999Ms()).isCloseTo(999, within(1.0));
        assertThat(s.maxMs()).isCloseTo(1000, within(1.0));
        assertThat(s.meanMs()).isCloseTo(500.5, within(0.5));
        assertThat(LatencySummary.of(new Histogram(3))).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void givenOperationsInThreeSeconds_thenTheTimelineCountsEachSecondAndItsErrors() {
        Stats stats = new Stats();
        stats.sessionStarted(100);
        stats.sessionStarted(SECOND + 5);
        stats.sessionDropped(SECOND + 6);
        stats.record("list", Outcome.OK, 10_000, 9_000, 200_000_000L);
        stats.record("list", Outcome.OK, 20_000, 9_000, SECOND + 1);
        stats.record("checkout", Outcome.SHED, 30_000, 9_000, SECOND + 2);
        stats.record("checkout", Outcome.OK, 40_000, 9_000, 3 * SECOND);

        StatsSnapshot snap = stats.snapshot();

        assertThat(snap.seconds()).hasSize(4);
        assertThat(snap.seconds().get(0).all().count()).isEqualTo(1);
        assertThat(snap.seconds().get(1).all().count()).isEqualTo(2);
        assertThat(snap.seconds().get(1).all().errors()).isEqualTo(1);
        assertThat(snap.seconds().get(1).ops().get("checkout").errors()).isEqualTo(1);
        assertThat(snap.seconds().get(1).sessionsStarted()).isEqualTo(1);
        assertThat(snap.seconds().get(1).sessionsDropped()).isEqualTo(1);
        assertThat(snap.seconds().get(2).all().count()).isZero();
        assertThat(snap.seconds().get(3).all().p99Ms()).isCloseTo(40, within(0.5));
        assertThat(snap.ops().get("checkout").count(Outcome.SHED)).isEqualTo(1);
        assertThat(snap.ops().get("checkout").errors()).isEqualTo(1);
        assertThat(snap.sessionsStarted()).isEqualTo(2);
        assertThat(snap.sessionsDropped()).isEqualTo(1);
    }

    @Test
    void givenAStragglerForASecondAlreadySummarised_thenItsCountAndMaxAreStillAdded() {
        Stats stats = new Stats();
        stats.record("list", Outcome.OK, 1_000, 1_000, 0);
        stats.record("list", Outcome.OK, 1_000, 1_000, 10 * SECOND); // closes second 0
        stats.record("list", Outcome.TIMEOUT, 5_000_000, 5_000_000, SECOND / 2); // arrives late for second 0

        StatsSnapshot snap = stats.snapshot();

        assertThat(snap.seconds().get(0).all().count()).isEqualTo(2);
        assertThat(snap.seconds().get(0).all().errors()).isEqualTo(1);
        assertThat(snap.seconds().get(0).all().maxMs()).isEqualTo(5_000.0);
        assertThat(snap.ops().get("list").latencyMicros().getTotalCount()).isEqualTo(3);
    }

    @Test
    void givenErrorsSoFar_thenTheProgressFiguresShowThemByClass() {
        Stats stats = new Stats();
        for (int i = 0; i < 5; i++) {
            stats.sessionStarted(i * 100_000_000L);
            stats.record("list", i == 0 ? Outcome.SHED : Outcome.OK, 50_000, 1_000, i * 100_000_000L);
        }
        stats.record("list", Outcome.TIMEOUT, 50_000, 1_000, 3 * SECOND);

        Stats.Progress p = stats.progress(3 * SECOND);

        assertThat(p.sessionsStarted()).isEqualTo(5);
        assertThat(p.lastSecondStarted()).isEqualTo(5);
        // Per-second histograms keep 2 significant digits: within 1%.
        assertThat(p.lastSecondP99Ms()).isCloseTo(50, within(0.5));
        assertThat(p.errors()).containsEntry(Outcome.SHED, 1L).containsEntry(Outcome.TIMEOUT, 1L).doesNotContainKey(Outcome.OK);
    }

    @Test
    void givenHttpStatuses_thenOutcomeClassesFollowTheApiContract() {
        assertThat(Outcome.of(201, null)).isEqualTo(Outcome.OK);
        assertThat(Outcome.of(409, "/problems/out-of-stock")).isEqualTo(Outcome.OUT_OF_STOCK);
        assertThat(Outcome.of(409, "/problems/conflict")).isEqualTo(Outcome.CLIENT_ERROR);
        assertThat(Outcome.of(402, null)).isEqualTo(Outcome.DECLINED);
        assertThat(Outcome.of(429, null)).isEqualTo(Outcome.THROTTLED);
        assertThat(Outcome.of(503, null)).isEqualTo(Outcome.SHED);
        assertThat(Outcome.of(502, null)).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(Outcome.OUT_OF_STOCK.isError()).isFalse();
        assertThat(Outcome.SHED.isError()).isTrue();
    }
}
