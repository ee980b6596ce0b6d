package dev.fivenines.traffic;

import dev.fivenines.base.ConfigException;

import java.util.Locale;
import java.util.Objects;

/**
 * One line of the route table: an HTTP method ({@code *} for any) and a path pattern, mapped to a
 * class. In a pattern, {@code *} matches exactly one path segment and a trailing {@code **} matches
 * any number of segments (including none); everything else matches literally.
 */
public record RouteRule(String method, String path, Criticality criticality) {

    public RouteRule {
        Objects.requireNonNull(criticality, "criticality");
        if (method == null || method.isBlank()) {
            throw new ConfigException("route method is required ('*' for any), pattern '" + path + "'");
        }
        method = method.trim().toUpperCase(Locale.ROOT);
        if (path == null || !path.startsWith("/")) {
            throw new ConfigException("route path must start with '/', was '" + path + "'");
        }
        int doubleStar = path.indexOf("**");
        if (doubleStar >= 0 && doubleStar != path.length() - 2) {
            throw new ConfigException("'**' may only end a route path, was '" + path + "'");
        }
    }

    public static RouteRule of(String method, String path, Criticality criticality) {
        return new RouteRule(method, path, criticality);
    }

    public boolean matches(String requestMethod, String requestPath) {
        if (!method.equals("*") && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        String[] want = segments(path);
        String[] got = segments(requestPath);
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("**")) {
                return true;
            }
            if (i >= got.length || !(want[i].equals("*") || want[i].equals(got[i]))) {
                return false;
            }
        }
        return want.length == got.length;
    }

    private static String[] segments(String p) {
        String trimmed = p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
        return trimmed.substring(1).split("/", -1);
    }
}
