package dev.fivenines.loadgen.stats;

/** One operation (or all of them) during one second of the run: completions, errors and latency. */
public record OpSecond(long count, long errors, double p50Ms, double p99Ms, double maxMs) {
    public static final OpSecond EMPTY = new OpSecond(0, 0, 0, 0, 0);

    /** Adds an exchange that completed after this second was summarised: counts and max stay true. */
    OpSecond plusLate(boolean error, double latencyMs) {
        return new OpSecond(count + 1, errors + (error ? 1 : 0), p50Ms, p99Ms, Math.max(maxMs, latencyMs));
    }
}
