package dev.fivenines.loadgen.stats;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, reported in milliseconds with
 * microsecond resolution. HdrHistogram reports the highest value equivalent to the percentile's
 * bucket, so a reported p99 is never below the true one (within 0.1%).
 */
public record LatencySummary(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50.0)),
                ms(micros.getValueAtPercentile(90.0)),
                ms(micros.getValueAtPercentile(99.0)),
                ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()),
                Math.round(micros.getMean()) / 1_000.0);
    }

    static double ms(long micros) {
        return micros / 1_000.0;
    }
}
