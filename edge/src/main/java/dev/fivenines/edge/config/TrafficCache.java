package dev.fivenines.edge.config;

import dev.fivenines.edge.cache.ResponseCache;

/**
 * Bounds of the edge's shared response cache of public answers (docs/traffic.md, "Response cache");
 * each field optional, absent means {@link ResponseCache.Settings#defaults()}.
 *
 * @param maxEntries    most answers kept
 * @param maxBytes      most bytes kept, bodies and headers together
 * @param maxEntryBytes largest single answer kept
 */
public record TrafficCache(Integer maxEntries, Long maxBytes, Integer maxEntryBytes) {
    public static TrafficCache defaults() {
        return new TrafficCache(null, null, null);
    }
}
