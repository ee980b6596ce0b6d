package dev.fivenines.traffic;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a request matters to the business, most critical first. The order of the constants is
 * the order of protection: under overload the last one is shed first and the first one last.
 */
public enum Criticality {
    /** Taking money: checkout, payment, cancelling an order. */
    CRITICAL_PLUS,
    /** Keeping a purchase on track: carts, order status. */
    CRITICAL,
    /** Browsing: product pages, categories, search. */
    SHEDDABLE_PLUS,
    /** Nice to have: recommendations, analytics, bulk exports. */
    SHEDDABLE;

    /** The header the class travels in to every downstream call. */
    public static final String HEADER = "X-Criticality";
    /** The OpenTelemetry baggage key the class travels in. */
    public static final String BAGGAGE_KEY = "fivenines.criticality";

    /** True when this class is strictly more critical than {@code other}. */
    public boolean moreCriticalThan(Criticality other) {
        return ordinal() < other.ordinal();
    }

    /** True when this class is strictly less critical than {@code other}. */
    public boolean lessCriticalThan(Criticality other) {
        return ordinal() > other.ordinal();
    }

    /** Parses a header or config value (case-insensitive, '-' or '_'); empty when it names no class. */
    public static Optional<Criticality> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Criticality c : values()) {
            if (c.name().equals(normalized)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
