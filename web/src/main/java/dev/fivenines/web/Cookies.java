package dev.fivenines.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.List;

/** Reading cookies a request sent: the one parser of {@code Cookie} headers (RFC 6265 section 5.4). */
public final class Cookies {
    private Cookies() {
    }

    /** The first value of cookie {@code name} in {@code request}'s Cookie headers (unquoted), or null. */
    public static String first(Headers request, String name) {
        for (String line : request.all(HeaderNames.COOKIE, List::of)) {
            for (String pair : line.split(";")) {
                String p = pair.trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).trim().equals(name)) {
                    String value = p.substring(eq + 1).trim();
                    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }
}
