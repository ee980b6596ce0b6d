package dev.fivenines.slo.alert;

import dev.fivenines.base.Check;
import dev.fivenines.slo.budget.BurnRate;
import dev.fivenines.slo.budget.Counts;
import dev.fivenines.slo.spec.Objective;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates multiwindow, multi-burn-rate alerts over counted events: a condition fires when both
 * of its windows, ending now, burn faster than its factor. Pure: the counts come from the caller's
 * store (the autopilot's, or a Prometheus-compatible source).
 */
public final class BurnRateAlerts {
    /** The events of [from, to) for one SLO objective. */
    @FunctionalInterface
    public interface CountSource {
        Counts between(Instant from, Instant to);
    }

    private final List<BurnWindow> windows;

    /** {@code compression} >= 1 divides every window (1 = real time). */
    public BurnRateAlerts(List<BurnWindow> windows, double compression) {
        Check.argument(compression >= 1 && compression <= 1_000_000, "time compression must be in [1, 1000000], was %s", compression);
        Check.argument(!windows.isEmpty(), "need at least one burn window");
        this.windows = windows.stream().map(w -> w.compressed(compression)).toList();
    }

    public List<BurnWindow> windows() {
        return windows;
    }

    /** The conditions firing at {@code now}, pages first, in the order of the windows. */
    public List<BurnAlert> evaluate(String sloId, Objective objective, CountSource source, Instant now) {
        List<BurnAlert> firing = new ArrayList<>();
        for (BurnWindow w : windows) {
            double longBurn = BurnRate.of(objective, source.between(now.minus(w.longWindow()), now));
            if (longBurn <= w.factor()) {
                continue;
            }
            double shortBurn = BurnRate.of(objective, source.between(now.minus(w.shortWindow()), now));
            if (shortBurn > w.factor()) {
                firing.add(new BurnAlert(sloId, w, longBurn, shortBurn, now));
            }
        }
        firing.sort(java.util.Comparator.comparing(BurnAlert::severity));
        return firing;
    }

    /** The longest window any condition reads: how much history a store must keep. */
    public Duration longestWindow() {
        return windows.stream().map(BurnWindow::longWindow).max(Duration::compareTo).orElseThrow();
    }
}
