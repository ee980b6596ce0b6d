package dev.fivenines.loadgen.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One visitor's cookies, kept as a browser keeps them, so the edge can follow a session by the
 * cookie it issued (docs/loadgen.md, "Sessions"). A cookie with {@code Max-Age} above 0 or an
 * {@code Expires} is persistent: it outlives the visit, which is how a later visit of the same
 * browser comes back with it. {@code Max-Age=0} (or below) deletes. Paths, domains and expiry dates
 * are not checked: the generator talks to one shop, and a run is minutes long. Used by one session's
 * thread at a time.
 */
final class CookieJar {
    private record Cookie(String value, boolean persistent) {
    }

    private final Map<String, Cookie> cookies = new LinkedHashMap<>();

    /** Takes the Set-Cookie headers of one answer; a header that does not parse is ignored, as browsers do. */
    void accept(List<String> setCookies) {
        for (String line : setCookies) {
            String[] parts = line.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean persistent = false;
            boolean delete = false;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
                if (attribute.startsWith("max-age=")) {
                    try {
                        long maxAge = Long.parseLong(attribute.substring("max-age=".length()).trim());
                        persistent = maxAge > 0;
                        delete = maxAge <= 0;
                    } catch (NumberFormatException e) {
                        // RFC 6265: a Max-Age that is not a number is ignored
                    }
                } else if (attribute.startsWith("expires=")) {
                    persistent = true;
                }
            }
            if (delete) {
                cookies.remove(name);
            } else {
                cookies.put(name, new Cookie(value, persistent));
            }
        }
    }

    /** The Cookie header to send, or null when the jar is empty. */
    String header() {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        cookies.forEach((name, c) -> out.append(out.isEmpty() ? "" : "; ").append(name).append('=').append(c.value()));
        return out.toString();
    }

    /** The cookies that outlive this visit, by name. */
    Map<String, String> persistent() {
        Map<String, String> out = new LinkedHashMap<>();
        cookies.forEach((name, c) -> {
            if (c.persistent()) {
                out.put(name, c.value());
            }
        });
        return out;
    }

    /** Starts a visit with cookies an earlier visit of this browser kept. */
    void restore(Map<String, String> persistent) {
        persistent.forEach((name, value) -> cookies.put(name, new Cookie(value, true)));
    }

    boolean contains(String name) {
        return cookies.containsKey(name);
    }
}
