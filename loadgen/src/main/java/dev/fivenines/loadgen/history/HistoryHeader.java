package dev.fivenines.loadgen.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * The first line of a history file: what was run, against what, and the stock the generator was
 * told is available per SKU (the oversell checker's bound when no --stock file is given).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HistoryHeader(String type, int version, String runId, String scenario, long seed, String target,
                            Instant startedAt, Map<String, Long> stock) {
    public static final String TYPE = "header";
    public static final int VERSION = 1;

    public HistoryHeader {
        stock = stock == null ? Map.of() : Map.copyOf(stock);
    }

    public static HistoryHeader of(String runId, String scenario, long seed, String target, Instant startedAt,
                                   Map<String, Long> stock) {
        return new HistoryHeader(TYPE, VERSION, runId, scenario, seed, target, startedAt, stock);
    }
}
