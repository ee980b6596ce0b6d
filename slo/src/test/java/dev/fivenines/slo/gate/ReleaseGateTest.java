package dev.fivenines.slo.gate;

import dev.fivenines.slo.alert.BurnAlert;
import dev.fivenines.slo.alert.BurnWindow;
import dev.fivenines.slo.budget.BudgetStatus;
import dev.fivenines.slo.budget.Counts;
import dev.fivenines.slo.spec.Objective;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseGateTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Objective THREE_NINES = new Objective("o", "", new BigDecimal("0.999"));
    private static final ReleaseGate GATE = new ReleaseGate(0);

    private static SloState state(String id, String service, long bad, long total, BurnAlert... alerts) {
        return new SloState(id, service, BudgetStatus.of(THREE_NINES, Counts.ofBad(bad, total)), List.of(alerts));
    }

    @Test
    void openWhileBudgetsLastAndNothingPages() {
        GateDecision d = GATE.decide(Optional.empty(), List.of(state("checkout-availability", "shop", 500, 1_000_000)), List.of(), NOW);

        assertThat(d.open()).isTrue();
        assertThat(d.exitCode()).isZero();
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void aSpentBudgetOrAPageFreezesAndSaysWhich() {
        BurnAlert page = new BurnAlert("add-to-cart", BurnWindow.WORKBOOK.getFirst(), 20, 30, NOW);
        BurnAlert ticket = new BurnAlert("add-to-cart", BurnWindow.WORKBOOK.get(2), 4, 5, NOW);
        List<SloState> states = List.of(state("checkout-availability", "shop", 1_000, 1_000_000),
                state("add-to-cart", "cart", 10, 1_000_000, page, ticket));

        GateDecision all = GATE.decide(Optional.empty(), states, List.of(), NOW);
        assertThat(all.open()).isFalse();
        assertThat(all.exitCode()).isEqualTo(3);
        assertThat(all.reasons()).containsExactly(
                "checkout-availability: 0.0% of its error budget left (1000 bad of 1000000 events; freezes at 0.0%)",
                "add-to-cart: page, burning 20.0x over 1h and 30.0x over 5m (threshold 14.4x)");

        // Asked for one service, only its SLOs count.
        assertThat(GATE.decide(Optional.of("shop"), states, List.of(), NOW).reasons()).hasSize(1);
        assertThat(GATE.decide(Optional.of("payments"), states, List.of(), NOW).open()).isTrue();
        // A ticket alone does not freeze.
        assertThat(GATE.decide(Optional.empty(), List.of(state("x", "s", 0, 10, ticket)), List.of(), NOW).open()).isTrue();
    }

    @Test
    void aFreezeLevelAboveZeroFreezesBeforeTheBudgetIsGone() {
        List<SloState> quarterLeft = List.of(state("checkout", "shop", 750, 1_000_000));
        assertThat(new ReleaseGate(0.25).decide(Optional.empty(), quarterLeft, List.of(), NOW).open()).isFalse();
        assertThat(new ReleaseGate(0.2).decide(Optional.empty(), quarterLeft, List.of(), NOW).open()).isTrue();
        assertThatThrownBy(() -> new ReleaseGate(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOverrideOpensAFrozenGateOnlyWhileInForceAndForItsService() {
        List<SloState> spent = List.of(state("checkout", "shop", 2_000, 1_000_000));
        BreakGlass forShop = new BreakGlass("ana", "hotfix for the payment outage", Optional.of("shop"), NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(1)));

        GateDecision opened = GATE.decide(Optional.of("shop"), spent, List.of(forShop), NOW);
        assertThat(opened.open()).isTrue();
        assertThat(opened.override()).contains(forShop);
        assertThat(opened.reasons()).as("still says what is wrong").hasSize(1);

        assertThat(GATE.decide(Optional.empty(), spent, List.of(forShop), NOW).open()).as("not for all services").isFalse();
        assertThat(GATE.decide(Optional.of("shop"), spent, List.of(forShop), NOW.plus(Duration.ofHours(2))).open()).as("expired").isFalse();
    }

    @Test
    void anOverrideNeedsAWhoAReasonAndAnExpiryWithinADay() {
        assertThatThrownBy(() -> new BreakGlass("ana", " ", Optional.empty(), NOW, NOW.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> new BreakGlass("", "why", Optional.empty(), NOW, NOW.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BreakGlass("ana", "why", Optional.empty(), NOW, NOW.plus(Duration.ofHours(25))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> new BreakGlass("ana", "why", Optional.empty(), NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
