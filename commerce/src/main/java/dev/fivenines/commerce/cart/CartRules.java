package dev.fivenines.commerce.cart;

/**
 * What a cart may hold. Quantities per line stay in [{@value #MIN_QUANTITY}, {@value #MAX_QUANTITY}];
 * a cart has at most {@value #MAX_LINES} lines. Rule breaks are values, so the HTTP edge can say
 * exactly what was wrong.
 */
public final class CartRules {
    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 999;
    public static final int MAX_LINES = 100;

    private CartRules() {
    }

    /** A quantity the cart will take, or the reason it will not. */
    public sealed interface QuantityCheck {
        record Accepted(int quantity) implements QuantityCheck {
        }

        record Rejected(String reason) implements QuantityCheck {
        }
    }

    /** Adding {@code added} units to a line that has {@code current} (0 if the product is not in the cart yet). */
    public static QuantityCheck add(String productId, int current, int added, int linesInCart) {
        long result = (long) current + added;
        if (added < MIN_QUANTITY) {
            return new QuantityCheck.Rejected("quantity to add must be at least " + MIN_QUANTITY + ", was " + added);
        }
        if (result > MAX_QUANTITY) {
            return new QuantityCheck.Rejected("product " + productId + " would have " + result + " units in the cart ("
                    + current + " already + " + added + "); at most " + MAX_QUANTITY + " per line");
        }
        return current == 0 ? newLine(linesInCart, (int) result) : new QuantityCheck.Accepted((int) result);
    }

    /** Setting a line's quantity to {@code quantity}. */
    public static QuantityCheck set(int current, int quantity, int linesInCart) {
        if (quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
            return new QuantityCheck.Rejected("quantity must be in [" + MIN_QUANTITY + ", " + MAX_QUANTITY + "], was " + quantity);
        }
        return current == 0 ? newLine(linesInCart, quantity) : new QuantityCheck.Accepted(quantity);
    }

    private static QuantityCheck newLine(int linesInCart, int quantity) {
        if (linesInCart >= MAX_LINES) {
            return new QuantityCheck.Rejected("a cart holds at most " + MAX_LINES + " different products");
        }
        return new QuantityCheck.Accepted(quantity);
    }
}
