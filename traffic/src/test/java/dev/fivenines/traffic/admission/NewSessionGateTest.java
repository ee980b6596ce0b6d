package dev.fivenines.traffic.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NewSessionGateTest {
    private static final long INTERVAL = 100_000_000L;

    @Test
    void givenSessionsUnderWayAreShedTheShareForNewSessionsFallsOncePerIntervalAndRecoversStepwiseAfterwards() {
        long now = 5 * INTERVAL;
        NewSessionGate gate = new NewSessionGate(4, INTERVAL, now);
        assertThat(gate.factor(2, now)).isEqualTo(1.0);

        gate.underWayShed(2, now);
        gate.underWayShed(2, now + INTERVAL / 2);   // same interval: no second cut

        assertThat(gate.factor(2, now + INTERVAL / 2)).isCloseTo(NewSessionGate.DECREASE, within(1e-9));
        assertThat(gate.factor(1, now)).as("other classes are untouched").isEqualTo(1.0);
        gate.underWayShed(2, now + INTERVAL);
        double twice = NewSessionGate.DECREASE * NewSessionGate.DECREASE;
        assertThat(gate.factor(2, now + INTERVAL)).isCloseTo(twice, within(1e-9));

        // a whole interval after the last shed, one step back per interval that passed
        assertThat(gate.factor(2, now + 2 * INTERVAL - 1)).isCloseTo(twice, within(1e-9));
        assertThat(gate.factor(2, now + 3 * INTERVAL)).isCloseTo(twice + 2 * NewSessionGate.INCREASE, within(1e-9));
        assertThat(gate.factor(2, now + 100 * INTERVAL)).isEqualTo(1.0);
    }

    @Test
    void givenEndlessShedsOfSessionsUnderWayNewSessionsKeepAFloor() {
        NewSessionGate gate = new NewSessionGate(4, INTERVAL, 0);
        for (int i = 1; i <= 100; i++) {
            gate.underWayShed(3, i * INTERVAL);
        }
        assertThat(gate.factor(3, 100 * INTERVAL)).isEqualTo(NewSessionGate.MIN_FACTOR);
    }
}
