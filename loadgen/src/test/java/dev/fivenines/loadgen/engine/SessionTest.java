package dev.fivenines.loadgen.engine;

import dev.fivenines.loadgen.scenario.SessionKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SessionTest {
    private static double returningShare(SessionKind kind) {
        int n = 20_000;
        int returning = 0;
        for (long id = 0; id < n; id++) {
            if (Session.returning(id, kind)) {
                returning++;
            }
        }
        return (double) returning / n;
    }

    @Test
    void givenManySessions_buyersAreReturningCustomersThreeTimesAsOftenAsBrowsers() {
        assertThat(returningShare(SessionKind.BUY)).isCloseTo(0.6, within(0.02));
        assertThat(returningShare(SessionKind.CART)).isCloseTo(0.4, within(0.02));
        assertThat(returningShare(SessionKind.BROWSE)).isCloseTo(0.2, within(0.02));
        assertThat(returningShare(SessionKind.STATUS)).isEqualTo(1.0);
    }
}
