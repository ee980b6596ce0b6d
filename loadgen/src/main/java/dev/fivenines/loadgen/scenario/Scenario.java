package dev.fivenines.loadgen.scenario;

import dev.fivenines.base.Check;

import java.util.List;
import java.util.Objects;

/**
 * A workload: a sequence of phases (duration, arrival rate, session mix) plus the knobs every
 * session shares. Immutable; the {@code with...} methods return adjusted copies for CLI overrides.
 *
 * @param maxInFlight sessions allowed to run at once; an arrival beyond it is dropped by the generator
 *                    (counted, never silently lost)
 * @param maxSessions stop after this many arrivals even if phases remain (0 = no count bound)
 */
public record Scenario(String name, String description, Arrivals arrivals, int maxInFlight,
                       long requestTimeoutMillis, CheckoutRetry checkoutRetry, Catalog catalog,
                       FlashSale flashSale, List<Phase> phases, long maxSessions) {

    public static final int MAX_IN_FLIGHT_LIMIT = 100_000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 5_000;
    public static final double MAX_RATE_PER_SECOND = 100_000;

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(checkoutRetry, "checkoutRetry");
        Objects.requireNonNull(catalog, "catalog");
        phases = List.copyOf(phases);
        Check.argument(!phases.isEmpty(), "a scenario needs at least one phase");
        boolean needsFlashSale = phases.stream().anyMatch(p -> p.mix().includes(SessionKind.FLASH_BUY));
        Check.argument(!needsFlashSale || flashSale != null,
                "scenario %s mixes in flash-buy sessions but has no flashSale section", name);
    }

    public long totalDurationMillis() {
        return phases.stream().mapToLong(Phase::durationMillis).sum();
    }

    /** Stretches or shrinks every phase so that the whole run lasts {@code millis}. */
    public Scenario withDurationMillis(long millis) {
        Check.inRange("duration (ms)", millis, 1, ScenarioLoader.MAX_DURATION_MILLIS);
        double factor = (double) millis / totalDurationMillis();
        return withPhases(phases.stream().map(p -> p.scaled(factor, 1.0)).toList());
    }

    /**
     * Scales every phase's rate so the first phase starts at {@code ratePerSecond}; the shape of the
     * curve (a 10x Black Friday ramp, a diurnal swing) is kept.
     */
    public Scenario withBaseRate(double ratePerSecond) {
        Check.inRange("rate (sessions/s)", ratePerSecond, 0.001, MAX_RATE_PER_SECOND);
        double base = phases.get(0).startRatePerSecond();
        if (base <= 0) {
            base = phases.stream().mapToDouble(Phase::peakRatePerSecond).max().orElse(1.0);
        }
        double factor = ratePerSecond / base;
        return withPhases(phases.stream().map(p -> p.scaled(1.0, factor)).toList());
    }

    public Scenario withPhases(List<Phase> newPhases) {
        return new Scenario(name, description, arrivals, maxInFlight, requestTimeoutMillis, checkoutRetry,
                catalog, flashSale, newPhases, maxSessions);
    }

    public Scenario withMaxInFlight(int n) {
        Check.inRange("max-in-flight", n, 1, MAX_IN_FLIGHT_LIMIT);
        return new Scenario(name, description, arrivals, n, requestTimeoutMillis, checkoutRetry, catalog,
                flashSale, phases, maxSessions);
    }

    public Scenario withRequestTimeoutMillis(long millis) {
        Check.inRange("timeout (ms)", millis, 1, ScenarioLoader.MAX_TIMEOUT_MILLIS);
        return new Scenario(name, description, arrivals, maxInFlight, millis, checkoutRetry, catalog,
                flashSale, phases, maxSessions);
    }

    public Scenario withMaxSessions(long n) {
        Check.inRange("sessions", n, 0, Long.MAX_VALUE);
        return new Scenario(name, description, arrivals, maxInFlight, requestTimeoutMillis, checkoutRetry,
                catalog, flashSale, phases, n);
    }

    public Scenario withFlashSale(FlashSale sale) {
        return new Scenario(name, description, arrivals, maxInFlight, requestTimeoutMillis, checkoutRetry,
                catalog, sale, phases, maxSessions);
    }

    /** Every phase with the same mix: used by {@code --checkouts N} to buy and nothing else. */
    public Scenario withMix(Mix mix) {
        return withPhases(phases.stream()
                .map(p -> new Phase(p.name(), p.durationMillis(), p.startRatePerSecond(), p.endRatePerSecond(), mix))
                .toList());
    }
}
