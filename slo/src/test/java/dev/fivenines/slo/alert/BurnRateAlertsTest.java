package dev.fivenines.slo.alert;

import dev.fivenines.slo.budget.Counts;
import dev.fivenines.slo.budget.RollingCounts;
import dev.fivenines.slo.spec.Objective;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BurnRateAlertsTest {
    private static final Objective THREE_NINES = new Objective("o", "", new BigDecimal("0.999"));
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    /** Per-minute traffic of 1,000 events with {@code badPerMinute(minute)} bad ones, for {@code minutes}. */
    private static RollingCounts traffic(int minutes, java.util.function.IntUnaryOperator badPerMinute) {
        RollingCounts counts = new RollingCounts(Duration.ofMinutes(1), Duration.ofDays(4));
        for (int m = 0; m < minutes; m++) {
            int bad = badPerMinute.applyAsInt(m);
            counts.add(T0.plusSeconds(60L * m), 1000 - bad, 1000);
        }
        return counts;
    }

    @Test
    void aSteadyTwentyfoldBurnPagesOnBothPageConditionsAndTickets() {
        RollingCounts counts = traffic(7 * 60, m -> 20); // 2% errors = 20x the 0.1% budget
        BurnRateAlerts alerts = new BurnRateAlerts(BurnWindow.WORKBOOK, 1);

        List<BurnAlert> firing = alerts.evaluate("checkout", THREE_NINES, counts::between, T0.plus(Duration.ofHours(7)));

        assertThat(firing).extracting(BurnAlert::severity).containsExactly(Severity.PAGE, Severity.PAGE, Severity.TICKET, Severity.TICKET);
        assertThat(firing.getFirst().longBurn()).isEqualTo(20.0);
        assertThat(firing.getFirst().explain()).isEqualTo("checkout: page, burning 20.0x over 1h and 20.0x over 5m (threshold 14.4x)");
    }

    @Test
    void aTenfoldBurnPagesOnlyOnTheSixHourCondition() {
        RollingCounts counts = traffic(7 * 60, m -> 10);

        List<BurnAlert> firing = new BurnRateAlerts(BurnWindow.WORKBOOK, 1)
                .evaluate("checkout", THREE_NINES, counts::between, T0.plus(Duration.ofHours(7)));

        assertThat(firing).extracting(a -> a.window().longWindow())
                .containsExactly(Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));
    }

    @Test
    void aBurnThatStoppedTenMinutesAgoNoLongerPagesOnTheOneHourCondition() {
        // 50 minutes at 30x, then clean: the hour still burns 25x, its 5 min does not.
        RollingCounts counts = traffic(60, m -> m < 50 ? 30 : 0);

        List<BurnAlert> firing = new BurnRateAlerts(List.of(BurnWindow.WORKBOOK.getFirst()), 1)
                .evaluate("checkout", THREE_NINES, counts::between, T0.plus(Duration.ofHours(1)));

        assertThat(firing).isEmpty();
    }

    @Test
    void noTrafficAndAHealthyServiceRaiseNothing() {
        BurnRateAlerts alerts = new BurnRateAlerts(BurnWindow.WORKBOOK, 1);
        assertThat(alerts.evaluate("x", THREE_NINES, (from, to) -> Counts.ZERO, T0)).isEmpty();
        RollingCounts healthy = traffic(4 * 24 * 60 - 1, m -> m % 2); // 0.05%: half the budget's pace
        assertThat(alerts.evaluate("x", THREE_NINES, healthy::between, T0.plus(Duration.ofDays(4)))).isEmpty();
    }

    @Test
    void timeCompressionDividesEveryWindow() {
        BurnRateAlerts compressed = new BurnRateAlerts(BurnWindow.WORKBOOK, 3600);
        assertThat(compressed.windows().getFirst().longWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(compressed.windows().getFirst().shortWindow()).isEqualTo(Duration.ofNanos(83_333_333));
        assertThat(compressed.longestWindow()).isEqualTo(Duration.ofSeconds(72));

        // A second of 2% errors at 100 events per 10 ms pages at 3600x.
        RollingCounts counts = new RollingCounts(Duration.ofMillis(10), Duration.ofSeconds(80));
        for (int i = 0; i < 100; i++) {
            counts.add(T0.plusMillis(10L * i), 98, 100);
        }
        assertThat(compressed.evaluate("x", THREE_NINES, counts::between, T0.plusSeconds(1)))
                .extracting(BurnAlert::severity).startsWith(Severity.PAGE);
        assertThatThrownBy(() -> new BurnRateAlerts(BurnWindow.WORKBOOK, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
