package dev.fivenines.commerce.payloads;

import dev.fivenines.base.Money;

/** Money on the wire: a decimal string (never a float) and an ISO 4217 code. */
public record MoneyJson(String amount, String currency) {
    public static MoneyJson of(Money money) {
        return new MoneyJson(money.toDecimalString(), money.currency());
    }

    public Money toMoney() {
        return Money.of(amount, currency);
    }
}
