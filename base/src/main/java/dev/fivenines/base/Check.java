package dev.fivenines.base;

/**
 * Invariant checks that stay on in production (Java's {@code assert} is off by default). A failed
 * check is a bug, never a client error: it throws {@link IllegalStateException} with the facts.
 */
public final class Check {
    private Check() {
    }

    public static void state(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException("invariant violated: " + String.format(format, args));
        }
    }

    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    public static int inRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    public static long inRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    public static double inRange(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }
}
