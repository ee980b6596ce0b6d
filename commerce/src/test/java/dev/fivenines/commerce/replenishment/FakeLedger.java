package dev.fivenines.commerce.replenishment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A restocker that behaves like the ledger's idempotent restock and remembers every call. */
final class FakeLedger implements Restocker {
    record Call(String sku, int units, String receiptId) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Set<String> applied = new HashSet<>();
    private final Map<String, Integer> onHand = new HashMap<>();

    @Override
    public synchronized void restock(String sku, int units, String receiptId) {
        calls.add(new Call(sku, units, receiptId));
        if (applied.add(receiptId)) {
            onHand.merge(sku, units, Integer::sum);
        }
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized int onHand(String sku) {
        return onHand.getOrDefault(sku, 0);
    }
}
