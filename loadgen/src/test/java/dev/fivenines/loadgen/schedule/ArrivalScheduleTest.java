package dev.fivenines.loadgen.schedule;

import dev.fivenines.loadgen.scenario.Arrivals;
import dev.fivenines.loadgen.scenario.Mix;
import dev.fivenines.loadgen.scenario.Phase;
import dev.fivenines.loadgen.scenario.SessionKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ArrivalScheduleTest {
    private static final Mix BROWSE = Mix.only(SessionKind.BROWSE);

    private static Phase steady(long millis, double rate) {
        return new Phase("p", millis, rate, rate, BROWSE);
    }

    private static List<ArrivalSchedule.Arrival> all(ArrivalSchedule s) {
        List<ArrivalSchedule.Arrival> out = new ArrayList<>();
        for (ArrivalSchedule.Arrival a = s.next(); a != null; a = s.next()) {
            out.add(a);
        }
        return out;
    }

    @Test
    void givenSeededPoissonAt100PerSecondFor1000Seconds_thenCountAndMeanGapAreWithinFourSigma() {
        RateCurve curve = new RateCurve(List.of(steady(1_000_000, 100)));
        List<ArrivalSchedule.Arrival> arrivals = all(new ArrivalSchedule(curve, Arrivals.POISSON, new SplittableRandom(42), 0));

        // Poisson count over 1000 s at 100/s: mean 100000, sd sqrt(100000) ~ 316.
        assertThat((double) arrivals.size()).isCloseTo(100_000, within(4 * 316.3));
        double[] gaps = gapsSeconds(arrivals);
        double mean = java.util.Arrays.stream(gaps).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / gaps.length);
        // Exponential gaps: mean 1/rate, and sd equal to the mean (coefficient of variation 1).
        assertThat(mean).isCloseTo(0.01, within(4 * 0.01 / Math.sqrt(gaps.length)));
        assertThat(sd / mean).isCloseTo(1.0, within(0.02));
    }

    @Test
    void givenTheSameSeed_thenTheScheduleIsIdentical_andAnotherSeedGivesAnotherOne() {
        RateCurve curve = new RateCurve(List.of(steady(10_000, 50)));
        List<ArrivalSchedule.Arrival> a = all(new ArrivalSchedule(curve, Arrivals.POISSON, new SplittableRandom(7), 0));
        List<ArrivalSchedule.Arrival> b = all(new ArrivalSchedule(curve, Arrivals.POISSON, new SplittableRandom(7), 0));
        List<ArrivalSchedule.Arrival> c = all(new ArrivalSchedule(curve, Arrivals.POISSON, new SplittableRandom(8), 0));

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void givenALinearRampFromZeroTo200_thenTheFirstHalfGetsAQuarterOfTheArrivals() {
        RateCurve curve = new RateCurve(List.of(new Phase("ramp", 100_000, 0, 200, BROWSE)));
        List<ArrivalSchedule.Arrival> arrivals = all(new ArrivalSchedule(curve, Arrivals.POISSON, new SplittableRandom(3), 0));

        long firstHalf = arrivals.stream().filter(a -> a.offsetNanos() < 50_000_000_000L).count();
        // Expected 0.5*100*50 = 2500 in the first half, 10000 in all (Poisson sd ~ 50 and ~100).
        assertThat((double) firstHalf).isCloseTo(2_500, within(4 * 50.0));
        assertThat((double) arrivals.size()).isCloseTo(10_000, within(4 * 100.0));
    }

    @Test
    void givenUniformArrivalsAt10PerSecond_thenTheyAre100MillisecondsApart() {
        RateCurve curve = new RateCurve(List.of(steady(1_000, 10)));
        List<ArrivalSchedule.Arrival> arrivals = all(new ArrivalSchedule(curve, Arrivals.UNIFORM, new SplittableRandom(1), 0));

        assertThat(arrivals).extracting(ArrivalSchedule.Arrival::offsetNanos)
                .containsExactly(50_000_000L, 150_000_000L, 250_000_000L, 350_000_000L, 450_000_000L,
                        550_000_000L, 650_000_000L, 750_000_000L, 850_000_000L, 950_000_000L);
    }

    @Test
    void givenASilentPhaseBetweenTwoBusyOnes_thenNoArrivalFallsInIt_andPhaseIndexesFollowTheCurve() {
        RateCurve curve = new RateCurve(List.of(steady(1_000, 100), steady(1_000, 0), steady(1_000, 100)));
        List<ArrivalSchedule.Arrival> arrivals = all(new ArrivalSchedule(curve, Arrivals.POISSON, new SplittableRandom(5), 0));

        assertThat(arrivals).noneMatch(a -> a.offsetNanos() >= 1_000_000_000L && a.offsetNanos() < 2_000_000_000L);
        assertThat(arrivals).anyMatch(a -> a.phaseIndex() == 0).anyMatch(a -> a.phaseIndex() == 2).noneMatch(a -> a.phaseIndex() == 1);
        assertThat(arrivals).allMatch(a -> (a.offsetNanos() < 1_000_000_000L) == (a.phaseIndex() == 0));
    }

    @Test
    void givenACountBound_thenTheScheduleStopsAfterThatManyArrivals() {
        RateCurve curve = new RateCurve(List.of(steady(1_000_000, 100)));
        List<ArrivalSchedule.Arrival> arrivals = all(new ArrivalSchedule(curve, Arrivals.POISSON, new SplittableRandom(5), 17));

        assertThat(arrivals).hasSize(17);
        assertThat(arrivals).extracting(ArrivalSchedule.Arrival::sequence).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 17).boxed().toList());
    }

    @Test
    void givenARampCurve_thenTheInverseIntegralIsExact() {
        RateCurve constant = new RateCurve(List.of(steady(10_000, 10)));
        RateCurve ramp = new RateCurve(List.of(new Phase("ramp", 10_000, 0, 10, BROWSE)));

        assertThat(constant.secondsWhenCumulative(25)).isCloseTo(2.5, within(1e-9));
        // rate(t) = t, so the integral is t^2/2: 8 arrivals are due by t = 4 s.
        assertThat(ramp.secondsWhenCumulative(8)).isCloseTo(4.0, within(1e-9));
        assertThat(ramp.secondsWhenCumulative(51)).isEqualTo(-1);
        assertThat(ramp.rateAt(2_500_000_000L)).isCloseTo(2.5, within(1e-9));
        assertThat(ramp.expectedArrivals()).isCloseTo(50, within(1e-9));
    }

    private static double[] gapsSeconds(List<ArrivalSchedule.Arrival> arrivals) {
        double[] gaps = new double[arrivals.size() - 1];
        for (int i = 1; i < arrivals.size(); i++) {
            gaps[i - 1] = (arrivals.get(i).offsetNanos() - arrivals.get(i - 1).offsetNanos()) / 1e9;
        }
        return gaps;
    }
}
