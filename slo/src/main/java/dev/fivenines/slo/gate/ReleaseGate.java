package dev.fivenines.slo.gate;

import dev.fivenines.base.Check;
import dev.fivenines.slo.alert.BurnAlert;
import dev.fivenines.slo.alert.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Freezes releases when reliability is spent: an SLO of the asked service (or of any, when none is
 * asked) whose remaining budget is at or below {@code freezeAtRemaining}, or whose page alert fires.
 * A break-glass override in force opens a frozen gate and says so. Pure: same states, same answer.
 */
public final class ReleaseGate {
    private final double freezeAtRemaining;

    /** {@code freezeAtRemaining} in [0, 1): 0 freezes once a budget is spent, 0.1 with a tenth left. */
    public ReleaseGate(double freezeAtRemaining) {
        Check.argument(freezeAtRemaining >= 0 && freezeAtRemaining < 1, "freezeAtRemaining must be in [0, 1), was %s", freezeAtRemaining);
        this.freezeAtRemaining = freezeAtRemaining;
    }

    public GateDecision decide(Optional<String> service, List<SloState> states, List<BreakGlass> overrides, Instant now) {
        List<String> reasons = new ArrayList<>();
        for (SloState s : states) {
            if (service.isPresent() && !service.get().equals(s.service())) {
                continue;
            }
            if (s.budget().remainingAtOrBelow(freezeAtRemaining)) {
                reasons.add(String.format(Locale.ROOT, "%s: %.1f%% of its error budget left (%d bad of %d events; freezes at %.1f%%)",
                        s.sloId(), 100 * Math.max(0, s.budget().remainingFraction()), s.budget().counts().bad(),
                        s.budget().counts().total(), 100 * freezeAtRemaining));
            }
            for (BurnAlert a : s.alerts()) {
                if (a.severity() == Severity.PAGE) {
                    reasons.add(a.explain());
                }
            }
        }
        if (reasons.isEmpty()) {
            return new GateDecision(true, List.of(), Optional.empty());
        }
        Optional<BreakGlass> override = overrides.stream().filter(o -> o.covers(service, now))
                .max(java.util.Comparator.comparing(BreakGlass::expires));
        return new GateDecision(override.isPresent(), reasons, override);
    }
}
