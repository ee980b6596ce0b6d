package dev.fivenines.loadgen.stats;

import java.util.Map;

/**
 * One second of the run. Sessions started and dropped are counted by their intended start;
 * operations by when they completed (so {@code all.count} is the throughput in that second).
 */
public record SecondSummary(long second, long sessionsStarted, long sessionsDropped, OpSecond all, Map<String, OpSecond> ops) {
    public SecondSummary {
        ops = Map.copyOf(ops);
    }
}
