package dev.fivenines.telemetry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The route templates a process serves ({@code /api/v1/carts/{cartId}/lines}), and which one a
 * concrete path belongs to. Span names and metric labels use the template, never the path, so a
 * thousand carts make one span name and one time series, not a thousand.
 *
 * <p>A template is literal segments and {@code {name}} segments (one non-empty path segment each).
 * When several match, the one with a literal segment where the others have a parameter wins, first
 * difference from the left ({@code /orders/{id}/cancel} over {@code /orders/{id}/{x}}).
 */
public final class RouteTemplates {
    /** What a path no template matches is called: one name for every unknown path. */
    public static final String UNMATCHED = "unmatched";

    private static final RouteTemplates NONE = new RouteTemplates(List.of());

    private record Template(String text, String[] segments) {
        boolean matches(String[] path) {
            if (path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (isParameter(segments[i]) ? path[i].isEmpty() : !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Literal before parameter at the first segment where two templates differ in kind. */
    private static final Comparator<Template> MOST_SPECIFIC_FIRST = (a, b) -> {
        for (int i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
            boolean pa = isParameter(a.segments[i]);
            boolean pb = isParameter(b.segments[i]);
            if (pa != pb) {
                return pa ? 1 : -1;
            }
        }
        return 0;
    };

    private final List<Template> templates;

    private RouteTemplates(List<Template> templates) {
        this.templates = templates;
    }

    /** No templates: every path is {@link #UNMATCHED} unless the server names the route it matched. */
    public static RouteTemplates none() {
        return NONE;
    }

    /**
     * @param templates absolute path templates; one that is not a template (a catch-all such as
     *                  {@code /api/v1/*}) is refused, since it would name unrelated routes alike
     */
    public static RouteTemplates of(Collection<String> templates) {
        List<Template> compiled = new ArrayList<>();
        for (String t : new LinkedHashSet<>(templates)) {
            if (!isTemplate(t)) {
                throw new IllegalArgumentException("'" + t + "' is not a route template: it must start with '/' and "
                        + "hold only literal and {name} segments");
            }
            compiled.add(new Template(t, split(t)));
        }
        compiled.sort(MOST_SPECIFIC_FIRST);
        return new RouteTemplates(List.copyOf(compiled));
    }

    /** The template {@code path} (no query string) belongs to, if any. */
    public Optional<String> match(String path) {
        if (path == null || !path.startsWith("/") || templates.isEmpty()) {
            return Optional.empty();
        }
        String[] segments = split(path);
        for (Template t : templates) {
            if (t.matches(segments)) {
                return Optional.of(t.text);
            }
        }
        return Optional.empty();
    }

    /** This table and {@code more}'s templates. */
    public RouteTemplates with(Collection<String> more) {
        List<String> all = new ArrayList<>(templates.stream().map(Template::text).toList());
        all.addAll(more);
        return of(all);
    }

    public List<String> templates() {
        return templates.stream().map(Template::text).toList();
    }

    /**
     * Whether a server's matched pattern names one route: an absolute path of literal and
     * {@code {name}} segments. A catch-all ({@code /api/v1/*}) or a regular expression does not.
     */
    public static boolean isTemplate(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            return false;
        }
        for (String segment : split(pattern)) {
            boolean parameter = isParameter(segment);
            if (!parameter && (segment.contains("*") || segment.contains("{") || segment.contains("}"))) {
                return false;
            }
            if (parameter && !segment.substring(1, segment.length() - 1).matches("[A-Za-z][A-Za-z0-9_]*")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] split(String path) {
        // "/a/b" -> [a, b]; a trailing slash is a segment of its own (empty), so "/a/" is not "/a".
        return path.substring(1).split("/", -1);
    }
}
