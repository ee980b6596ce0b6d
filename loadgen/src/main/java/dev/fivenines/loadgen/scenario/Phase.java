package dev.fivenines.loadgen.scenario;

import java.util.Objects;

/**
 * A stretch of a run: sessions arrive at a rate that moves linearly from {@code startRatePerSecond}
 * to {@code endRatePerSecond} over {@code durationMillis} (equal for a steady phase).
 */
public record Phase(String name, long durationMillis, double startRatePerSecond, double endRatePerSecond, Mix mix) {
    public Phase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mix, "mix");
    }

    public double rateAt(long offsetMillisInPhase) {
        if (durationMillis == 0) {
            return startRatePerSecond;
        }
        double fraction = Math.min(1.0, Math.max(0.0, (double) offsetMillisInPhase / durationMillis));
        return startRatePerSecond + (endRatePerSecond - startRatePerSecond) * fraction;
    }

    public double peakRatePerSecond() {
        return Math.max(startRatePerSecond, endRatePerSecond);
    }

    Phase scaled(double durationFactor, double rateFactor) {
        return new Phase(name, Math.max(1, Math.round(durationMillis * durationFactor)),
                startRatePerSecond * rateFactor, endRatePerSecond * rateFactor, mix);
    }
}
