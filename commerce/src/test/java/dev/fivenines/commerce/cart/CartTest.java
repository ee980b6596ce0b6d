package dev.fivenines.commerce.cart;

import dev.fivenines.base.Money;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CartTest {
    private static final UUID ID = UUID.fromString("00000000-0000-7000-8000-000000000001");

    @Test
    void givenLinesAtVariousPrices_whenTotalled_thenMinorUnitsAddUpExactly() {
        Cart cart = new Cart(ID, "USD", CartStatus.OPEN, List.of(
                new CartLine("a", "A", 3, Money.of("0.10", "USD")),
                new CartLine("b", "B", 1, Money.of("12.50", "USD")),
                new CartLine("c", "C", 999, Money.of("19.99", "USD"))));

        assertThat(cart.total()).isEqualTo(Money.of("19982.81", "USD"));
        assertThat(cart.total().toDecimalString()).isEqualTo("19982.81");
        assertThat(cart.itemCount()).isEqualTo(1003);
        assertThat(cart.quantityOf("b")).isEqualTo(1);
        assertThat(cart.quantityOf("zzz")).isZero();
    }

    @Test
    void givenAnEmptyCart_whenTotalled_thenZeroInItsCurrency() {
        Cart cart = new Cart(ID, "USD", CartStatus.OPEN, List.of());
        assertThat(cart.total()).isEqualTo(Money.zero("USD"));
        assertThat(cart.isEmpty()).isTrue();
    }

    @Test
    void givenALineInAnotherCurrency_whenTheCartIsBuilt_thenItIsRefused() {
        assertThatThrownBy(() -> new Cart(ID, "USD", CartStatus.OPEN, List.of(new CartLine("a", "A", 1, Money.of("1.00", "EUR")))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EUR");
    }

    @Test
    void givenQuantities_whenAddedWithinAndBeyondTheLimit_thenTheRuleAcceptsOrSaysWhy() {
        assertThat(CartRules.add("p", 0, 5, 0)).isEqualTo(new CartRules.QuantityCheck.Accepted(5));
        assertThat(CartRules.add("p", 990, 9, 1)).isEqualTo(new CartRules.QuantityCheck.Accepted(999));
        assertThat(CartRules.add("p", 990, 10, 1)).isInstanceOfSatisfying(CartRules.QuantityCheck.Rejected.class,
                r -> assertThat(r.reason()).contains("1000").contains("at most 999"));
        assertThat(CartRules.add("p", 0, 0, 0)).isInstanceOf(CartRules.QuantityCheck.Rejected.class);
        assertThat(CartRules.add("p", 0, -3, 0)).isInstanceOf(CartRules.QuantityCheck.Rejected.class);
        assertThat(CartRules.add("p", 1, Integer.MAX_VALUE, 1)).isInstanceOf(CartRules.QuantityCheck.Rejected.class);
    }

    @Test
    void givenAFullCart_whenANewProductIsAdded_thenRefusedButExistingLinesMayStillChange() {
        assertThat(CartRules.add("new", 0, 1, CartRules.MAX_LINES)).isInstanceOfSatisfying(CartRules.QuantityCheck.Rejected.class,
                r -> assertThat(r.reason()).contains("at most " + CartRules.MAX_LINES));
        assertThat(CartRules.add("old", 2, 1, CartRules.MAX_LINES)).isEqualTo(new CartRules.QuantityCheck.Accepted(3));
        assertThat(CartRules.set(2, 7, CartRules.MAX_LINES)).isEqualTo(new CartRules.QuantityCheck.Accepted(7));
        assertThat(CartRules.set(2, 1000, 1)).isInstanceOf(CartRules.QuantityCheck.Rejected.class);
        assertThat(CartRules.set(2, 0, 1)).isInstanceOf(CartRules.QuantityCheck.Rejected.class);
    }
}
