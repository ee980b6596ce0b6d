package dev.fivenines.commerce.cart;

import dev.fivenines.base.Check;
import dev.fivenines.base.Money;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A cart with its lines priced; one currency per cart. */
public record Cart(UUID id, String currency, CartStatus status, List<CartLine> lines) {
    public Cart {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
        for (CartLine line : lines) {
            Check.state(line.unitPrice().currency().equals(currency), "cart %s is in %s but line %s is in %s",
                    id, currency, line.productId(), line.unitPrice().currency());
        }
    }

    public Money total() {
        Money total = Money.zero(currency);
        for (CartLine line : lines) {
            total = total.plus(line.lineTotal());
        }
        return total;
    }

    public int itemCount() {
        int count = 0;
        for (CartLine line : lines) {
            count = Math.addExact(count, line.quantity());
        }
        return count;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public int quantityOf(String productId) {
        for (CartLine line : lines) {
            if (line.productId().equals(productId)) {
                return line.quantity();
            }
        }
        return 0;
    }
}
