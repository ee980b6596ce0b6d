package dev.fivenines.loadgen.scenario;

import dev.fivenines.base.ConfigException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them in scenario files and on the command line: 500ms, 60s, 2m, 1h. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** A bare number means seconds. */
    public static long parseMillis(String key, String text) {
        if (text == null) {
            throw new ConfigException(key + " is required: a duration such as 500ms, 60s, 2m or 1h");
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(key + " must be a duration such as 500ms, 60s, 2m or 1h, was '" + text + "'");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> throw new IllegalStateException("unit " + unit);
        };
        return Math.round(millis);
    }

    public static String format(long millis) {
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
