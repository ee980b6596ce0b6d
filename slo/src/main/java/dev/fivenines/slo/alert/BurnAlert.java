package dev.fivenines.slo.alert;

import java.time.Instant;

/** A firing burn-rate condition, with the figures that explain it. */
public record BurnAlert(String sloId, BurnWindow window, double longBurn, double shortBurn, Instant at) {
    public Severity severity() {
        return window.severity();
    }

    /** "checkout-availability: page, burning 20.1x over 1h and 33.0x over 5m (threshold 14.4x)". */
    public String explain() {
        return String.format(java.util.Locale.ROOT, "%s: %s, burning %.1fx over %s and %.1fx over %s (threshold %.1fx)", sloId,
                severity().name().toLowerCase(java.util.Locale.ROOT), longBurn, human(window.longWindow()), shortBurn,
                human(window.shortWindow()), window.factor());
    }

    /** 5m, 1h, 28d: the largest whole unit, as PromQL and the SLO files write durations (ms below a second). */
    public static String human(java.time.Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s > 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0 && s > 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }
}
