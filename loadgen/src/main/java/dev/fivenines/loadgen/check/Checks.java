package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.History;

import java.util.List;
import java.util.Map;

/** Runs every checker over one history. Pure: the target's answers come in as {@link Observations}. */
public final class Checks {
    private Checks() {
    }

    /** @param observations what the shop said after the run, or null when no target was given */
    public static List<CheckResult> all(History history, Map<String, Long> stockOverride, Observations observations) {
        return List.of(
                NoOversell.check(history, stockOverride, observations),
                NoLostOrder.check(history, observations),
                NoDoubleCharge.check(history),
                ExactlyOnceEffects.check(history, observations));
    }

    public static boolean anyFailed(List<CheckResult> results) {
        return results.stream().anyMatch(CheckResult::failed);
    }
}
