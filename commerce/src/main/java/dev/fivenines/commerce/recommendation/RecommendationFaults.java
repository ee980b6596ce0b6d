package dev.fivenines.commerce.recommendation;

import dev.fivenines.base.Check;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * A fault switch on the recommendations route, for chaos experiments and for proving that a slow or
 * failing recommendations service does not hurt checkout. Thread-safe: the settings are one
 * immutable value swapped atomically, so a request sees either the old or the new settings whole.
 */
public final class RecommendationFaults {
    public static final long MAX_EXTRA_LATENCY_MILLIS = 60_000;

    /**
     * @param extraLatencyMillis added to every request, in [0, {@value #MAX_EXTRA_LATENCY_MILLIS}]
     * @param failureRate        share of requests answered 503, in [0, 1]
     */
    public record Settings(long extraLatencyMillis, double failureRate) {
        public static final Settings NONE = new Settings(0, 0.0);

        public Settings {
            Check.argument(extraLatencyMillis >= 0 && extraLatencyMillis <= MAX_EXTRA_LATENCY_MILLIS,
                    "extraLatencyMillis must be in [0, %s], was %s", MAX_EXTRA_LATENCY_MILLIS, extraLatencyMillis);
            Check.argument(failureRate >= 0.0 && failureRate <= 1.0,
                    "failureRate must be in [0, 1], was %s", failureRate);
        }
    }

    /** What the route must do after the faults were applied. Rejection is a value, not an exception. */
    public enum Outcome { PROCEED, FAIL }

    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.NONE);
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /**
     * @param random uniform in [0, 1); must be safe to call from many threads at once
     */
    public RecommendationFaults(Sleeper sleeper, DoubleSupplier random) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Settings current() {
        return settings.get();
    }

    public void set(Settings next) {
        settings.set(Objects.requireNonNull(next, "settings"));
    }

    public void clear() {
        settings.set(Settings.NONE);
    }

    /** Applies the current faults to one request: waits the extra latency, then draws failure. */
    public Outcome apply() throws InterruptedException {
        Settings now = settings.get();
        if (now.extraLatencyMillis() > 0) {
            sleeper.sleep(now.extraLatencyMillis());
        }
        // failureRate 0 never fails and 1 always does, since the draw is in [0, 1).
        return now.failureRate() > 0 && random.getAsDouble() < now.failureRate() ? Outcome.FAIL : Outcome.PROCEED;
    }
}
