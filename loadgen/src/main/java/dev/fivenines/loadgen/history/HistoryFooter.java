package dev.fivenines.loadgen.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The last line of a complete history: how the run ended. A history without one was cut short. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HistoryFooter(String type, long sessionsStarted, long sessionsDropped, long sessionsAbandoned,
                            long operations, long endMicros) {
    public static final String TYPE = "end";
}
