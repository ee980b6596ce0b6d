package dev.fivenines.traffic;

import java.util.List;
import java.util.Objects;

/**
 * Maps a request (method, path) to its criticality: the first matching rule wins, otherwise the
 * fallback class. Rules come from config; {@link #defaults()} is the shop's table.
 */
public final class RouteClassifier {
    /** What an unlisted route gets: browsing-level, so unknown traffic is never protected like money. */
    public static final Criticality DEFAULT_FALLBACK = Criticality.SHEDDABLE_PLUS;

    private final List<RouteRule> rules;
    private final Criticality fallback;

    public RouteClassifier(List<RouteRule> rules, Criticality fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** The shop's default table (config may replace it). */
    public static List<RouteRule> defaultRules() {
        return List.of(
                RouteRule.of("POST", "/api/v1/checkout", Criticality.CRITICAL_PLUS),
                RouteRule.of("POST", "/api/v1/orders/*/cancel", Criticality.CRITICAL_PLUS),
                RouteRule.of("*", "/api/v1/payments/**", Criticality.CRITICAL_PLUS),
                RouteRule.of("*", "/api/v1/carts/**", Criticality.CRITICAL),
                RouteRule.of("GET", "/api/v1/orders/**", Criticality.CRITICAL),
                RouteRule.of("GET", "/api/v1/products/**", Criticality.SHEDDABLE_PLUS),
                RouteRule.of("GET", "/api/v1/categories/**", Criticality.SHEDDABLE_PLUS),
                RouteRule.of("GET", "/api/v1/search/**", Criticality.SHEDDABLE_PLUS),
                RouteRule.of("*", "/api/v1/recommendations/**", Criticality.SHEDDABLE),
                RouteRule.of("*", "/api/v1/analytics/**", Criticality.SHEDDABLE),
                RouteRule.of("*", "/api/v1/exports/**", Criticality.SHEDDABLE));
    }

    public static RouteClassifier defaults() {
        return new RouteClassifier(defaultRules(), DEFAULT_FALLBACK);
    }

    public Criticality classify(String method, String path) {
        for (RouteRule rule : rules) {
            if (rule.matches(method, path)) {
                return rule.criticality();
            }
        }
        return fallback;
    }

    /**
     * The class for a request that may carry a caller-declared class: a caller may lower its own
     * class (a batch job saying "shed me first") but never raise it above what the route earns.
     */
    public Criticality classify(String method, String path, String declaredHeader) {
        Criticality routed = classify(method, path);
        return Criticality.parse(declaredHeader).filter(d -> d.lessCriticalThan(routed)).orElse(routed);
    }

    public List<RouteRule> rules() {
        return rules;
    }

    public Criticality fallback() {
        return fallback;
    }
}
