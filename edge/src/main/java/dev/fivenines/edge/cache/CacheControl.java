package dev.fivenines.edge.cache;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The directives of one Cache-Control header (RFC 9111 §5.2) that a shared cache acts on. Unknown
 * directives are ignored, as the RFC says; a malformed delta-seconds is taken as absent, so an
 * answer that says nothing usable is not stored.
 */
public record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic,
                           OptionalLong maxAgeSeconds, OptionalLong sharedMaxAgeSeconds) {
    public static final CacheControl NONE = new CacheControl(false, false, false, false, OptionalLong.empty(),
            OptionalLong.empty());

    /** Parses the values of every Cache-Control header of a message, joined by commas; null is none. */
    public static CacheControl parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        boolean isPublic = false;
        OptionalLong maxAge = OptionalLong.empty();
        OptionalLong sMaxAge = OptionalLong.empty();
        for (String raw : value.split(",")) {
            String d = raw.trim().toLowerCase(Locale.ROOT);
            int eq = d.indexOf('=');
            String name = eq < 0 ? d : d.substring(0, eq).trim();
            String arg = eq < 0 ? null : d.substring(eq + 1).trim().replace("\"", "");
            switch (name) {
                case "no-store" -> noStore = true;
                // "no-cache" and "private" with field names restrict those fields; a whole-answer reading is the safe one.
                case "no-cache" -> noCache = true;
                case "private" -> isPrivate = true;
                case "public" -> isPublic = true;
                case "max-age" -> maxAge = seconds(arg);
                case "s-maxage" -> sMaxAge = seconds(arg);
                default -> {
                }
            }
        }
        return new CacheControl(noStore, noCache, isPrivate, isPublic, maxAge, sMaxAge);
    }

    /** How long a shared cache may keep the answer fresh: s-maxage over max-age; empty when neither. */
    public OptionalLong sharedFreshnessSeconds() {
        return sharedMaxAgeSeconds.isPresent() ? sharedMaxAgeSeconds : maxAgeSeconds;
    }

    private static OptionalLong seconds(String arg) {
        if (arg == null || arg.isEmpty() || arg.length() > 10) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < arg.length(); i++) {
            if (!Character.isDigit(arg.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(arg));
    }
}
