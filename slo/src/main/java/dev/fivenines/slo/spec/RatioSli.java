package dev.fivenines.slo.spec;

import java.util.Optional;

/**
 * A ratio SLI from counters: good (or bad) events over all events. Each query is PromQL with
 * {@code {{.window}}} where the rate window goes, as Sloth writes them; the platform's own store
 * counts the same events per {@link Slo#journey() journey}.
 */
public record RatioSli(Optional<String> goodQuery, Optional<String> badQuery, String totalQuery) {
    public static final String WINDOW = "{{.window}}";

    /** The PromQL of the error ratio over {@code window} (such as "5m"). */
    public String errorRatioQuery(String window) {
        String total = totalQuery.replace(WINDOW, window);
        if (badQuery.isPresent()) {
            return "(" + badQuery.get().replace(WINDOW, window) + ")\n/\n(" + total + ")";
        }
        return "1 - ((" + goodQuery.orElseThrow().replace(WINDOW, window) + ")\n/\n(" + total + "))";
    }
}
