package dev.fivenines.slo.budget;

import dev.fivenines.slo.spec.Objective;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BudgetTest {
    private static Objective target(String t) {
        return new Objective("o", "", new BigDecimal(t));
    }

    @Test
    void handComputedBudgets() {
        // 0.999 of 1,000 events allows exactly 1 bad one: the first spends it all, not all but 1e-16.
        BudgetStatus spentExactly = BudgetStatus.of(target("0.999"), Counts.ofBad(1, 1000));
        assertThat(spentExactly.exhausted()).isTrue();
        assertThat(spentExactly.remainingFraction()).isZero();
        assertThat(spentExactly.allowedBad()).isEqualByComparingTo("1");

        BudgetStatus noTraffic = BudgetStatus.of(target("0.999"), Counts.ZERO);
        assertThat(noTraffic.exhausted()).isFalse();
        assertThat(noTraffic.remainingFraction()).isEqualTo(1.0);

        BudgetStatus quarterSpent = BudgetStatus.of(target("0.99"), Counts.ofBad(5, 2000));
        assertThat(quarterSpent.remainingFraction()).isEqualTo(0.75);
        assertThat(quarterSpent.exhausted()).isFalse();
        assertThat(quarterSpent.remainingAtOrBelow(0.75)).isTrue();
        assertThat(quarterSpent.remainingAtOrBelow(0.7)).isFalse();

        BudgetStatus overspent = BudgetStatus.of(target("0.9995"), Counts.ofBad(3, 2000));
        assertThat(overspent.remainingFraction()).isEqualTo(-2.0);
        assertThat(overspent.exhausted()).isTrue();
    }

    @Test
    void burnRatesAgainstHandComputedCases() {
        assertThat(BurnRate.of(target("0.999"), Counts.ofBad(1, 1000))).isCloseTo(1.0, within(1e-12));
        assertThat(BurnRate.of(target("0.999"), Counts.ofBad(144, 10_000))).isCloseTo(14.4, within(1e-9));
        assertThat(BurnRate.of(target("0.9"), Counts.ofBad(100, 100))).isCloseTo(10.0, within(1e-12));
        assertThat(BurnRate.of(target("0.999"), Counts.ZERO)).isZero();
    }

    @Test
    void budgetsAgreeWithExactArithmeticOnSeededCases() {
        SplittableRandom random = new SplittableRandom(19);
        String[] targets = {"0.9", "0.99", "0.995", "0.999", "0.9995", "0.9999", "0.99999"};
        for (int i = 0; i < 5_000; i++) {
            String t = targets[random.nextInt(targets.length)];
            long total = random.nextInt(4) == 0 ? random.nextLong(10) : random.nextLong(1, 10_000_000);
            long bad = total == 0 ? 0 : random.nextLong(Math.min(total, 1_000) + 1);
            BudgetStatus s = BudgetStatus.of(target(t), Counts.ofBad(bad, total));
            // allowed = (1 - t) * total exactly; exhausted iff bad >= allowed, i.e. bad * 10^k >= (10^k - t*10^k) * total
            BigDecimal allowed = BigDecimal.ONE.subtract(new BigDecimal(t)).multiply(BigDecimal.valueOf(total));
            assertThat(s.exhausted()).as("t=%s bad=%s total=%s", t, bad, total)
                    .isEqualTo(total > 0 && BigDecimal.valueOf(bad).compareTo(allowed) >= 0);
            double expected = total == 0 ? 1.0 : 1.0 - bad / allowed.doubleValue();
            assertThat(s.remainingFraction()).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void countsRefuseImpossibleFigures() {
        assertThatThrownBy(() -> new Counts(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Counts(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rollingCountsKeepTheirSpanAndCountWindowEdgesByBucket() {
        RollingCounts counts = new RollingCounts(Duration.ofSeconds(1), Duration.ofSeconds(10));
        Instant t0 = Instant.parse("2026-12-07T00:00:00Z");
        for (int s = 0; s < 25; s++) {
            counts.add(t0.plusSeconds(s).plusMillis(500), 9, 10); // one bad event a second
        }
        Instant now = t0.plusSeconds(25);
        assertThat(counts.between(now.minusSeconds(5), now)).isEqualTo(new Counts(45, 50));
        // Only the last 10 s are kept, however far back one asks.
        assertThat(counts.between(now.minusSeconds(3600), now)).isEqualTo(new Counts(90, 100));
        // [from, to) by the buckets' starts: 20 s and 21 s, not 22 s.
        assertThat(counts.between(t0.plusSeconds(20), t0.plusSeconds(22))).isEqualTo(new Counts(18, 20));
        // An event older than the span is dropped, not added to the bucket now in its slot.
        counts.add(t0.plusSeconds(3), 0, 100);
        assertThat(counts.between(now.minusSeconds(10), now)).isEqualTo(new Counts(90, 100));
        assertThat(counts.between(now.plusSeconds(100), now.plusSeconds(105))).isEqualTo(Counts.ZERO);
    }
}
