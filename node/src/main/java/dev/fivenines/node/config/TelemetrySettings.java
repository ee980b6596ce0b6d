package dev.fivenines.node.config;

import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import dev.fivenines.traffic.Criticality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the processes record of their traces (docs/configuration.md, "Traces"). Optional in the
 * file, and so is each key: absent means {@link #defaults()}.
 *
 * @param traceSampleRatios the fraction of new request traces kept per {@link Criticality}, most
 *                          critical first; a request's class comes from {@code traffic.routes}. A
 *                          trace a caller started (its {@code traceparent}) follows the caller's
 *                          decision. All 1.0 keeps every trace.
 */
public record TelemetrySettings(List<Double> traceSampleRatios) {
    /** Every checkout, cart and order-status trace; one in ten browsing and recommendations traces. */
    public static final List<Double> DEFAULT_TRACE_SAMPLE_RATIOS = List.of(1.0, 1.0, 0.1, 0.1);
    public static final String ENV_TRACE_SAMPLE_RATIOS = "FIVENINES_TRACE_SAMPLE_RATIOS";

    public TelemetrySettings {
        // Not List.copyOf: a null element must survive to validate(), which names it.
        traceSampleRatios = traceSampleRatios == null ? DEFAULT_TRACE_SAMPLE_RATIOS
                : Collections.unmodifiableList(new ArrayList<>(traceSampleRatios));
    }

    public static TelemetrySettings defaults() {
        return new TelemetrySettings(DEFAULT_TRACE_SAMPLE_RATIOS);
    }

    /** The fraction of new traces kept for requests of class {@code c}. */
    public double traceSampleRatio(Criticality c) {
        return traceSampleRatios.get(c.ordinal());
    }

    void validate() {
        checkRatios("telemetry.traceSampleRatios", traceSampleRatios);
    }

    /** From {@code FIVENINES_TRACE_SAMPLE_RATIOS}: the ratios comma-separated, most critical first. */
    static TelemetrySettings fromEnvironment(String value) {
        List<Double> ratios = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            try {
                ratios.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(ENV_TRACE_SAMPLE_RATIOS + " must be " + Criticality.values().length
                        + " comma-separated numbers in [0, 1], most critical first, was '" + value + "'");
            }
        }
        checkRatios(ENV_TRACE_SAMPLE_RATIOS, ratios);
        return new TelemetrySettings(ratios);
    }

    private static void checkRatios(String key, List<Double> ratios) {
        List<Criticality> classes = List.of(Criticality.values());
        if (ratios.size() != classes.size()) {
            throw new ConfigException(key + " must list " + classes.size() + " ratios, one per class most critical first "
                    + classes + ", was " + ratios.size() + ": " + ratios);
        }
        for (int i = 0; i < ratios.size(); i++) {
            Double ratio = ratios.get(i);
            if (ratio == null) {
                throw new ConfigException(key + "[" + i + "] (" + classes.get(i) + ") must be a number in [0.0, 1.0], was empty");
            }
            Check.inRange(key + "[" + i + "]", ratio, 0.0, 1.0);
        }
    }
}
