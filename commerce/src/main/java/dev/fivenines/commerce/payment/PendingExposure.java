package dev.fivenines.commerce.payment;

import java.util.Map;

/** What PENDING payments currently risk: how many orders, and their money per currency (minor units). */
public record PendingExposure(int orders, Map<String, Long> amountMinorByCurrency) {
    public PendingExposure {
        amountMinorByCurrency = Map.copyOf(amountMinorByCurrency);
    }

    public long amountMinor(String currency) {
        return amountMinorByCurrency.getOrDefault(currency, 0L);
    }
}
