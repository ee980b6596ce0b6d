package dev.fivenines.slo.alert;

import java.time.Duration;
import java.util.List;

/**
 * One multiwindow burn-rate condition: both the long and the short window burn faster than
 * {@code factor} (the short one makes the alert stop soon after the burn does).
 */
public record BurnWindow(Severity severity, Duration longWindow, Duration shortWindow, double factor) {
    /**
     * The Site Reliability Workbook's set (chapter 5, "Alerting on SLOs", table 5-8): page at 14.4x
     * over 1 h and 5 min or 6x over 6 h and 30 min; ticket at 3x over 1 d and 2 h or 1x over 3 d and 6 h.
     */
    public static final List<BurnWindow> WORKBOOK = List.of(
            new BurnWindow(Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
            new BurnWindow(Severity.PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 6),
            new BurnWindow(Severity.TICKET, Duration.ofDays(1), Duration.ofHours(2), 3),
            new BurnWindow(Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 1));

    /** Both windows divided by {@code compression} (a test or a demo spends a budget in seconds). */
    public BurnWindow compressed(double compression) {
        return new BurnWindow(severity, divide(longWindow, compression), divide(shortWindow, compression), factor);
    }

    private static Duration divide(Duration d, double by) {
        return Duration.ofNanos(Math.max(1_000_000, Math.round(d.toNanos() / by)));
    }
}
