package dev.fivenines.slo.gate;

import java.util.List;
import java.util.Optional;

/**
 * Whether changes may go out now, and why: the SLOs that froze the gate, and the override that
 * opened it anyway if one did.
 */
public record GateDecision(boolean open, List<String> reasons, Optional<BreakGlass> override) {
    /** The CLI's exit code: 0 open, 3 frozen. */
    public static final int FROZEN_EXIT = 3;

    public GateDecision {
        reasons = List.copyOf(reasons);
    }

    public int exitCode() {
        return open ? 0 : FROZEN_EXIT;
    }
}
