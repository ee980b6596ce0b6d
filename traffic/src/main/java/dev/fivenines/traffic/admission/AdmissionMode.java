package dev.fivenines.traffic.admission;

import dev.fivenines.base.ConfigException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a node admits requests. {@link #ADAPTIVE} is the product; the other two exist so benchmarks
 * can show, in the same run, what it protects against.
 */
public enum AdmissionMode {
    /** Adaptive limit partitioned by class, CoDel queues, value ranking (the default). */
    ADAPTIVE,
    /** A fixed Resilience4j bulkhead: N concurrent calls, a short wait, blind to class and value. */
    BULKHEAD,
    /** Everything admitted (forced shedding and quotas still apply). */
    OFF;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code adaptive|bulkhead|off} (and {@code on} = adaptive); {@code key} names the setting in errors. */
    public static AdmissionMode parse(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("on")) {
            return ADAPTIVE;
        }
        for (AdmissionMode mode : values()) {
            if (mode.configName().equals(v)) {
                return mode;
            }
        }
        List<String> legal = Arrays.stream(values()).map(AdmissionMode::configName).toList();
        throw new ConfigException(key + " must be one of " + legal + " (or 'on' = adaptive), was '" + value + "'");
    }
}
