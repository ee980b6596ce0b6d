package dev.fivenines.base;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount in minor units (cents) of an ISO 4217 currency. Integer arithmetic only, overflow
 * checked: money that silently wraps is worse than money that throws.
 */
public record Money(long minorUnits, String currency) {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be 3 upper-case letters, was '" + currency + "'");
        }
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public static Money of(String decimal, String currency) {
        return new Money(new BigDecimal(decimal).movePointRight(2).longValueExact(), currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money times(long quantity) {
        return new Money(Math.multiplyExact(minorUnits, quantity), currency);
    }

    public boolean isNegative() {
        return minorUnits < 0;
    }

    /** The amount as a decimal string with two fraction digits, e.g. "12.50". */
    public String toDecimalString() {
        return BigDecimal.valueOf(minorUnits, 2).toPlainString();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }
}
